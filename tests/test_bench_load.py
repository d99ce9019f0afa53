"""The load benchmark's wrk script (bench/load.lua) asks for every page with every session, as the TLS proxy
forwards requests, and bench/load.py reads its counts: an answer other than 200 is an error, never a success.

Runs the real wrk for a second against a small local server; nothing here is timed."""

import importlib.util
import shutil
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"

pytestmark = pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")


def _load_bench() -> ModuleType:
    sys.path.insert(0, str(BENCH))  # bench/load.py imports its neighbour bench/pages.py
    try:
        spec = importlib.util.spec_from_file_location("bench_load", BENCH / "load.py")
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # its dataclass looks itself up there
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCH))


class _Clinic(BaseHTTPRequestHandler):
    """Answers /page only to a request with a session cookie that came through the proxy; /gone is missing."""

    seen: Counter[tuple[str, str]] = Counter()

    def do_GET(self) -> None:
        cookie = self.headers.get("Cookie", "")
        # This server's own count: a request of the previous test's run, still finishing on its server's
        # thread after that server shut down, must not count here.
        self.server.seen[(self.path, cookie)] += 1  # type: ignore[attr-defined]
        signed_in = cookie.startswith("sessionid=") and self.headers.get("X-Forwarded-Proto") == "https"
        status = 404 if self.path == "/gone" else 200 if signed_in else 302
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def clinic() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Clinic)
    server.seen = _Clinic.seen = Counter()  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_it_asks_each_page_with_each_session_and_counts_what_is_not_200(clinic: int) -> None:
    bench = _load_bench()
    target = bench.Target("sessionid", ("key1", "key2"), ("/page", "/gone"))

    figures = bench.run_wrk(clinic, target, seconds=1, connections=4)

    asked = {(path, cookie) for path, cookie in _Clinic.seen}
    assert asked == {(path, f"sessionid={key}") for path in ("/page", "/gone") for key in ("key1", "key2")}
    assert figures["statuses"].keys() == {"200", "404"}  # every /page answered: cookies and proxy header sent
    assert figures["non200"] == figures["statuses"]["404"] > 0
    assert bench.summarize(figures, figures)["errors"] == 2 * figures["non200"]


def test_it_asks_anonymously_when_given_no_session(clinic: int) -> None:
    bench = _load_bench()

    figures = bench.run_wrk(clinic, bench.Target("sessionid", (), ("/page",)), seconds=1, connections=2)

    assert {cookie for _, cookie in _Clinic.seen} == {""}
    assert figures["non200"] == figures["statuses"]["302"] == figures["answered"] > 0
