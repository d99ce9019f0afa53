"""Dashboard benchmark: the outcome dashboards (issue 14) at two network sizes, on SQLite.

Run from the repository root: ``.venv/bin/python bench/dashboards.py [--sizes 2:200,20:2000] [--weeks 16]``.
For each size (sites:clients) it builds a program with ``manage.py generate_program`` into its own SQLite
file under bench/out/ (reused when built today), then times the network, a site and a program dashboard for
the director, the network CSV and the network dashboard for a clinician (default range: the last 12 weeks),
after the nightly ``roll_up_outcomes`` has run over 13 weeks (``--no-rollup``: judge every week live). Prints a
table, then one JSON line. A script, not a test: the times depend on the machine.

Each size is measured in a child process, because Django settles on its database once, at setup.
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


def _out(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _key(sites: int, clients: int, weeks: int) -> str:
    return f"dash-{sites}s-{clients}c-{weeks}w-{dt.datetime.now(dt.UTC):%Y%m%d}"


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

    from trellis.episodes.models import Episode

    call_command("migrate", verbosity=0, interactive=False)
    marker = Path(args.marker)
    build_s = None
    if not marker.exists():
        started = time.monotonic()
        call_command(
            "generate_program",
            sites=args.sites,
            clients=args.clients,
            weeks=args.weeks,
            seed=1,
            stdout=sys.stderr,
        )
        build_s = round(time.monotonic() - started, 1)
        marker.write_text("built")
    if args.rollup:
        started = time.monotonic()
        call_command("roll_up_outcomes", weeks=13, stdout=sys.stderr)
        rollup_s = round(time.monotonic() - started, 1)
    report: dict[str, Any] = {
        "sites": args.sites,
        "clients": args.clients,
        "episodes": Episode.objects.count(),
    }
    if build_s is not None:
        report["build_s"] = build_s
    if args.rollup:
        report["rollup_s"] = rollup_s
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


def _run(args: argparse.Namespace, sites: int, clients: int) -> dict[str, Any]:
    key = _key(sites, clients, args.weeks)
    path, marker = OUT / f"{key}.sqlite3", OUT / f"{key}.built"
    if not marker.exists():
        for stale in OUT.glob(f"{path.name}*"):
            stale.unlink()
    command = [sys.executable, __file__, "--child", "--marker", str(marker), "--runs", str(args.runs)]
    command += [] if args.rollup else ["--no-rollup"]
    command += ["--sites", str(sites), "--clients", str(clients), "--weeks", str(args.weeks)]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "TRELLIS_VAR_DIR": str(OUT / "var"),
        "TRELLIS_SQLITE_PATH": str(path),
        "DATABASE_URL": "",
    }
    done = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=False)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        return {"sites": sites, "clients": clients, "error": f"child exited {done.returncode}"}
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def _table(reports: list[dict[str, Any]]) -> None:
    _out(f"\n{'sites':>5} {'clients':>7} {'episodes':>8}  {'as / page':<22} {'median ms':>10} {'queries':>8}")
    for report in reports:
        for name, figures in report.items():
            if not isinstance(figures, dict):
                continue
            median = figures.get("median_ms", figures.get("error", ""))
            _out(
                f"{report['sites']:>5} {report['clients']:>7} {report.get('episodes', ''):>8}  {name:<22} "
                f"{median!s:>10} {figures.get('queries', ''):>8}"
            )
        if "error" in report:
            _out(f"{report['sites']:>5} {report['clients']:>7} {report['error']}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="2:200,20:2000", help="sites:clients pairs, comma-separated")
    parser.add_argument("--weeks", type=int, default=16)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--no-rollup",
        dest="rollup",
        action="store_false",
        help="Judge every week live (no nightly rollup run).",
    )
    parser.add_argument("--sites", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--clients", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--marker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.child:
        child(args)
        return
    OUT.mkdir(parents=True, exist_ok=True)
    reports = []
    for size in args.sizes.split(","):
        sites, clients = (int(n) for n in size.split(":"))
        reports.append(_run(args, sites, clients))
    _table(reports)
    _out(json.dumps(reports))


if __name__ == "__main__":
    main()
