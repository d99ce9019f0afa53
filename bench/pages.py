"""Page benchmark: the five main pages against a 5,000-client program, on SQLite and PostgreSQL.

Run from the repository root: ``.venv/bin/python bench/pages.py [--clients 5000] [--runs 20] [--rebuild]``.
For each database (SQLite always; PostgreSQL when one answers at --postgres-url) it builds the program with
``manage.py generate_program`` into a fresh database, or reuses the one built today (cached under bench/out/),
then renders Today, a client chart, a group session, a track roster and the worklist with django.test.Client, logged in
as a director and as a clinician. Prints a table, then one JSON line: a list with one object per database.
Each page has its median wall time, its median CPU time in this process (steadier on a shared machine; with
SQLite it includes the database's work, with PostgreSQL not the server's), and its queries. The chart also
shows its worklist panel alone and the chart less that panel (paired per run). With --cold each page is
measured a second time read afresh: before every request (untimed) the organization's activity and setup
stamps are renewed, as by a write that names no client, so nothing kept is shown ("pages_cold",
"pages_as_clinician_cold").

Each database is measured in a child process of this script, because Django settles on its database once,
at setup.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PG_URL = "postgres://postgres@127.0.0.1:5432/trellis_bench"
# Page name -> URL name.
PAGES = {
    "today": ("today",),
    "chart": ("clients:chart",),
    "session": ("attendance:session",),
    "track_roster": ("episodes:track_roster",),
    "worklist": ("worklist:list",),
}
USERS = ("director", "clinician")


def _out(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _note(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def _program_key(args: argparse.Namespace) -> str:
    # Dated: the program is generated around today, and Today must find today's sessions.
    return f"{args.clients}c-{args.sites}s-{args.weeks}w-seed{args.seed}-{dt.datetime.now(dt.UTC):%Y%m%d}"


# ---- child: one database, Django configured for it -------------------------------------------------------


def _build_if_needed(args: argparse.Namespace, marker: Path) -> float | None:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    if marker.exists() and not args.rebuild and _program_present():
        return None
    started = time.monotonic()
    call_command(
        "generate_program",
        sites=args.sites,
        clients=args.clients,
        weeks=args.weeks,
        seed=args.seed,
        stdout=sys.stderr,
    )
    if connection.vendor == "postgresql":
        # Fresh tables have no statistics until autovacuum gets round to them (minutes on a busy machine):
        # without them the planner nests loops over 100,000-row tables, and the pages time the planner's guess.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    marker.write_text(_program_key(args))
    return time.monotonic() - started


def _program_present() -> bool:
    """Whether the database holds the program (a marker outlives a database dropped by hand or another run)."""
    from trellis.demo.bulk_structure import BULK_ORGANIZATION_NAME
    from trellis.programs.models import Organization

    return Organization.objects.filter(name=BULK_ORGANIZATION_NAME).exists()


def _subjects() -> dict[str, Any]:
    """The pages' objects, as the clinician would find them: their track, its session today, a busy client."""
    from django.db.models import Count

    from trellis.accounts.models import User
    from trellis.clients.models import Client
    from trellis.core import clock
    from trellis.programs.models import Track
    from trellis.scheduling.models import GroupSession

    clinician = User.objects.get(username="clinician")
    track = Track.objects.filter(groups__facilitator=clinician).order_by("name").first()
    if track is None:
        raise SystemExit("The clinician facilitates no group.")
    today = clock.today_in(track.site.timezone)
    sessions = GroupSession.objects.filter(track=track)
    session = (
        sessions.filter(date=today).first() or sessions.filter(date__lte=today).order_by("-date").first()
    )
    client = (
        Client.objects.filter(site=track.site, episodes__discharged_on__isnull=True)
        .annotate(marks=Count("attendance"))
        .order_by("-marks", "chart_number")
        .first()
    )
    if session is None or client is None:
        raise SystemExit("The program has no session or no active client to show.")
    return {
        "today": {},
        "chart": {"pk": client.pk},
        "session": {"pk": session.pk},
        "track_roster": {"pk": track.pk},
        "worklist": {},
    }


def _url(page: str, kwargs: dict[str, Any]) -> str | None:
    from django.urls import NoReverseMatch, reverse

    for name in PAGES[page]:
        try:
            return reverse(name, kwargs=kwargs or None)
        except NoReverseMatch:
            continue
    return None


def _mark_second_step_passed(browser: Any) -> None:
    """force_login makes a session with no second-step mark, which the MFA gate holds at the code page; the
    benchmark measures the pages behind it, so it marks the session as a finished sign-in would."""
    from trellis.accounts.mfa import PASSED_AT, RECENT_AT
    from trellis.core import clock

    session = browser.session
    now = clock.now().timestamp()
    session[PASSED_AT] = now
    session[RECENT_AT] = now
    session.save()


