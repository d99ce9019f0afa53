"""Referrals for the demo (issue 15, item 9): a directory of synthetic resources, open and closed referrals,
and one discharged client whose aftercare referral waits for the first appointment.

Every resource, name and number here is invented. Referrals are sent through the real services, so each one
that left has its Disclosure row; only clients whose consent in force covers the resource are picked.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from trellis.accounts.models import User
from trellis.clients.models import Client, LivingSituation
from trellis.core import context
from trellis.episodes.models import Episode
from trellis.privacy import consents, gate
from trellis.privacy.part2 import ConsentKind, InfoKind, Purpose, RecipientKind, SignatureMethod, SignerRole
from trellis.privacy.paths import REFERRAL
from trellis.programs.models import Organization
from trellis.referrals import services
from trellis.referrals.choices import FollowUpOutcome, NeedDomain, ReferralState, ResourceKind
from trellis.referrals.models import DischargeFollowUp, Referral, Resource

DIRECTORY = (
    (
        "Maple Street Recovery House",
        ResourceKind.SOBER_LIVING,
        "Self-pay; state recovery housing voucher",
        "Men 18+",
    ),
    ("Willow Lane Sober Living", ResourceKind.SOBER_LIVING, "Self-pay", "Women 18+, mothers with children"),
    (
        "Riverbend Outpatient Counseling",
        ResourceKind.OUTPATIENT,
        "Medicaid, Prairie Mutual, self-pay",
        "Adults",
    ),
    ("Dr. Lena Okafor, Psychiatry", ResourceKind.PSYCHIATRIST, "Medicaid, commercial", "Adults 18+"),
    ("County Legal Aid Clinic", ResourceKind.LEGAL_AID, "Free", "Income under 200% of poverty"),
    ("Second Start Employment Program", ResourceKind.EMPLOYMENT, "Free", "People in recovery"),
    ("Eastside Food Pantry", ResourceKind.COMMUNITY, "Free", "Anyone in the county"),
)


@dataclass
class ReferralCases:
    resources: int = 0
    cases: dict[str, str] = field(default_factory=dict)


def _name(client: Client) -> str:
    return f"{client.legal_first_name} {client.legal_last_name}"


def _directory(actor: User) -> dict[str, Resource]:
    made = {}
    for name, kind, payers, populations in DIRECTORY:
        values = {"name": name, "kind": kind, "payers_accepted": payers, "populations": populations}
        made[name] = services.save_resource(actor=actor, values={**values, "phone": "555-0100"})
    return made


def _covered(client: Client, resource: Resource) -> bool:
    recipient, purpose = services.recipient_of(resource)
    try:
        gate.check(
            path=REFERRAL,
            client=client,
            recipient=recipient,
            purpose=purpose,
            information=[InfoKind.IDENTITY],
        )
    except gate.DisclosureRefused:
        return False
    return True


def _referral(
    actor: User, client: Client, resource: Resource, domain: str, follow_up_on: dt.date, **kw: Any
) -> Referral:
    terms = services.ReferralTerms(
        resource=resource, domain=domain, reason=f"Demo referral for {NeedDomain(domain).label.lower()}.",
        records=(), follow_up_on=follow_up_on,
    )  # fmt: skip
    return services.draft_referral(actor=actor, client=client, terms=terms, **kw)


def _moved(actor: User, referral: Referral, *states: str) -> Referral:
    services.send_referral(actor=actor, referral=referral)
    for state in states:
        services.change_referral_state(actor=actor, referral=referral, to=state)
    return referral


def _sober_living_consent(client: Client, actor: User, resource: Resource) -> None:
    """The client's consent to tell the house they are in treatment, at their request (42 CFR 2.31)."""
    terms = consents.ConsentTerms(
        kind=ConsentKind.NAMED, information=(InfoKind.IDENTITY,),
        information_detail="That I am in substance use disorder treatment in this program.",
        purposes=(Purpose.CLIENT_REQUEST,), recipient_kind=RecipientKind.OTHER, recipient_name=resource.name,
        expiry_event="End of the treatment episode",
    )  # fmt: skip
    consent = consents.prepare(client=client, terms=terms, actor=actor)
    consents.sign(
        consent=consent, signer_name=_name(client), signer_role=SignerRole.CLIENT, method=SignatureMethod.TYPED,
        signature=_name(client), device="Mozilla/5.0 demo tablet", actor=actor,
    )  # fmt: skip


