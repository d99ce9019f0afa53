"""Dashboard benchmark: the outcome dashboards (issue 14) on PostgreSQL at 20 and 200 sites.

Run from the repository root: ``.venv/bin/python bench/dashboards.py --sites 20 --sites 200``. For each size it
builds a program into its own PostgreSQL database (``<prefix>_<sites>``, reused when it holds one already) with
``manage.py generate_program --copy`` (``--clients-per-site`` clients a site over ``--weeks`` weeks, bulk-loaded),
rolls up every finished week (the rows ``roll_up_outcomes --all`` writes, in SQL: ``trellis/demo/bulk_rollup.py``) and writes the Parquet snapshot of attendance history
(``snapshot_outcomes``), each step only when the database lacks it, then times the network, a site and a program dashboard for the director, the network
CSV and the network dashboard for a clinician (default range: the last 12 weeks). Prints a table, then one
JSON line, and the time of each part of the network dashboard measured in-process. ``--no-snapshot`` counts attendance in the database instead of the snapshot. A script, not a test:
the times depend on the machine.

Each size is measured in a child process, because Django settles on its database once, at setup.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


def _out(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _pages() -> list[tuple[str, str, str]]:
    """(who, page, url) for each measurement."""
    from django.db.models import Count
    from django.urls import reverse

    from trellis.programs.models import Program, Site

    site = Site.objects.annotate(n=Count("clients")).order_by("-n", "name").first()
    program = Program.objects.annotate(n=Count("episodes")).order_by("-n", "name").first()
    if site is None or program is None:
        raise SystemExit("The generated program has no site or program.")
    return [
        ("director", "network", reverse("outcomes:network")),
        ("director", "site", reverse("outcomes:site", kwargs={"pk": site.pk})),
        ("director", "program", reverse("outcomes:program", kwargs={"pk": program.pk})),
        ("director", "network csv", reverse("outcomes:network_csv") + "?table=attendance"),
        ("clinician", "network", reverse("outcomes:network")),
    ]


def _browser(username: str) -> Any:
    from django.test import Client as Browser

    from trellis.accounts.mfa import PASSED_AT, RECENT_AT
    from trellis.accounts.models import User
    from trellis.core import clock

    browser = Browser()
    browser.force_login(User.objects.get(username=username))
    session = browser.session  # past the second step, as a finished sign-in would be
    session[PASSED_AT] = session[RECENT_AT] = clock.now().timestamp()
    session.save()
    return browser


def _parts() -> dict[str, float]:
    """Each metric family of the director's network dashboard (default range), timed in-process: where a
    request's time goes, rendering aside. Median of three."""
    import datetime as dt

    from trellis.accounts.models import User
    from trellis.core import clock
    from trellis.outcomes import attendance, census, discharges, documentation, measures
    from trellis.outcomes.scope import build_scope

    today = clock.now().date()
    scope = build_scope(
        user=User.objects.get(username="director"),
        first=today - dt.timedelta(weeks=12) + dt.timedelta(days=1),
        last=today,
        today=today,
    )
    parts = {
        "census and flow": census.list_week_flow,
        "discharges": discharges.get_discharges,
        "attendance": attendance.list_track_attendance,
        "measures": measures.list_measure_changes,
        "plans": documentation.get_plan_timeliness,
        "notes": documentation.list_note_timeliness,
    }
    timings: dict[str, float] = {}
    for name, part in parts.items():
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            part(scope)
            runs.append((time.perf_counter() - started) * 1000)
        timings[name] = round(statistics.median(runs), 1)
    return timings


