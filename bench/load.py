"""Load benchmark: the main pages under 50 concurrent connections, served by granian with production settings.

Run from the repository root: ``.venv/bin/python bench/load.py [--quick] [--rebuild]``.

It builds the large program on PostgreSQL (``manage.py generate_program``, as bench/pages.py does, in a database
of its own) or reuses the one built today, makes real signed-in sessions for clinicians and the director, starts
granian with 2 workers on a free port of 127.0.0.1, and drives it with wrk (bench/load.lua):

1. a warm-up, then the mixed phase: Today, a client chart, a group session, a track roster and the worklist, for a
   mix of clinician and director sessions;
2. a warm-up, then the baseline phase: the login page alone, anonymous.

Prints each phase's figures on stderr, then one JSON line on stdout:
``{"mixed_rps": ..., "baseline_rps": ..., "ratio": ..., "p50_ms": ..., "p95_ms": ..., "errors": ...}``, where
ratio = baseline_rps / mixed_rps, the latencies are the mixed phase's and errors counts the measured phases'
socket errors and non-200 answers. Targets: ratio at most 7, p95 at most 500 ms, no errors.

``--quick`` (CI) measures a small program for 10 s per phase and exits 1 on any error or non-200 answer, but
not on the timing targets. Without PostgreSQL at --postgres-url the run is skipped with a message (exit 0).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

import pages  # bench/pages.py: how the program is built and cached, which objects the pages show

ROOT = Path(__file__).resolve().parent.parent
LUA = ROOT / "bench" / "load.lua"
VAR = pages.OUT / "load-var"
HOST = "127.0.0.1"
PG_BASE = "postgres://postgres@127.0.0.1:5432/"
REDIS_URL = "redis://127.0.0.1:6379/13"  # a database number of its own: its keys are the run's cache
MARK = "LOAD-JSON "
# Sessions per role: a clinic has many clinicians on its pages and one director.
SESSIONS = {"clinician": 8, "director": 2}
BOOT_SECONDS = 90
# An answer slower than this counts as an error (wrk's "timeout"). Generous: on a loaded machine 50 connections
# queue for seconds, and CI must fail on errors, not on slowness (the latencies show that).
WRK_TIMEOUT_SECONDS = 60
# Threads per granian worker, each holding its own PostgreSQL connection (CONN_MAX_AGE): granian's WSGI default
# (backpressure / 2, i.e. 256 per worker) lets 50 connections open 50 database connections and run out of
# PostgreSQL's 100 on a shared machine ("too many clients already"); with the GIL more threads add no speed.
THREADS = 8
DRAIN_SECONDS = 180


@dataclass(frozen=True)
class Target:
    """What wrk asks for: the session keys (none: anonymous) and the paths, each session asking each path."""

    cookie_name: str
    sessions: tuple[str, ...]
    paths: tuple[str, ...]


def _out(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _note(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


# ---- wrk -----------------------------------------------------------------------------------------------------


def parse_wrk(output: str) -> dict[str, Any]:
    """The figures bench/load.lua prints when wrk is done (the last LOAD-JSON line)."""
    for line in reversed(output.splitlines()):
        if line.startswith(MARK):
            figures: dict[str, Any] = json.loads(line.removeprefix(MARK))
            return figures
    raise ValueError("wrk printed no LOAD-JSON line; did it run bench/load.lua?")


def run_wrk(port: int, target: Target, *, seconds: int, connections: int = 50) -> dict[str, Any]:
    """One bounded wrk run against 127.0.0.1:port; one thread is enough for 50 connections and leaves the
    cores to the server."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", f"--timeout={WRK_TIMEOUT_SECONDS}s"]
    command += ["-s", str(LUA), f"http://{HOST}:{port}", "--", target.cookie_name]
    command += [",".join(target.sessions), ",".join(target.paths)]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + WRK_TIMEOUT_SECONDS + 30, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"wrk exited {done.returncode}: {done.stderr.strip()}")
    return parse_wrk(done.stdout)


