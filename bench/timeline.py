"""Timeline benchmark: one client with two years of history (about 1,000 events), on SQLite and PostgreSQL.

Run from the repository root: ``.venv/bin/python bench/timeline.py [--years 2] [--runs 20]``. Builds the
history into a fresh database per engine (PostgreSQL when one answers at --postgres-url), renders the client's
timeline page as their clinician, and prints a table and a final JSON line (a list, one object per database).
Each database is measured in a child process, because Django settles on its database once, at setup.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PG_URL = "postgres://postgres@127.0.0.1:5432/trellis_bench_timeline"
WEEKLY_INSTRUMENTS = ("phq9", "gad7", "bam", "auditc", "dast10", "ciwa")


def _build_history(years: int) -> Any:
    """A client in care for `years` years: weekly measures, two screens a week, medication changes, step-downs."""
    from tests import factories
    from trellis.episodes.models import Enrollment
    from trellis.measures.models import MeasureResponse
    from trellis.medications.models import DrugScreen, Medication

    track = factories.TrackFactory.create(name="Bench day track")
    phase = factories.PhaseFactory.create(program=track.program)
    clinician = factories.UserFactory.create(
        username="bench-clinician", sites=[track.site], programs=[track.program]
    )
    client = factories.ClientFactory.create(site=track.site)
    start = dt.datetime(2024, 11, 4, 14, 0, tzinfo=dt.UTC)
    episode = factories.EpisodeFactory.create(client=client, program=track.program, admitted_on=start.date())
    weeks = 52 * years
    for n in range(0, weeks, 13):  # a phase change every quarter keeps the enrollment history long
        Enrollment.objects.create(
            episode=episode,
            track=track,
            phase=phase,
            days_per_week=3,
            starts_on=start.date() + dt.timedelta(weeks=n),
            ends_on=start.date() + dt.timedelta(weeks=min(n + 13, weeks)),
        )
    answers = {
        "phq9": [1] * 9,
        "gad7": [1] * 7,
        "bam": [0] * 17,
        "auditc": [1, 1, 1],
        "dast10": [0] * 10,
        "ciwa": [0] * 10,
    }
    MeasureResponse.objects.bulk_create(
        MeasureResponse(
            client=client,
            instrument=code,
            answers=answers[code],
            total=len(answers[code]),
            administered_at=start + dt.timedelta(weeks=n),
            administered_by=clinician,
        )
        for n in range(weeks)
        for code in WEEKLY_INSTRUMENTS
    )
    DrugScreen.objects.bulk_create(
        DrugScreen(
            client=client,
            collected_at=start + dt.timedelta(weeks=n, days=day),
            specimen="urine",
            method="presumptive_cup",
            collected_by=clinician,
        )
        for n in range(weeks)
        for day in (0, 2, 4)
    )
    Medication.objects.bulk_create(
        Medication(
            client=client,
            name=f"Medication {n}",
            dose="10 mg",
            route="oral",
            frequency="daily",
            outside_prescriber="Community clinic",
            started_on=start.date() + dt.timedelta(weeks=8 * n),
            recorded_by=clinician,
        )
        for n in range(weeks // 8)
    )
    return client, clinician


def _measure(args: argparse.Namespace) -> dict[str, Any]:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from trellis.core import timeline

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0, interactive=False)
    client, clinician = _build_history(args.years)
    events = len(timeline.collect(client=client, user=clinician))
    browser = Client()
    browser.force_login(clinician)
    url = reverse("clients:timeline", kwargs={"pk": client.pk})
    browser.get(url)
    times = []
    for _ in range(args.runs):
        began = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            assert browser.get(url).status_code == 200
        times.append((time.perf_counter() - began) * 1000)
    return {
        "database": connection.vendor,
        "events": events,
        "median_ms": round(statistics.median(times), 1),
        "queries": len(queries),
    }


def _child(database_url: str, args: argparse.Namespace) -> dict[str, Any]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "DJANGO_DEBUG": "0"}
    folder = Path(tempfile.mkdtemp(prefix="trellis-bench-timeline-"))
    env["TRELLIS_VAR_DIR"] = str(folder)
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        env.pop("DATABASE_URL", None)
        env["TRELLIS_SQLITE_PATH"] = str(folder / "timeline.sqlite3")
    command = [sys.executable, __file__, "--child", "--years", str(args.years), "--runs", str(args.runs)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _postgres_ready(url: str) -> bool:
    check = [sys.executable, "-m", "trellis.core.pgcheck", url]
    if subprocess.run(check, cwd=ROOT, check=False).returncode != 0:
        return False
    import psycopg  # a fresh database each run: drop and recreate

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--years", type=int, default=2)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--postgres-url", default=PG_URL)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.child:
        sys.stdout.write(json.dumps(_measure(args)) + "\n")
        return
    results = [_child("", args)]
    if _postgres_ready(args.postgres_url):
        results.append(_child(args.postgres_url, args))
    sys.stdout.write(f"{'database':<12}{'events':>8}{'median ms':>12}{'queries':>9}\n")
    for row in results:
        sys.stdout.write(
            f"{row['database']:<12}{row['events']:>8}{row['median_ms']:>12}{row['queries']:>9}\n"
        )
    sys.stdout.write(json.dumps(results) + "\n")


if __name__ == "__main__":
    main()
