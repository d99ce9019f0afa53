"""Billing benchmark: capture a month of charges and export the claims for 1,000 clients, SQLite and PostgreSQL.

Run from the repository root: ``.venv/bin/python bench/billing.py [--clients 1000] [--validate]``. Builds a
month of attended, documented group days (about 4 a week per client) into a fresh database per engine
(PostgreSQL when one answers at --postgres-url), then times charge capture, a second capture over the same
month (nothing new: every charge re-decided), and the claims export (one 837 file per payer and claim type).
With --validate, pyx12 checks every file. Prints a table and a final JSON line (one object per database).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PG_URL = "postgres://postgres@127.0.0.1:5432/trellis_bench_billing"
FIRST = dt.date(2026, 10, 1)
LAST = dt.date(2026, 10, 31)
GROUP_SIZE = 12


def _payers(organization: Any) -> list[Any]:
    from decimal import Decimal

    from trellis.billing.models import BillingProfile, FeeScheduleEntry, Payer
    from trellis.demo.npi import npi_with_check_digit

    BillingProfile.objects.create(
        organization=organization, legal_name="Bench Recovery IOP", npi=npi_with_check_digit("123456789"),
        tin="990000001", address_line1="1 Bench Way", city="Springfield", state="IL", postal_code="627010001",
        submitter_id="BENCH01", receiver_id="FAKECLEAR", receiver_name="Fictional Clearinghouse",
        contact_name="Biller", contact_phone="5555550100",
    )  # fmt: skip
    specs = [("Prairie Mutual", "commercial", "99001", "837p", "H0015"),
             ("Lakeshore Benefit", "commercial", "99002", "837i", "S9480"),
             ("Buckeye Medicaid", "medicaid", "99004", "837p", "H0015")]  # fmt: skip
    payers = []
    for name, kind, payer_id, claim_type, code in specs:
        payer = Payer.objects.create(organization=organization, name=name, kind=kind, payer_id=payer_id,
                                     claim_type=claim_type, per_diem_code=code)  # fmt: skip
        # The per diem follows the diagnoses (substance use H0015/0906, mental health S9480/0905): both priced.
        for fee_code, revenue_code in (("H0015", "0906"), ("S9480", "0905")):
            FeeScheduleEntry.objects.create(payer=payer, code=fee_code, rate=Decimal("250.00"),
                                            unit_type="per_diem", revenue_code=revenue_code,
                                            starts_on=dt.date(2026, 1, 1))  # fmt: skip
        payers.append(payer)
    return payers


def _build(clients: int) -> Any:
    """`clients` insured clients in groups of 12, each group meeting Monday-Thursday, all documented and signed."""
    from tests import factories
    from trellis.attendance.models import AttendanceRecord
    from trellis.billing.models import Authorization, Coverage, Diagnosis
    from trellis.demo.npi import npi_with_check_digit
    from trellis.notes.models import GroupNote, ParticipantEntry
    from trellis.scheduling.models import GroupSession

    track = factories.TrackFactory.create(name="Bench day track")
    organization = track.program.organization
    biller = factories.UserFactory.create(username="bench-biller", role="biller", sites=[track.site],
                                          programs=[track.program])  # fmt: skip
    payers = _payers(organization)
    factories.UserFactory.create(
        username="bench-director", role="director", npi=npi_with_check_digit("176543210")
    )
    people = factories.ClientFactory.create_batch(
        clients,
        site=track.site,
        address_line1="12 Elm Street",
        city="Springfield",
        state="IL",
        postal_code="62702",
    )
    days = [FIRST + dt.timedelta(days=n) for n in range((LAST - FIRST).days + 1)]
    days = [d for d in days if d.weekday() < 4]
    sessions, records, notes, entries = [], [], [], []
    for start in range(0, clients, GROUP_SIZE):
        group = factories.RecurringGroupFactory.create(track=track, facilitator=biller, weekdays=[0, 1, 2, 3])
        for day in days:
            begins = dt.datetime.combine(day, dt.time(14), tzinfo=dt.UTC)
            session = GroupSession(group=group, track=track, date=day, starts_at=begins, room=group.room,
                                   ends_at=begins + dt.timedelta(hours=3), facilitator=biller)  # fmt: skip
            sessions.append(session)
            note = GroupNote(session=session, author=biller, topic="Skills", content="Skills practice.",
                             signed_at=begins + dt.timedelta(hours=5))  # fmt: skip
            notes.append(note)
            for client in people[start : start + GROUP_SIZE]:
                record = AttendanceRecord(session=session, client=client, status="present", minutes_attended=180,
                                          recorded_by=biller)  # fmt: skip
                records.append(record)
                entries.append(ParticipantEntry(note=note, client=client, attendance=record, participation="active",
                                                response="Engaged.", objective_addressed="Coping", risk_level="none",
                                                signed_at=note.signed_at))  # fmt: skip
    GroupSession.objects.bulk_create(sessions, batch_size=1000)
    AttendanceRecord.objects.bulk_create(records, batch_size=1000)
    GroupNote.objects.bulk_create(notes, batch_size=1000)
    ParticipantEntry.objects.bulk_create(entries, batch_size=1000)
    coverages = Coverage.objects.bulk_create(
        [
            Coverage(
                client=c,
                payer=payers[n % len(payers)],
                member_id=f"M{n:09d}",
                starts_on=dt.date(2026, 1, 1),
                sex="F",
            )
            for n, c in enumerate(people)
        ],
        batch_size=1000,
    )
    Diagnosis.objects.bulk_create(
        [Diagnosis(client=c, code="F10.20", is_primary=True, recorded_by=biller) for c in people],
        batch_size=1000,
    )
    Authorization.objects.bulk_create(
        [
            Authorization(
                coverage=cov, number=f"A{n:07d}", starts_on=FIRST, ends_on=LAST, units_authorized=30
            )
            for n, cov in enumerate(coverages)
        ],
        batch_size=1000,
    )
    _consents(people, biller)
    return biller, len(records)


def _consents(people: list[Any], biller: Any) -> None:
    """Every client signed the TPO consent (42 CFR 2.33): claims go out through the disclosure gate."""
    from trellis.privacy.consent_models import Consent
    from trellis.privacy.part2 import ConsentKind, InfoKind, Purpose, SignatureMethod, SignerRole

    signed = dt.datetime.combine(FIRST, dt.time(9), tzinfo=dt.UTC)
    Consent.objects.bulk_create(
        [
            Consent(
                organization_id=c.organization_id,
                client=c,
                kind=ConsentKind.TPO,
                disclosing_party="Bench IOP",
                information=[InfoKind.IDENTITY, InfoKind.ATTENDANCE, InfoKind.DIAGNOSIS, InfoKind.BILLING],
                information_detail="Substance use disorder treatment records.",
                general_designation=True,
                purposes=[Purpose.TREATMENT, Purpose.PAYMENT, Purpose.OPERATIONS],
                no_expiry=True,
                signed_at=signed,
                signer_name="Bench Client",
                signer_role=SignerRole.CLIENT,
                signature_method=SignatureMethod.TYPED,
                signature="Bench Client",
                prepared_by=biller,
            )
            for c in people
        ],
        batch_size=1000,
    )


def _timed(call: Any) -> tuple[Any, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    began = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        result = call()
    return result, round(time.perf_counter() - began, 2), len(queries)


def _measure(args: argparse.Namespace) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from trellis.billing.capture import capture_charges
    from trellis.billing.claims import export_claims

    call_command("migrate", verbosity=0, interactive=False)
    biller, attended = _build(args.clients)
    captured, capture_s, capture_q = _timed(lambda: capture_charges(first=FIRST, last=LAST, actor=biller))
    _, recapture_s, _recapture_q = _timed(lambda: capture_charges(first=FIRST, last=LAST, actor=biller))
    out = Path(tempfile.mkdtemp(prefix="trellis-bench-claims-"))
    exported, export_s, export_q = _timed(
        lambda: export_claims(first=FIRST, last=LAST, out_dir=out, actor=biller)
    )
    files = exported.files
    errors = None
    if args.validate:
        from trellis.billing.tests.x12_validation import validation_errors

        errors = sum(len(validation_errors(f.path)) for f in files)
    return {
        "database": connection.vendor,
        "clients": args.clients,
        "attendance": attended,
        "charges": captured.created,
        "held": captured.held,
        "capture_s": capture_s,
        "capture_queries": capture_q,
        "recapture_s": recapture_s,
        "export_s": export_s,
        "export_queries": export_q,
        "files": len(files),
        "claims": sum(f.claims for f in files),
        "kb": round(sum(f.path.stat().st_size for f in files) / 1024),
        "pyx12_errors": errors,
    }


def _child(database_url: str, args: argparse.Namespace) -> dict[str, Any]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "DJANGO_DEBUG": "0"}
    folder = Path(tempfile.mkdtemp(prefix="trellis-bench-billing-"))
    env["TRELLIS_VAR_DIR"] = str(folder)
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        env.pop("DATABASE_URL", None)
        env["TRELLIS_SQLITE_PATH"] = str(folder / "billing.sqlite3")
    command = [sys.executable, __file__, "--child", "--clients", str(args.clients)]
    command += ["--validate"] if args.validate else []
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _postgres_ready(url: str) -> bool:
    check = [sys.executable, "-m", "trellis.core.pgcheck", url]
    if subprocess.run(check, cwd=ROOT, check=False, capture_output=True).returncode != 0:
        return False
    import psycopg  # a fresh database each run: drop and recreate

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return True


COLUMNS = ("database", "clients", "charges", "capture_s", "capture_queries", "recapture_s", "export_s",
           "export_queries", "files", "claims", "kb", "pyx12_errors")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--validate", action="store_true", help="Run pyx12 over every file written.")
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
    sys.stdout.write("".join(f"{c:>16}" for c in COLUMNS) + "\n")
    for row in results:
        sys.stdout.write("".join(f"{row[c]!s:>16}" for c in COLUMNS) + "\n")
    sys.stdout.write(json.dumps(results) + "\n")


if __name__ == "__main__":
    main()