def errors_in(figures: dict[str, Any]) -> int:
    return int(figures["non200"]) + sum(int(count) for count in figures["socket_errors"].values())


def summarize(mixed: dict[str, Any], baseline: dict[str, Any]) -> dict[str, Any]:
    mixed_rps, baseline_rps = float(mixed["rps"]), float(baseline["rps"])
    return {
        "mixed_rps": round(mixed_rps, 2),
        "baseline_rps": round(baseline_rps, 2),
        "ratio": round(baseline_rps / mixed_rps, 2) if mixed_rps else None,
        "p50_ms": mixed["p50_ms"],
        "p95_ms": mixed["p95_ms"],
        "errors": errors_in(mixed) + errors_in(baseline),
    }


# ---- the program and its sessions (Django, production settings, in this process) ------------------------------


def _environment(database_url: str, secret_key: str, cache_url: str) -> dict[str, str]:
    """Production settings as an operator sets them, on 127.0.0.1 only; shared by this process (which makes the
    sessions, signed with the same key) and granian. Production has Redis (the queue's, which is also the
    cache: sessions, kept pages); without one answering, each worker keeps its own cache in memory."""
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "DATABASE_URL": database_url,
        "DJANGO_SECRET_KEY": secret_key,
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_DEBUG": "false",
        "TRELLIS_VAR_DIR": str(VAR),
        "TRELLIS_CACHE_REDIS_URL": cache_url,
    }


def _redis_answers(url: str) -> bool:
    if not url:
        return False
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def _empty_cache(url: str) -> None:
    """The run's Redis database starts empty: kept pages are keyed by reader and activity stamp, and a program
    freshly built has no stamp yet, so a page kept from another program (the quick one, with the same seeded
    ids) would be shown, naming clients this database does not hold."""
    import redis

    redis.Redis.from_url(url, socket_connect_timeout=2).flushdb()


def _program_is_there(database_url: str) -> bool:
    """The marker says a program was built; the database must still hold it (someone may have dropped it)."""
    import psycopg

    try:
        with psycopg.connect(database_url, connect_timeout=3) as connection:
            row = connection.execute("SELECT 1 FROM accounts_user WHERE username = 'clinician'").fetchone()
    except psycopg.Error:
        return False
    return row is not None


def _forget_other_days() -> None:
    today = f"-{dt.datetime.now(dt.UTC):%Y%m%d}"
    for marker in pages.OUT.glob("load-*.built"):
        if today not in marker.name:
            marker.unlink()


def prepare_program(args: argparse.Namespace) -> Path:
    """Builds the program into args.postgres_url unless today's build is there; returns its marker."""
    pages.OUT.mkdir(parents=True, exist_ok=True)
    _forget_other_days()
    database = args.postgres_url.rsplit("/", 1)[1]
    marker = pages.OUT / f"load-{database}-{pages._program_key(args)}.built"
    if args.rebuild or not marker.exists() or not _program_is_there(args.postgres_url):
        marker.unlink(missing_ok=True)
        pages._reset_postgres(args.postgres_url)
        _note(f"building {pages._program_key(args)} in {database} ...")
    else:
        _note(f"reusing {pages._program_key(args)} in {database}")
    return marker


def _django_setup(environment: dict[str, str]) -> None:
    import logging

    import django

    os.environ.update(environment)
    sys.path.insert(0, str(ROOT))
    django.setup()
    logging.getLogger("axes").setLevel(logging.WARNING)  # a line per login is noise here


def _collect_static() -> None:
    """Pages name their stylesheets through the production manifest; the load never fetches them."""
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


def _signed_in_session(username: str) -> str:
    """A session key as a finished sign-in leaves it: logged in, and past the second step."""
    from django.conf import settings
    from django.test import Client as Browser

    from trellis.accounts.models import User

    browser = Browser()
    browser.force_login(User.objects.get(username=username))
    pages._mark_second_step_passed(browser)
    return str(browser.cookies[settings.SESSION_COOKIE_NAME].value)


