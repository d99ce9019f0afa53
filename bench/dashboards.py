"""Dashboard benchmark: the outcome dashboards (issue 14) on PostgreSQL at 20 and 200 sites.

Run from the repository root: ``.venv/bin/python bench/dashboards.py --sites 20 --sites 200``. For each size it
builds a program into its own PostgreSQL database (``<prefix>_<sites>``, reused when it holds one already) with
``manage.py generate_program --copy`` (``--clients-per-site`` clients a site over ``--weeks`` weeks, bulk-loaded),
rolls up the last 13 finished weeks and writes the Parquet snapshot of attendance history
(``snapshot_outcomes``), then times the network, a site and a program dashboard for the director, the network
CSV and the network dashboard for a clinician (default range: the last 12 weeks). Prints a table, then one
JSON line. ``--no-snapshot`` counts attendance in the database instead of the snapshot. A script, not a test:
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


def child(args: argparse.Namespace) -> None:
    import logging

    import django

    django.setup()
    logging.getLogger("axes").setLevel(logging.WARNING)
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from trellis.attendance.models import AttendanceRecord
    from trellis.demo.bulk_structure import BULK_ORGANIZATION_NAME
    from trellis.episodes.models import Episode
    from trellis.programs.models import Organization

    call_command("migrate", verbosity=0, interactive=False)
    build_s = None
    if not Organization.objects.filter(name=BULK_ORGANIZATION_NAME).exists():
        started = time.monotonic()
        call_command(
            "generate_program",
            sites=args.sites,
            clients=args.sites * args.clients_per_site,
            weeks=args.weeks,
            seed=1,
            copy=True,
            rollup_weeks=13,
            stdout=sys.stderr,
        )
        call_command("snapshot_outcomes", stdout=sys.stderr)
        build_s = round(time.monotonic() - started, 1)
    if not args.snapshot:
        shutil.rmtree(Path(os.environ["TRELLIS_VAR_DIR"]) / "outcomes", ignore_errors=True)
    report: dict[str, Any] = {
        "sites": args.sites,
        "clients": args.sites * args.clients_per_site,
        "episodes": Episode.objects.count(),
        "attendance": AttendanceRecord.objects.count(),
        "snapshot": args.snapshot,
    }
    if build_s is not None:
        report["build_s"] = build_s
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
        "TRELLIS_VAR_DIR": str(OUT / (f"var-{sites}" if args.snapshot else f"var-{sites}-none")),
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
            if not isinstance(figures, dict):
                continue
            median = figures.get("median_ms", figures.get("error", ""))
            _out(
                f"{report['sites']:>5} {report.get('attendance', ''):>10} {report.get('episodes', ''):>8}  {name:<22} "
                f"{median!s:>10} {figures.get('queries', ''):>8}"
            )
        if "error" in report:
            _out(f"{report['sites']:>5} {report['error']}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sites", type=int, action="append", help="Sites in the network (repeatable).")
    parser.add_argument("--clients-per-site", type=int, default=400)
    parser.add_argument("--weeks", type=int, default=156, help="Weeks of history.")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database-prefix", default="trellis_dash")
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
