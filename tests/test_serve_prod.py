"""`make serve-prod` starts as the README says: against a fresh PostgreSQL database and Redis, with nothing but
the documented environment, it answers the health checks, the login page and its stylesheet, and refuses
anonymous API calls; stopping it stops both the web server and the task consumer."""

import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import redis
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
REDIS_URL = "redis://127.0.0.1:6379/11"
HOST = "127.0.0.1"
BOOT_SECONDS = 150  # migrating a fresh database takes most of it on a loaded 2-core machine


def _postgres_answers() -> bool:
    try:
        with psycopg.connect(PG_ADMIN, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def _redis_answers() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


# CI sets TRELLIS_REQUIRE_SERVICES: there a missing PostgreSQL or Redis fails the test instead of skipping it.
REQUIRED = bool(os.environ.get("TRELLIS_REQUIRE_SERVICES"))

pytestmark = [
    pytest.mark.serve_prod,
    pytest.mark.skipif(
        not REQUIRED and not _postgres_answers(), reason="no PostgreSQL answers at 127.0.0.1:5432"
    ),
    pytest.mark.skipif(not REQUIRED and not _redis_answers(), reason="no Redis answers at 127.0.0.1:6379"),
    # It makes its own PostgreSQL database, so `make test` runs it once, in the SQLite pass.
    pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="serve-prod runs in the SQLite pass"),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def fresh_database() -> Iterator[str]:
    name = f"trellis_serve_prod_{os.getpid()}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield f"postgres://postgres@127.0.0.1:5432/{name}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _production_environment(*, database_url: str, port: int, var_dir: Path) -> dict[str, str]:
    """Only what the README tells an operator to set, plus where this checkout keeps its files."""
    return {
        "PATH": os.environ["PATH"],
        "LANG": "C.UTF-8",
        "DATABASE_URL": database_url,
        "HUEY_REDIS_URL": REDIS_URL,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "trellis.example.org",
        "DJANGO_CSRF_TRUSTED_ORIGINS": "https://trellis.example.org",
        "PORT": str(port),
        "PYTHON": sys.executable,
        "TRELLIS_VAR_DIR": str(var_dir),
    }


def _get(port: int, path: str, *, behind_proxy: bool = True) -> tuple[int, dict[str, str], bytes]:
    """A request as the TLS proxy forwards it (or, for a load balancer's probe, by address over HTTP)."""
    headers = {"Host": "trellis.example.org", "X-Forwarded-Proto": "https"} if behind_proxy else {}
    connection = http.client.HTTPConnection(HOST, port, timeout=20)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def _wait_until_alive(server: subprocess.Popen[bytes], port: int) -> None:
    deadline = time.monotonic() + BOOT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"serve-prod exited with {server.returncode} before answering")
        try:
            if _get(port, "/healthz", behind_proxy=False)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail(f"serve-prod did not answer /healthz within {BOOT_SECONDS} s")


@pytest.fixture
def server(fresh_database: str, tmp_path: Path) -> Iterator[int]:
    port = _free_port()
    environment = _production_environment(database_url=fresh_database, port=port, var_dir=tmp_path / "var")
    log = (tmp_path / "serve-prod.log").open("wb")
    # A session of its own: stopping it the way systemd or Ctrl-C does reaches every process it started.
    process = subprocess.Popen(
        [str(ROOT / "config" / "serve-prod.sh")],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _wait_until_alive(process, port)
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()
    assert _process_group_is_gone(process.pid), "a process of serve-prod outlived SIGTERM"


def _process_group_is_gone(group: int) -> bool:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.2)
    return False


def test_it_serves_health_checks_pages_static_files_and_guards_the_api(server: int) -> None:
    # given serve-prod running on a fresh database (the fixture)
    # when a load balancer probes it by address over plain HTTP
    alive = _get(server, "/healthz", behind_proxy=False)
    ready = _get(server, "/readyz", behind_proxy=False)
    # then both answer, uncached
    assert (alive[0], alive[2]) == (200, b"ok\n")
    assert (ready[0], ready[2]) == (200, b"ready\n")
    assert alive[1]["cache-control"] == ready[1]["cache-control"] == "no-store"

    # when a person opens the login page through the TLS proxy
    status, _, page = _get(server, "/accounts/login/")
    # then it shows, styled by a hashed stylesheet that the app serves itself and browsers may cache for good
    assert status == 200
    assert b'name="password"' in page
    stylesheet = re.search(rb'<link rel="stylesheet" href="([^"]+)"', page)
    assert stylesheet is not None
    css_status, css_headers, css = _get(server, stylesheet.group(1).decode())
    assert css_status == 200
    assert css_headers["content-type"].startswith("text/css")
    assert "immutable" in css_headers["cache-control"]
    assert len(css) > 1000

    # when someone calls the API without credentials, then they are refused
    assert _get(server, "/api/v1/clients/")[0] in {401, 403}


def test_it_is_what_make_serve_prod_runs() -> None:
    recipe = subprocess.run(
        ["make", "-n", "serve-prod"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "./config/serve-prod.sh" in recipe