def targets(args: argparse.Namespace, marker: Path) -> tuple[Target, Target]:
    """The mixed phase's sessions and pages, and the baseline's anonymous login page."""
    from django.conf import settings
    from django.db import connections
    from django.urls import reverse

    started = time.monotonic()
    if pages._build_if_needed(args, marker) is not None:
        _note(f"built in {time.monotonic() - started:.0f} s")
    _collect_static()
    subjects = pages._subjects()
    urls = {page: pages._url(page, kwargs) for page, kwargs in subjects.items()}
    paths = [url for url in urls.values() if url is not None]
    if len(paths) < len(urls):
        raise SystemExit(f"A page has no URL: {urls}")
    paths.append(reverse("worklist:list"))
    if args.pages:  # a subset, e.g. the cheap pages alone, to see what every page pays besides its own work
        paths = [url for page, url in urls.items() if page in args.pages.split(",") and url is not None]
    sessions = [_signed_in_session(user) for user, count in SESSIONS.items() for _ in range(count)]
    connections.close_all()
    cookie = settings.SESSION_COOKIE_NAME
    mixed = Target(cookie, tuple(sessions), tuple(paths))
    return mixed, Target(cookie, (), (reverse("accounts:login"),))


# ---- granian ---------------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def get(port: int, path: str, *, cookie: str = "") -> tuple[int, str]:
    """One request as the load sends it (behind the TLS proxy); the status and where a redirect leads."""
    headers = {"X-Forwarded-Proto": "https"} | ({"Cookie": cookie} if cookie else {})
    connection = http.client.HTTPConnection(HOST, port, timeout=WRK_TIMEOUT_SECONDS * 2)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Location") or ""
    finally:
        connection.close()


def _wait_until_ready(server: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + BOOT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"granian exited {server.returncode} before answering; see {log}")
        with contextlib.suppress(OSError):
            if get(port, "/readyz")[0] == 200:
                return
        time.sleep(0.5)
    raise RuntimeError(f"granian did not answer /readyz within {BOOT_SECONDS} s; see {log}")


