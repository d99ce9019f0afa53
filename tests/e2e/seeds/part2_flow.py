"""The Part 2 round trip: Quinn, insured with the billing seed's payer, attended a day that is documented and
signed, but the charge is held for no consent, because Quinn's TPO consent is prepared and awaits Quinn's
signature. The organization gets a billing profile so claims can be exported.

Quinn has no episode and is not on the base track, and the group meets on no weekday, so other features'
rosters, schedules and counts are unchanged. `add_day` is also run by the browser test, in its own process, to
add the second day after Quinn revokes.
"""

import datetime as dt
from typing import Any

from tests import factories
from trellis.accounts.models import User
from trellis.attendance.models import AttendanceRecord
from trellis.billing import services
from trellis.billing.capture import capture_charges
from trellis.billing.models import BillingProfile, Payer
from trellis.clients.models import Client
from trellis.demo.npi import npi_with_check_digit
from trellis.notes.models import GroupNote, ParticipantEntry
from trellis.privacy import consents
from trellis.privacy.part2 import ConsentKind, InfoKind, Purpose
from trellis.scheduling.models import GroupSession, RecurringGroup

CLIENT = ("Quinn", "Consentwell")
GROUP = "Part 2 e2e group"
PAYER = "Prairie Mutual Health (fictional)"  # the billing seed's payer
FIRST_DAY_AGO, SECOND_DAY_AGO = 6, 5  # days before today: clear of the billing seed's days (2 and 3)


def add_day(day: dt.date) -> None:
    """Quinn attends the whole day, Alice documents it in a signed group note, and capture runs over it."""
    group = RecurringGroup.objects.select_related("track__program__organization").get(name=GROUP)
    alice = User.objects.get(username="alice")
    client = Client.objects.get(legal_first_name=CLIENT[0], legal_last_name=CLIENT[1])
    starts = dt.datetime.combine(day, dt.time(0, 0), tzinfo=dt.UTC)
    session = GroupSession.objects.create(
        group=group, track=group.track, date=day, starts_at=starts, ends_at=starts + dt.timedelta(hours=3),
        room=group.room, facilitator=alice,
    )  # fmt: skip
    record = AttendanceRecord.objects.create(
        session=session, client=client, status="present", minutes_attended=180, recorded_by=alice
    )
    note = GroupNote.objects.create(
        session=session, author=alice, topic="Coping with cravings", content="Urge surfing and delay.",
        signed_at=session.ends_at + dt.timedelta(hours=1),
    )  # fmt: skip
    ParticipantEntry.objects.create(
        note=note, client=client, attendance=record, participation="active", risk_level="none",
        response="Practised urge surfing.", objective_addressed="Use a coping skill when cravings come",
        signed_at=note.signed_at,
    )  # fmt: skip
    organization = group.track.program.organization
    capture_charges(first=day, last=day, client_ids=[client.pk], organization=organization)


def _billing_profile(organization: Any) -> None:
    BillingProfile.objects.create(
        organization=organization, legal_name="Riverside Recovery IOP", npi=npi_with_check_digit("123456780"), tin="990000002",
        address_line1="12 River Road", city="Springfield", state="IL", postal_code="627010002",
        submitter_id="RIVER01", receiver_id="FAKECLEAR", receiver_name="Fictional Clearinghouse",
        contact_name="Bill Biller", contact_phone="5555550101",
    )  # fmt: skip


def _tpo_awaiting_signature(client: Client, actor: Any) -> None:
    terms = consents.ConsentTerms(
        kind=ConsentKind.TPO,
        information=tuple(kind for kind in InfoKind.values if kind != InfoKind.COUNSELING_NOTES),
        information_detail="Records of substance use disorder treatment in this program.",
        purposes=(Purpose.TREATMENT, Purpose.PAYMENT, Purpose.OPERATIONS),
        general_designation=True,
        no_expiry=True,
    )
    consents.prepare(client=client, terms=terms, actor=actor)


def seed(base: Any) -> None:
    bill = User.objects.get(username="bill")
    payer = Payer.objects.get(organization=base.organization, name=PAYER)
    _billing_profile(base.organization)
    client = factories.ClientFactory.create(
        site=base.site, legal_first_name=CLIENT[0], legal_last_name=CLIENT[1]
    )
    _tpo_awaiting_signature(client, base.alice)
    first = base.today - dt.timedelta(days=30)
    coverage = services.add_coverage(client=client, payer=payer, member_id="PMH55509876", starts_on=first,
                                     added_by=bill)  # fmt: skip
    services.add_diagnosis(client=client, code="F11.20", description="Opioid dependence", recorded_by=bill)
    services.add_authorization(coverage=coverage, number="AUTH-E2E-P2", starts_on=first,
                               ends_on=base.today + dt.timedelta(days=20), units_authorized=20, added_by=bill)  # fmt: skip
    factories.RecurringGroupFactory.create(
        track=base.track, facilitator=base.alice, name=GROUP, weekdays=[], starts_at=dt.time(0, 0),
        active_from=base.today - dt.timedelta(days=FIRST_DAY_AGO),
        active_until=base.today - dt.timedelta(days=SECOND_DAY_AGO),
    )  # fmt: skip
    add_day(base.today - dt.timedelta(days=FIRST_DAY_AGO))
