"""Whole-person care for the demo: case-management and peer-support contacts (some billed as H0006/H0038),
clients' outside meetings, and an art therapy and a life-skills group in the curriculum. Synthetic only.

The case manager and the peer specialist each see a few Northside clients; the peer specialist's latest
contact is left unsigned, so it waits on their Today. The Medicare contractor pays neither service, so its
clients' contacts are held with the reason; the other payers price H0006 per encounter and H0038 per 15 min.
"""

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db import transaction

from trellis.accounts.models import User
from trellis.accounts.roles import Role
from trellis.billing import services as billing
from trellis.billing.capture import capture_charges
from trellis.billing.choices import PayerKind, UnitType
from trellis.billing.models import Payer
from trellis.billing.payer_settings import change_payer_rules
from trellis.clients.models import Client
from trellis.core import context
from trellis.programs.models import Organization, Track
from trellis.scheduling import services as scheduling
from trellis.scheduling.models import RecurringGroup
from trellis.support import services
from trellis.support.choices import ContactKind, ContactMode, MeetingKind

CLIENTS = 6
FEES = (("H0006", "Case management", Decimal("45.00"), UnitType.PER_SESSION),
        ("H0038", "Self-help/peer services, per 15 minutes", Decimal("14.00"), UnitType.PER_15_MIN))  # fmt: skip
CASE_MANAGEMENT = (
    "Helped complete a housing application and called the landlord reference together.",
    "Arranged bus passes for the next month of groups; confirmed the pharmacy pickup time.",
    "Linked to legal aid for the court date; wrote down the appointment and what to bring.",
)
PEER_SUPPORT = (
    "Walked to a first NA meeting together and introduced two members with long-term recovery.",
    "Talked through a hard weekend; made a plan for Friday night and swapped phone numbers.",
    "Shared my own early-recovery routine; client chose a morning walk and a daily check-in call.",
)
MEETINGS = (MeetingKind.AA, MeetingKind.NA, MeetingKind.SMART, MeetingKind.CELEBRATE, MeetingKind.REFUGE)


def load_support(*, organization_name: str, seed: int, today: dt.date) -> int:
    """Contacts, meetings, two experiential groups and their charges; returns how many contacts."""
    context.set_current(context.RequestContext(request_id=f"load_demo-seed-{seed}", ip_address=None, path=""))
    try:
        return _load(random.Random(seed + 900), organization_name, today)
    finally:
        context.set_current(None)


@transaction.atomic
def _load(rng: random.Random, organization_name: str, today: dt.date) -> int:
    organization = Organization.objects.get(name=organization_name)
    staff = {user.username: user for user in User.objects.filter(organization=organization)}
    _experiential_groups(organization, staff, today)
    clients = _clients(staff["peer"], today)
    contacts = 0
    for number, client in enumerate(clients):
        contacts += _contacts(rng, client, staff, today, last=number == 0)
        _meetings(rng, client, staff["peer"], today)
    biller = next((u for u in staff.values() if u.role == Role.BILLER), staff["director"])
    _fees(organization, biller, today)
    first = today - dt.timedelta(days=21)
    capture_charges(
        first=first, last=today, organization=organization, actor=biller, client_ids=[c.pk for c in clients]
    )
    return contacts


def _experiential_groups(organization: Organization, staff: dict[str, Any], today: dt.date) -> None:
    """An afternoon art therapy group at Northside and a life-skills group at Lakeside, from last month."""
    since = today - dt.timedelta(weeks=4)
    made = []
    for track_name, name, kind, weekday, facilitator in (
        (
            "Northside day",
            "Open studio (art therapy)",
            RecurringGroup.SessionKind.ART_THERAPY,
            1,
            "clinician",
        ),
        (
            "Lakeside day",
            "Life skills: money and meals",
            RecurringGroup.SessionKind.LIFE_SKILLS,
            2,
            "clinician2",
        ),
    ):
        track = Track.objects.select_related("site").get(name=track_name, program__organization=organization)
        room = track.groups.first().room  # type: ignore[union-attr]
        made.append(
            scheduling.create_group(
                track=track,
                name=name,
                weekdays=[weekday],
                starts_at=dt.time(13, 30),
                duration_minutes=60,
                room=room,
                facilitator=staff[facilitator],
                active_from=since,
                created_by=staff["admin"],
                session_kind=kind,
            )
        )
    scheduling.generate_sessions(
        first=since, last=today + dt.timedelta(days=14), tracks=[group.track for group in made]
    )


def _clients(peer: Any, today: dt.date) -> list[Client]:
    """Northside clients admitted three weeks ago or more and still in care, in a stable order."""
    return list(
        Client.objects.filter(site__in=peer.sites.all(), site__name="Northside")
        .filter(
            episodes__admitted_on__lte=today - dt.timedelta(days=21), episodes__discharged_on__isnull=True
        )
        .distinct()
        .order_by("legal_last_name", "legal_first_name")[:CLIENTS]
    )


def _contacts(
    rng: random.Random, client: Client, staff: dict[str, Any], today: dt.date, *, last: bool
) -> int:
    written = [
        (staff["casemanager"], ContactKind.CASE_MANAGEMENT, rng.choice(CASE_MANAGEMENT), rng.randint(8, 16)),
        (staff["peer"], ContactKind.PEER_SUPPORT, rng.choice(PEER_SUPPORT), rng.randint(3, 7)),
    ]
    if last:  # the peer specialist's contact from yesterday, still to sign
        written.append((staff["peer"], ContactKind.PEER_SUPPORT, PEER_SUPPORT[1], 1))
    for author, kind, summary, days_ago in written:
        contact = services.create_contact(
            client=client, author=author, kind=kind, service_date=today - dt.timedelta(days=days_ago),
            starts_at=dt.time(rng.choice((10, 11, 14, 15))), minutes=rng.choice((15, 25, 30, 45, 60)),
            mode=rng.choice(ContactMode.values), summary=summary,
        )  # fmt: skip
        if days_ago > 1:
            services.sign_contact(contact=contact, signed_by=author)
    return len(written)


def _meetings(rng: random.Random, client: Client, peer: Any, today: dt.date) -> None:
    for days_ago in sorted(rng.sample(range(1, 28), rng.randint(2, 6))):
        services.record_outside_meeting(
            client=client, recorded_by=peer, attended_on=today - dt.timedelta(days=days_ago),
            kind=rng.choice(MEETINGS),
        )  # fmt: skip


def _fees(organization: Organization, biller: Any, today: dt.date) -> None:
    """H0006 and H0038 on every payer's fee schedule; Medicare pays neither (its rules say so)."""
    for payer in Payer.objects.filter(organization=organization):
        for code, description, rate, unit in FEES:
            billing.add_fee(
                payer=payer, code=code, description=description, rate=rate, unit_type=unit,
                starts_on=dt.date(today.year, 1, 1), added_by=biller,
            )  # fmt: skip
        if payer.kind == PayerKind.MEDICARE:
            change_payer_rules(
                payer=payer, starts_on=dt.date(today.year, 1, 1), changed_by=biller,
                pays_case_management=False, pays_peer_support=False,
            )  # fmt: skip