def _stop(server: subprocess.Popen[bytes]) -> None:
    """Granian and its workers form their own process group: stop all of it, by force if it lingers."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


@contextlib.contextmanager
def granian(environment: dict[str, str], log: Path, *, threads: int) -> Iterator[int]:
    port = _free_port()
    command = [sys.executable, "-m", "granian", "--interface", "wsgi", "--host", HOST, "--port", str(port)]
    command += ["--workers", "2", "--blocking-threads", str(threads), "--no-ws", "config.wsgi:application"]
    env = {"PATH": os.environ["PATH"], "LANG": "C.UTF-8", **environment}
    with log.open("wb") as output:
        server = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            _wait_until_ready(server, port, log)
            yield port
        finally:
            _stop(server)


def _stop_on_sigterm() -> None:
    """SIGTERM (CI's timeout, `kill`) unwinds like Ctrl-C, so granian is stopped on the way out."""

    def leave(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, leave)


# ---- the run ---------------------------------------------------------------------------------------------------


def check_pages(port: int, mixed: Target) -> list[str]:
    """Each page for one session of each role, before any load: what did not answer 200. Asked twice, and the
    second time printed: a worker's first requests also load the URLs and compile the templates."""
    first_of_role, start = [], 0
    for count in SESSIONS.values():
        first_of_role.append(mixed.sessions[start])
        start += count
    refused = []
    for timed in (False, True):
        for role, session in zip(SESSIONS, first_of_role, strict=True):
            for path in mixed.paths:
                started = time.perf_counter()
                status, location = get(port, path, cookie=f"{mixed.cookie_name}={session}")
                if timed:
                    _note(f"alone: {role} {path} {status} in {(time.perf_counter() - started) * 1000:.0f} ms")
                if status != 200:
                    refused.append(f"{role} {path}: {status} {location}".rstrip())
    return refused


def drain(port: int) -> None:
    """Waits until the server has finished what the last phase left queued: wrk stops asking at the end of a
    phase, but granian still renders every request it accepted, which would slow the next phase."""
    started = time.monotonic()
    fast_in_a_row = 0
    while fast_in_a_row < 4 and time.monotonic() - started < DRAIN_SECONDS:
        asked = time.perf_counter()
        get(port, "/healthz")
        fast_in_a_row = fast_in_a_row + 1 if time.perf_counter() - asked < 0.1 else 0
    _note(f"drained in {time.monotonic() - started:.0f} s")


def measure(port: int, mixed: Target, baseline: Target, *, seconds: int, warmup: int) -> dict[str, Any]:
    phases: dict[str, Any] = {}
    for name, target in (("mixed", mixed), ("baseline", baseline)):
        _note(f"{name}: {warmup} s warm-up, then {seconds} s, 50 connections, {len(target.paths)} path(s)")
        phases[f"{name}_warmup"] = run_wrk(port, target, seconds=warmup)
        drain(port)  # else the phase starts with the warm-up's abandoned requests, which wrk does not count
        phases[name] = run_wrk(port, target, seconds=seconds)
        _note(f"{name}: {json.dumps(phases[name])}")
        drain(port)
    return phases


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="CI: small program, 10 s phases.")
    parser.add_argument("--clients", type=int)
    parser.add_argument("--sites", type=int)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seconds", type=int, help="Length of each measured phase.")
    parser.add_argument("--warmup", type=int, help="Length of the warm-up before each phase.")
    parser.add_argument("--threads", type=int, default=THREADS, help="Blocking threads per granian worker.")
    parser.add_argument("--rebuild", action="store_true", help="Build the program again even if cached.")
    parser.add_argument("--postgres-url")
    parser.add_argument(
        "--pages",
        help=f"Only these pages, comma-separated, each once ({', '.join(pages.PAGES)}); default: all.",
    )
    parser.add_argument(
        "--redis-url",
        default=REDIS_URL,
        help="The cache, as production's Redis; '' for none (each worker then keeps its own in memory).",
    )
    args = parser.parse_args()
    small = {"clients": 300, "sites": 2, "seconds": 10, "warmup": 3, "database": "trellis_load_quick"}
    large = {"clients": 5000, "sites": 20, "seconds": 20, "warmup": 5, "database": "trellis_load"}
    defaults = small if args.quick else large
    for name in ("clients", "sites", "seconds", "warmup"):
        if getattr(args, name) is None:
            setattr(args, name, defaults[name])
    args.postgres_url = args.postgres_url or PG_BASE + str(defaults["database"])
    return args


def main() -> int:
    args = _arguments()
    if not pages._postgres_reachable(args.postgres_url):
        _note(f"SKIPPED load benchmark: no PostgreSQL reachable at {args.postgres_url}")
        return 0
    if shutil.which("wrk") is None:
        _note("The load benchmark needs wrk: apt-get install -y wrk")
        return 2
    _stop_on_sigterm()
    marker = prepare_program(args)
    cache_url = args.redis_url if _redis_answers(args.redis_url) else ""
    if cache_url:
        _empty_cache(cache_url)
    _note(f"cache: {cache_url or 'in each process (no Redis answers)'}")
    environment = _environment(args.postgres_url, secrets.token_urlsafe(60), cache_url)
    _django_setup(environment)
    mixed, baseline = targets(args, marker)
    with granian(environment, pages.OUT / "load-granian.log", threads=args.threads) as port:
        refused = check_pages(port, mixed)
        for line in refused:
            _note(f"NOT 200: {line}")
        phases = measure(port, mixed, baseline, seconds=args.seconds, warmup=args.warmup)
    result = summarize(phases["mixed"], phases["baseline"])
    _out(json.dumps(result))
    unanswered = sum(int(phase["non200"]) for phase in phases.values()) + len(refused)
    if args.quick and (result["errors"] or unanswered):
        _note(f"FAILED: {result['errors']} error(s), {unanswered} answer(s) other than 200")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
