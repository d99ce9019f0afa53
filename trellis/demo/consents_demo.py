"""Part 2 consents for the demo, so the holds and refusals are visible on first run (issue 9, part 8).

Most clients signed the single TPO consent at admission. A few stand out, picked deterministically: one has
no consent at all, one revoked theirs last week, one's TPO consent expired last week, one
also let a family member be told, one signed the separate consent for SUD counseling notes, and one has a
TPO consent prepared and waiting for their signature on the tablet.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from trellis.accounts.models import User
from trellis.accounts.roles import Role
from trellis.clients.models import Client
from trellis.core import clock, context
from trellis.episodes.models import Episode
from trellis.privacy import consents
from trellis.privacy.consent_models import Consent
from trellis.privacy.part2 import (
    ConsentKind,
    InfoKind,
    Purpose,
    RecipientKind,
    SignatureMethod,
    SignerRole,
)
from trellis.programs.models import Organization

RECORDS = tuple(kind for kind in InfoKind.values if kind != InfoKind.COUNSELING_NOTES)
SUD_WORDING = "Records of substance use disorder treatment in this program: diagnoses, attendance, plans."


@dataclass
class ConsentCases:
    """Who shows which case, by display name, for the README and the load message."""

    signed: int = 0
    cases: dict[str, str] = field(default_factory=dict)


def _name(client: Client) -> str:
    return f"{client.legal_first_name} {client.legal_last_name}"


def _sign(consent: Consent, actor: User, at: dt.datetime) -> Consent:
    signed = consents.sign(
        consent=consent,
        signer_name=_name(consent.client),
        signer_role=SignerRole.CLIENT,
        method=SignatureMethod.TYPED,
        signature=_name(consent.client),
        device="Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) demo tablet",
        actor=actor,
    )
    # Signed at admission, long before the demo was loaded: history is written with its real dates.
    Consent.objects.filter(pk=signed.pk).update(signed_at=at)
    signed.signed_at = at
    return signed


def _tpo(client: Client, actor: User, at: dt.datetime | None) -> Consent:
    terms = consents.ConsentTerms(
        kind=ConsentKind.TPO,
        information=RECORDS,
        information_detail=SUD_WORDING,
        purposes=(Purpose.TREATMENT, Purpose.PAYMENT, Purpose.OPERATIONS),
        general_designation=True,
        no_expiry=True,
    )
    consent = consents.prepare(client=client, terms=terms, actor=actor)
    return consent if at is None else _sign(consent, actor, at)


def _named(client: Client, actor: User, at: dt.datetime, **terms: Any) -> Consent:
    consent = consents.prepare(
        client=client,
        terms=consents.ConsentTerms(information_detail=SUD_WORDING, **terms),
        actor=actor,
    )
    return _sign(consent, actor, at)


def _admitted_at(episode: Episode) -> dt.datetime:
    return clock.local_datetime(episode.admitted_on, dt.time(10), episode.client.site.timezone)


def _expired_tpo(client: Client, actor: User, at: dt.datetime, today: dt.date) -> None:
    """A TPO consent the client limited to a date that passed last week (entered as staff did then)."""
    terms = consents.ConsentTerms(
        kind=ConsentKind.TPO, information=RECORDS, information_detail=SUD_WORDING,
        purposes=(Purpose.TREATMENT, Purpose.PAYMENT, Purpose.OPERATIONS), general_designation=True,
        expires_on=today,
    )  # fmt: skip
    consent = _sign(consents.prepare(client=client, terms=terms, actor=actor), actor, at)
    Consent.objects.filter(pk=consent.pk).update(expires_on=today - dt.timedelta(days=7))


def _special_cases(episodes: list[Episode], actor: User, today: dt.date, cases: ConsentCases) -> set[Any]:
    """Give six clients the cases that make holds and refusals visible; return their ids."""
    picks = episodes[:6]
    if len(picks) < 6:
        return set()
    none, revoked, expired, family, notes, awaiting = picks
    cases.cases["no consent (claims held)"] = _name(none.client)
    consent = _tpo(revoked.client, actor, _admitted_at(revoked))
    consents.revoke(consent=consent, method="in writing", note="Asked to stop sharing.", actor=actor)
    cases.cases["TPO consent revoked (claims held)"] = _name(revoked.client)
    _expired_tpo(expired.client, actor, _admitted_at(expired), today)
    cases.cases["TPO consent expired last week (claims held)"] = _name(expired.client)
    _tpo(family.client, actor, _admitted_at(family))
    _named(
        family.client, actor, _admitted_at(family), kind=ConsentKind.NAMED,
        information=(InfoKind.IDENTITY, InfoKind.ATTENDANCE), purposes=(Purpose.FAMILY,),
        recipient_kind=RecipientKind.FAMILY, recipient_name="Jordan Rivera (partner)",
        expiry_event="The end of this treatment episode",
    )  # fmt: skip
    cases.cases["TPO and family consent"] = _name(family.client)
    _tpo(notes.client, actor, _admitted_at(notes))
    _named(
        notes.client, actor, _admitted_at(notes), kind=ConsentKind.COUNSELING_NOTES,
        information=(InfoKind.COUNSELING_NOTES,), purposes=(Purpose.TREATMENT,),
        recipient_kind=RecipientKind.PROVIDER, recipient_name="Dr. Avery Chen, psychiatrist",
        expires_on=today + dt.timedelta(days=90),
    )  # fmt: skip
    cases.cases["TPO and SUD counseling notes consent"] = _name(notes.client)
    _tpo(awaiting.client, actor, None)
    cases.cases["TPO consent awaiting signature on the tablet"] = _name(awaiting.client)
    return {episode.client_id for episode in picks}


def load_consents(
    *, organization_name: str, seed: int, today: dt.date, special_cases: bool = True
) -> ConsentCases:
    """Consents for one demo organization's clients, as its admissions staff took them at admission; one
    request id for the whole load, like the rest of the demo's audit events."""
    context.set_current(context.RequestContext(request_id=f"load_demo-seed-{seed}", ip_address=None, path=""))
    try:
        with transaction.atomic():
            return _load(organization_name, today, special_cases)
    finally:
        context.set_current(None)


def _load(organization_name: str, today: dt.date, special_cases: bool) -> ConsentCases:
    organization = Organization.objects.get(name=organization_name)
    staff = User.objects.filter(organization=organization, is_active=True)
    actor = staff.filter(role=Role.ADMISSIONS).order_by("username").first() or staff.get(role=Role.DIRECTOR)
    episodes = list(
        Episode.objects.filter(client__organization=organization)
        .select_related("client__site")
        .order_by("client__legal_last_name", "client__legal_first_name", "admitted_on")
    )
    active = [episode for episode in episodes if episode.discharged_on is None]
    cases = ConsentCases()
    special = _special_cases(active, actor, today, cases) if special_cases else set()
    done: set[Any] = set(special)
    for episode in episodes:
        if episode.client_id in done:
            continue
        done.add(episode.client_id)
        _tpo(episode.client, actor, _admitted_at(episode))
        cases.signed += 1
    return cases
