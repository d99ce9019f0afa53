"""Claims seed: Sky, insured with a plan of their own (so other features' payers and counts are unchanged),
signed the TPO consent and attended three documented, signed days last month, captured and released: a
batch for the biller to build, review, export and download. The billing profile comes from the Part 2 seed.

Sky has no episode and is not on the base track, and the group meets on no weekday.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from tests import factories
from tests.part2 import tpo_consent
from trellis.accounts.models import User
from trellis.attendance.models import AttendanceRecord
from trellis.billing import services
from trellis.billing.capture import capture_charges
from trellis.billing.choices import UnitType
from trellis.billing.models import Payer
from trellis.notes.models import GroupNote, ParticipantEntry
from trellis.scheduling.models import GroupSession

CLIENT = ("Sky", "Claimwell")
GROUP = "Claims e2e group"
PAYER = "Lakeshore Health Plan (fictional)"
PAYER_ID = "99222"
DAYS = (3, 5, 7)  # days of last month


def last_month(today: dt.date) -> tuple[dt.date, dt.date]:
    last = today.replace(day=1) - dt.timedelta(days=1)
    return last.replace(day=1), last


def _documented_day(group: Any, client: Any, alice: Any, day: dt.date) -> None:
    starts = dt.datetime.combine(day, dt.time(0, 0), tzinfo=dt.UTC)
    session = GroupSession.objects.create(
        group=group, track=group.track, date=day, starts_at=starts, ends_at=starts + dt.timedelta(hours=3),
        room=group.room, facilitator=alice,
    )  # fmt: skip
    record = AttendanceRecord.objects.create(
        session=session, client=client, status="present", minutes_attended=180, recorded_by=alice
    )
    note = GroupNote.objects.create(
        session=session, author=alice, topic="Sleep and recovery", content="Sleep hygiene and routines.",
        signed_at=session.ends_at + dt.timedelta(hours=1),
    )  # fmt: skip
    ParticipantEntry.objects.create(
        note=note, client=client, attendance=record, participation="active", risk_level="none",
        response="Set a wind-down routine.", objective_addressed="Keep a regular sleep schedule",
        signed_at=note.signed_at,
    )  # fmt: skip


def seed(base: Any) -> None:
    bill = User.objects.get(username="bill")
    first, last = last_month(base.today)
    payer = Payer.objects.create(
        organization=base.organization, name=PAYER, kind="commercial", payer_id=PAYER_ID, per_diem_code="H0015",
        address_line1="PO Box 2200", city="Springfield", state="IL", postal_code="62701",
    )  # fmt: skip
    services.add_fee(payer=payer, code="H0015", rate=Decimal("240.00"), unit_type=UnitType.PER_DIEM,
                     starts_on=first, added_by=bill)  # fmt: skip
    client = factories.ClientFactory.create(
        site=base.site, legal_first_name=CLIENT[0], legal_last_name=CLIENT[1]
    )
    tpo_consent(client, bill)  # claims reach the payer only under a consent in force (42 CFR Part 2)
    coverage = services.add_coverage(client=client, payer=payer, member_id="LHP40001234", starts_on=first,
                                     added_by=bill)  # fmt: skip
    services.add_diagnosis(client=client, code="F10.20", description="Alcohol dependence", recorded_by=bill)
    services.add_authorization(coverage=coverage, number="AUTH-E2E-CLAIMS", starts_on=first, ends_on=last,
                               units_authorized=20, added_by=bill)  # fmt: skip
    group = factories.RecurringGroupFactory.create(
        track=base.track, facilitator=base.alice, name=GROUP, weekdays=[], starts_at=dt.time(0, 0),
        active_from=first, active_until=last,
    )  # fmt: skip
    for number in DAYS:
        _documented_day(group, client, base.alice, first.replace(day=number))
    capture_charges(first=first, last=last, client_ids=[client.pk], organization=base.organization)
