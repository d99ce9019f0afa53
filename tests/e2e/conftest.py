"""A real server on a fresh database, and Debian's Chromium driven by Playwright.

The server runs in its own process, as in production, against a database migrated and seeded for the run.
Where no Chromium is installed the browser tests are skipped with a message, unless TRELLIS_REQUIRE_BROWSER
is set (CI), where they fail instead.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[Any]) -> None:
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(url: str, process: subprocess.Popen[bytes]) -> None:
    for _ in range(300):  # up to a minute: CI machines are shared and can be slow to start a server
        if process.poll() is not None:
            raise RuntimeError("The server stopped before it answered.")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"The server did not answer at {url}.")


@pytest.fixture(scope="session")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("TRELLIS_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing; CI must install Debian's chromium.")
        pytest.skip(f"SKIPPED browser tests: no {CHROMIUM} (apt-get install chromium to run them).")
    folder = tmp_path_factory.mktemp("e2e")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "TRELLIS_SQLITE_PATH": str(folder / "db.sqlite3"),
        "TRELLIS_VAR_DIR": str(folder),
        "DJANGO_DEBUG": "1",
    }
    env.pop("DATABASE_URL", None)
    run = {"cwd": ROOT, "env": env, "check": True}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], **run)  # type: ignore[call-overload]
    subprocess.run([sys.executable, "-m", "tests.e2e.seed"], **run)  # type: ignore[call-overload]
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.e2e.serve", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{url}/accounts/login/", process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser(server_url: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


# Every page reports each Content-Security-Policy violation to the test (the server's report endpoint only
# logs them); Chromium also prints "Refused to ..." to the console for each.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__trellisCspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} in ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


def watch_for_csp_violations(context: Any) -> list[str]:
    violations: list[str] = []
    context.expose_binding("__trellisCspViolation", lambda source, text: violations.append(text))
    context.add_init_script(REPORT_VIOLATIONS)

    def console(message: Any) -> None:
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    context.on("console", console)
    return violations


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1180, "height": 820})  # a landscape tablet
    violations = watch_for_csp_violations(context)
    yield context.new_page()
    context.close()
    assert violations == [], "the page broke its Content-Security-Policy"