def child(args: argparse.Namespace) -> None:
    import logging

    import django

    django.setup()
    logging.getLogger("axes").setLevel(logging.WARNING)
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from trellis.attendance.models import AttendanceRecord
    from trellis.demo.bulk_rollup import roll_up_all
    from trellis.demo.bulk_structure import BULK_ORGANIZATION_NAME
    from trellis.episodes.models import Episode
    from trellis.outcomes.models import WeekRollup
    from trellis.programs.models import Organization

    call_command("migrate", verbosity=0, interactive=False)
    steps: dict[str, float] = {}
    if not Organization.objects.filter(name=BULK_ORGANIZATION_NAME).exists():
        started = time.monotonic()
        call_command(
            "generate_program",
            sites=args.sites,
            clients=args.sites * args.clients_per_site,
            weeks=args.weeks,
            seed=1,
            copy=True,
            stdout=sys.stderr,
        )
        steps["build_s"] = round(time.monotonic() - started, 1)
    if not WeekRollup.objects.exists():
        started = time.monotonic()
        # The rows `roll_up_outcomes --all` writes, written in SQL (bulk_rollup.py): the Python rule would take
        # half an hour at ten million attendance rows.
        roll_up_all(organization_id=Organization.objects.get(name=BULK_ORGANIZATION_NAME).pk)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE outcomes_weekrollup, outcomes_clientweek, outcomes_trackweek")
        steps["rollup_s"] = round(time.monotonic() - started, 1)
    if args.snapshot and not (Path(os.environ["TRELLIS_VAR_DIR"]) / "outcomes").exists():
        started = time.monotonic()
        call_command("snapshot_outcomes", stdout=sys.stderr)
        steps["snapshot_s"] = round(time.monotonic() - started, 1)
    if not args.snapshot:
        shutil.rmtree(Path(os.environ["TRELLIS_VAR_DIR"]) / "outcomes", ignore_errors=True)
    report: dict[str, Any] = {
        "sites": args.sites,
        "clients": args.sites * args.clients_per_site,
        "episodes": Episode.objects.count(),
        "attendance": AttendanceRecord.objects.count(),
        "snapshot": args.snapshot,
    }
    report |= steps
    report["parts_ms"] = _parts()
    browsers: dict[str, Any] = {}
    for who, page, url in _pages():
        browser = browsers.setdefault(who, _browser(who))
        first = browser.get(url)
        if first.status_code != 200:
            report[f"{who} {page}"] = {"error": f"HTTP {first.status_code}"}
            continue
        timings, queries = [], 0
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                browser.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            queries = len(captured.captured_queries)
        report[f"{who} {page}"] = {"median_ms": round(statistics.median(timings), 1), "queries": queries}
    _out(json.dumps(report))


def _run(args: argparse.Namespace, sites: int) -> dict[str, Any]:
    database = f"{args.database_prefix}_{sites}"
    subprocess.run(
        ["psql", args.postgres_url + "/postgres", "-qc", f"CREATE DATABASE {database}"],
        check=False,
        stderr=subprocess.DEVNULL,
    )
    command = [sys.executable, __file__, "--child", "--runs", str(args.runs), "--sites", str(sites)]
    command += ["--clients-per-site", str(args.clients_per_site), "--weeks", str(args.weeks)]
    command += [] if args.snapshot else ["--no-snapshot"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        # The snapshot lives beside the database; --no-snapshot runs on an empty folder of its own.
        "TRELLIS_VAR_DIR": str(OUT / (f"var-{database}" if args.snapshot else f"var-{database}-none")),
        "DATABASE_URL": f"{args.postgres_url}/{database}",
    }
    done = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=False)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        return {"sites": sites, "error": f"child exited {done.returncode}"}
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def _table(reports: list[dict[str, Any]]) -> None:
    _out(
        f"\n{'sites':>5} {'attendance':>10} {'episodes':>8}  {'as / page':<22} {'median ms':>10} {'queries':>8}"
    )
    for report in reports:
        for name, figures in report.items():
            if not isinstance(figures, dict) or name == "parts_ms":
                continue
            median = figures.get("median_ms", figures.get("error", ""))
            _out(
                f"{report['sites']:>5} {report.get('attendance', ''):>10} {report.get('episodes', ''):>8}  {name:<22} "
                f"{median!s:>10} {figures.get('queries', ''):>8}"
            )
        if "error" in report:
            _out(f"{report['sites']:>5} {report['error']}")
    for report in reports:
        steps = ", ".join(f"{k} {report[k]}" for k in ("build_s", "rollup_s", "snapshot_s") if k in report)
        _out(f"\n{report['sites']} sites: {report.get('attendance', '?')} attendance rows. {steps}")
        parts = report.get("parts_ms", {})
        _out("  network dashboard by part (ms): " + ", ".join(f"{k} {v}" for k, v in parts.items()))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sites", type=int, action="append", help="Sites in the network (repeatable).")
    parser.add_argument("--clients-per-site", type=int, default=400)
    parser.add_argument("--weeks", type=int, default=156, help="Weeks of history.")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database-prefix", default="trellis_scale")
    parser.add_argument(
        "--no-snapshot",
        dest="snapshot",
        action="store_false",
        help="Count attendance in the database (remove the Parquet snapshot first).",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.child:
        args.sites = args.sites[0]
        child(args)
        return
    OUT.mkdir(parents=True, exist_ok=True)
    reports = [_run(args, sites) for sites in args.sites or [20, 200]]
    _table(reports)
    _out(json.dumps(reports))


if __name__ == "__main__":
    main()