def _once(request: Any) -> tuple[float, float, int]:
    """Wall and CPU time (this process: Python, and SQLite's own work) of one call, in ms, and its queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        started, started_cpu = time.perf_counter(), time.process_time()
        request()
        wall, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    return wall * 1000, cpu * 1000, len(captured.captured_queries)


def _figures(samples: list[tuple[float, float, int]]) -> dict[str, Any]:
    """Medians of wall and CPU time, and the last run's queries. On a shared machine the CPU time moves far
    less than the wall time when others are busy."""
    return {
        "median_ms": round(statistics.median(s[0] for s in samples), 1),
        "cpu_ms": round(statistics.median(s[1] for s in samples), 1),
        "queries": samples[-1][2],
    }


def _nothing() -> None:
    return None


def _timed(runs: int, request: Any, before: Any = _nothing) -> dict[str, Any]:
    samples = []
    for _ in range(runs):
        before()  # not timed
        samples.append(_once(request))
    return _figures(samples)


def _timed_less(
    runs: int, request: Any, part: Any, before: Any = _nothing
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The page, a part of it rendered alone right after each request, and per run the page less the part
    (paired, so a busy moment weighs on both sides of the difference)."""
    pages, parts, less = [], [], []
    for _ in range(runs):
        before()
        page = _once(request)
        before()
        alone = _once(part)
        pages.append(page)
        parts.append(alone)
        less.append((page[0] - alone[0], page[1] - alone[1], page[2] - alone[2]))
    return _figures(pages), _figures(parts), _figures(less)


def _worklist_panel(username: str, client_pk: Any) -> Any:
    """The chart's worklist panel alone, rendered as the chart renders it: it is read on every request (the
    rest of the chart is kept rendered), and issue 14 counts the chart without it."""
    from django.template import Context, Template
    from django.test import RequestFactory

    from trellis.accounts.models import User
    from trellis.clients.models import Client

    request = RequestFactory().get("/")
    request.user = User.objects.get(username=username)
    client = Client.objects.get(pk=client_pk)
    panel = Template("{% load worklist_panels %}{% worklist_chart_panel c %}")
    return lambda: panel.render(Context({"request": request, "c": client}))


def _renewing_stamps(username: str) -> Any:
    """What --cold runs before each request: the organization's stamps renewed, as by a write that names no
    client (clients.chart_stamps), so every kept page and chart is read afresh."""
    from trellis.accounts.models import User
    from trellis.clients import chart_stamps

    organization_id = User.objects.get(username=username).organization_id
    return lambda: chart_stamps.touch(changes=[(None, None, organization_id)])


def _measure(username: str, subjects: dict[str, Any], runs: int, *, cold: bool = False) -> dict[str, Any]:
    from django.test import Client as Browser

    from trellis.accounts.models import User

    before = _renewing_stamps(username) if cold else _nothing

    browser = Browser()
    browser.force_login(User.objects.get(username=username))
    _mark_second_step_passed(browser)
    results: dict[str, Any] = {}
    for page, kwargs in subjects.items():
        url = _url(page, kwargs)
        if url is None:
            results[page] = {"error": f"no URL named {' or '.join(PAGES[page])}"}
            continue
        first = browser.get(url)  # warms template and query caches; not counted
        if first.status_code != 200:
            results[page] = {"error": f"HTTP {first.status_code}", "url": url}
            continue
        if page != "chart":
            results[page] = _timed(runs, lambda url=url: browser.get(url), before)
            continue
        panel = _worklist_panel(username, kwargs["pk"])
        panel()  # warms as the page's first request did
        figures = _timed_less(runs, lambda url=url: browser.get(url), panel, before)
        results[page], results["chart_worklist_panel"], results["chart_less_panel"] = figures
    return results


def child(args: argparse.Namespace) -> None:
    import logging

    import django

    django.setup()
    logging.getLogger("axes").setLevel(logging.WARNING)  # one line per force_login is noise here
    build_seconds = _build_if_needed(args, Path(args.marker))
    subjects = _subjects()
    report: dict[str, Any] = {"database": args.child, "clients": args.clients}
    if build_seconds is not None:
        report["build_s"] = round(build_seconds, 1)
    for username in USERS:
        _note(f"[{args.child}] measuring as {username} ...")
        pages = _measure(username, subjects, args.runs)
        key = "pages" if username == "director" else f"pages_as_{username}"
        report[key] = pages
        if args.cold:
            _note(f"[{args.child}] measuring as {username}, cold ...")
            report[f"{key}_cold"] = _measure(username, subjects, args.runs, cold=True)
    _out(json.dumps(report))