def _open_and_closed(
    actor: User, clients: Iterator[Client], places: dict[str, Resource], today: dt.date, cases: ReferralCases
) -> None:
    house, clinic = places["Maple Street Recovery House"], places["Riverbend Outpatient Counseling"]
    psychiatrist, legal = places["Dr. Lena Okafor, Psychiatry"], places["County Legal Aid Clinic"]
    client = next(clients)
    _sober_living_consent(client, actor, house)
    client.living_situation = LivingSituation.UNSTABLE
    client.save(update_fields=["living_situation"])
    _moved(
        actor,
        _referral(actor, client, house, NeedDomain.HOUSING, today + dt.timedelta(days=2)),
        ReferralState.ACCEPTED,
    )
    cases.cases["Sober living referral accepted, follow-up on the worklist"] = _name(client)
    client = next(clients)
    _moved(actor, _referral(actor, client, clinic, NeedDomain.TREATMENT, today - dt.timedelta(days=1)))
    cases.cases["Referral sent, follow-up overdue"] = _name(client)
    client = next(clients)
    _referral(actor, client, legal, NeedDomain.LEGAL, today + dt.timedelta(days=5))
    cases.cases["Referral drafted, not sent (no consent for legal aid)"] = _name(client)
    client = next(clients)
    _moved(
        actor,
        _referral(actor, client, psychiatrist, NeedDomain.TREATMENT, today),
        ReferralState.ACCEPTED,
        ReferralState.COMPLETED,
    )
    cases.cases["Referral completed"] = _name(client)
    client = next(clients)
    _moved(actor, _referral(actor, client, clinic, NeedDomain.TREATMENT, today), ReferralState.DECLINED)
    cases.cases["Referral declined"] = _name(client)


def _aftercare(actor: User, episode: Episode, clinic: Resource, today: dt.date, cases: ReferralCases) -> None:
    referral = _referral(
        actor,
        episode.client,
        clinic,
        NeedDomain.TREATMENT,
        today + dt.timedelta(days=3),
        episode=episode,
        aftercare=True,
    )
    services.send_referral(actor=actor, referral=referral)
    services.record_first_appointment(
        actor=actor, referral=referral, on=today + dt.timedelta(days=3), kept=None
    )
    assert episode.discharged_on is not None
    if not DischargeFollowUp.objects.filter(episode=episode).exists():
        services.start_discharge_follow_up(episode=episode, discharged_on=episode.discharged_on, actor=actor)
    cases.cases["Discharged, aftercare referral waiting for the first appointment"] = _name(episode.client)


def load_referrals(*, organization_name: str, seed: int, today: dt.date) -> ReferralCases:
    context.set_current(context.RequestContext(request_id=f"load_demo-seed-{seed}", ip_address=None, path=""))
    try:
        with transaction.atomic():
            return _load(organization_name, today)
    finally:
        context.set_current(None)


def _load(organization_name: str, today: dt.date) -> ReferralCases:
    organization = Organization.objects.get(name=organization_name)
    actor = User.objects.get(organization=organization, username="casemanager")
    places = _directory(actor)
    cases = ReferralCases(resources=len(places))
    clinic = places["Riverbend Outpatient Counseling"]
    episodes = list(
        Episode.objects.filter(client__organization=organization)
        .select_related("client__site")
        .order_by("client__legal_last_name", "client__legal_first_name", "admitted_on")
    )
    open_clients = {e.client_id: e.client for e in episodes if e.discharged_on is None}
    consenting = (client for client in open_clients.values() if _covered(client, clinic))
    _open_and_closed(actor, consenting, places, today, cases)
    discharged = next(
        (e for e in episodes if e.discharged_on is not None and _covered(e.client, clinic)), None
    )
    if discharged is not None:
        _aftercare(actor, discharged, clinic, today, cases)
    _past_follow_ups(actor, organization, today, exclude=discharged)
    return cases


def _past_follow_ups(
    actor: User, organization: Organization, today: dt.date, exclude: Episode | None
) -> None:
    """The calls of discharges long past were made: only the last weeks' follow-ups wait on the worklist."""
    long_past = DischargeFollowUp.objects.filter(
        organization=organization,
        recorded_on__isnull=True,
        due_on__lt=today - dt.timedelta(days=7),
    ).exclude(episode=exclude)
    for n, follow_up in enumerate(long_past.order_by("due_on")):
        outcome = FollowUpOutcome.ENGAGED if n % 3 else FollowUpOutcome.NOT_REACHED
        services.record_discharge_follow_up(
            actor=actor, follow_up=follow_up, outcome=outcome, on=follow_up.due_on
        )
