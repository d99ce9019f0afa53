"""Billing seed: a biller (Bill), a commercial payer with an H0015 fee, and one insured client, who signed the
TPO consent, with two held days: one documented in a group note still in draft (held until it is signed), one too short for the per diem.

The client has no episode and is not on the base track, so other features' rosters and counts are unchanged.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from tests import factories
from tests.e2e.seed import PASSWORD
from tests.part2 import tpo_consent
from trellis.accounts.roles import Role
from trellis.attendance.models import AttendanceRecord
from trellis.billing import services
from trellis.billing.capture import capture_charges
from trellis.billing.choices import UnitType
from trellis.billing.models import Payer, PayerRuleSet
from trellis.notes.models import GroupNote, ParticipantEntry
from trellis.scheduling.models import GroupSession

GROUP = "Billing e2e group"
CLIENT = ("Rowan", "Billable")


def _session(base: Any, group: Any, day: dt.date) -> GroupSession:
    starts = dt.datetime.combine(day, dt.time(0, 0), tzinfo=dt.UTC)
    return GroupSession.objects.create(
        group=group, track=group.track, date=day, starts_at=starts, ends_at=starts + dt.timedelta(hours=3),
        room=group.room, facilitator=base.alice,
    )  # fmt: skip


def _note(session: GroupSession, record: AttendanceRecord, author: Any, *, signed: bool) -> None:
    signed_at = session.ends_at + dt.timedelta(hours=2) if signed else None
    note = GroupNote.objects.create(
        session=session, author=author, topic="Relapse prevention", content="Warning signs and a written plan.",
        signed_at=signed_at,
    )  # fmt: skip
    ParticipantEntry.objects.create(
        note=note, client=record.client, attendance=record, participation="active", risk_level="none",
        response="Named two warning signs.", objective_addressed="Write a relapse-prevention plan",
        signed_at=signed_at,
    )  # fmt: skip


def seed(base: Any) -> None:
    bill = factories.UserFactory.create(
        username="bill", first_name="Bill", last_name="Biller", role=Role.BILLER, organization=base.organization,
        sites=[base.site], programs=[base.program], password=PASSWORD,
    )  # fmt: skip
    payer = Payer.objects.create(
        organization=base.organization, name="Prairie Mutual Health (fictional)", kind="commercial",
        payer_id="99001", per_diem_code="H0015",
    )  # fmt: skip
    first = base.today - dt.timedelta(days=30)
    # This payer's contract asks no days-a-week minimum: the story here is a note's signature, not attendance.
    PayerRuleSet.objects.create(payer=payer, starts_on=first, substance_use_days_per_week=0)
    services.add_fee(payer=payer, code="H0015", rate=Decimal("245.00"), unit_type=UnitType.PER_DIEM,
                     starts_on=first, added_by=bill)  # fmt: skip
    client = factories.ClientFactory.create(
        site=base.site, legal_first_name=CLIENT[0], legal_last_name=CLIENT[1]
    )
    tpo_consent(client, bill)  # claims reach the payer only under a consent in force (42 CFR Part 2)
    coverage = services.add_coverage(client=client, payer=payer, member_id="PMH55501234", starts_on=first,
                                     added_by=bill)  # fmt: skip
    services.add_diagnosis(client=client, code="F10.20", description="Alcohol dependence", recorded_by=bill)
    services.add_authorization(coverage=coverage, number="AUTH-E2E-1", starts_on=first,
                               ends_on=base.today + dt.timedelta(days=20), units_authorized=20, added_by=bill)  # fmt: skip
    group = factories.RecurringGroupFactory.create(
        track=base.track, facilitator=base.alice, name=GROUP, weekdays=[], starts_at=dt.time(0, 0),
        active_from=base.today - dt.timedelta(days=3), active_until=base.today - dt.timedelta(days=2),
    )  # fmt: skip
    unsigned, short = (_session(base, group, base.today - dt.timedelta(days=d)) for d in (2, 3))
    record = AttendanceRecord.objects.create(
        session=unsigned, client=client, status="present", minutes_attended=180, recorded_by=base.alice
    )
    _note(unsigned, record, base.alice, signed=False)
    left_early = AttendanceRecord.objects.create(
        session=short, client=client, status="left_early", minutes_attended=120, recorded_by=base.alice
    )
    _note(short, left_early, base.alice, signed=True)
    capture_charges(first=first, last=base.today, client_ids=[client.pk], organization=base.organization)