# ---- parent: one child per database ------------------------------------------------------------------------


def _postgres_reachable(url: str) -> bool:
    check = subprocess.run([sys.executable, "-m", "trellis.core.pgcheck", url], cwd=ROOT, check=False)
    return check.returncode == 0


def _reset_postgres(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    _postgres_reachable(url)  # creates it again, empty


def _forget_other_days() -> None:
    """Programs are built around the day they were built on; those of other days are of no more use."""
    today = f"-{dt.datetime.now(dt.UTC):%Y%m%d}"
    for path in OUT.glob("*"):
        if (
            path.is_file()
            and path.name.startswith(("pages-", "sqlite-", "postgresql-"))
            and today not in path.name
        ):
            path.unlink()


def _marker(args: argparse.Namespace, database: str) -> Path:
    """The file that says today's program is built. PostgreSQL's names its database, so a run against another
    database (each helper on a shared server has its own) builds there instead of reusing an empty one."""
    if database == "postgresql":
        return OUT / f"postgresql-{args.postgres_url.rsplit('/', 1)[1]}-{_program_key(args)}.built"
    return OUT / f"{database}-{_program_key(args)}.built"


def _run_child(args: argparse.Namespace, database: str, env: dict[str, str]) -> dict[str, Any]:
    marker = _marker(args, database)
    command = [sys.executable, __file__, "--child", database, "--marker", str(marker)]
    command += ["--clients", str(args.clients), "--sites", str(args.sites), "--weeks", str(args.weeks)]
    command += ["--seed", str(args.seed), "--runs", str(args.runs)] + (["--rebuild"] if args.rebuild else [])
    command += ["--cold"] if args.cold else []
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DJANGO_DEBUG": "false",  # time pages as they are served, not with debug tooling
        "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "TRELLIS_VAR_DIR": str(OUT / "var"),
        **env,
    }
    _note(
        f"[{database}] {'building' if args.rebuild or not marker.exists() else 'reusing'} {_program_key(args)}"
    )
    done = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=False)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        return {"database": database, "clients": args.clients, "error": f"child exited {done.returncode}"}
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def _run_sqlite(args: argparse.Namespace) -> dict[str, Any]:
    sqlite_path = OUT / f"pages-{_program_key(args)}.sqlite3"
    if args.rebuild or not _marker(args, "sqlite").exists():
        for stale in OUT.glob(f"{sqlite_path.name}*"):
            stale.unlink()
    return _run_child(args, "sqlite", {"TRELLIS_SQLITE_PATH": str(sqlite_path), "DATABASE_URL": ""})


def _table(reports: list[dict[str, Any]]) -> None:
    _out(f"\n{'database':<10} {'as':<10} {'page':<21} {'median ms':>10} {'cpu ms':>8} {'queries':>8}")
    for report in reports:
        for key, pages in report.items():
            if not key.startswith("pages"):
                continue
            who = "director" if key.startswith("pages_cold") or key == "pages" else key.split("_")[2]
            who += " cold" if key.endswith("_cold") else ""
            for page, figures in pages.items():
                median = figures.get("median_ms", figures.get("error", ""))
                cpu, queries = figures.get("cpu_ms", ""), figures.get("queries", "")
                _out(
                    f"{report['database']:<10} {who:<10} {page:<21} {median!s:>10} {cpu!s:>8} {queries!s:>8}"
                )
        if "error" in report:
            _out(f"{report['database']:<10} {report['error']}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=5000)
    parser.add_argument("--sites", type=int, default=20)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--rebuild", action="store_true", help="Build the program again even if cached.")
    parser.add_argument("--postgres-url", default=PG_URL)
    parser.add_argument(
        "--cold",
        action="store_true",
        help="Also measure every page read afresh: the organization's stamps renewed before each request.",
    )
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--postgres-only", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--marker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.child:
        child(args)
        return
    OUT.mkdir(parents=True, exist_ok=True)
    _forget_other_days()
    reports = [] if args.postgres_only else [_run_sqlite(args)]
    if args.sqlite_only:
        pass
    elif _postgres_reachable(args.postgres_url):
        if args.rebuild or not _marker(args, "postgresql").exists():
            _reset_postgres(args.postgres_url)
        reports.append(_run_child(args, "postgresql", {"DATABASE_URL": args.postgres_url}))
    else:
        _note(f"SKIPPED PostgreSQL: nothing answers at {args.postgres_url}")
    _table(reports)
    _out(json.dumps(reports))


if __name__ == "__main__":
    main()
