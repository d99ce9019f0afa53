"""Reads of consents for pages: the chart's list with each consent's state, and Today's missing and expiring.

Each runs a fixed number of queries whatever the number of clients and consents.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from trellis.clients.models import Client
from trellis.core import clock, page_memo
from trellis.privacy import part2
from trellis.privacy.consent_models import Consent, ConsentState
from trellis.privacy.gate import GateContext
from trellis.privacy.part2 import ConsentKind

EXPIRING_WITHIN_DAYS = 30
# Colour for each state; the state's words are always shown beside it.
BADGES = {
    ConsentState.ACTIVE: "ok",
    ConsentState.AWAITING_SIGNATURE: "info",
    ConsentState.EXPIRED: "warn",
    ConsentState.REVOKED: "bad",
}


@dataclass(frozen=True)
class ConsentLine:
    consent: Consent
    state: str
    today: dt.date

    @property
    def state_label(self) -> str:
        return str(ConsentState(self.state).label)

    @property
    def badge(self) -> str:
        return BADGES.get(ConsentState(self.state), "")

    @property
    def purposes(self) -> list[str]:
        return part2.labels(self.consent.purposes, part2.Purpose)

    @property
    def information(self) -> list[str]:
        return part2.labels(self.consent.information, part2.InfoKind)

    @property
    def in_force(self) -> bool:
        return self.state == ConsentState.ACTIVE

    @property
    def days_left(self) -> int | None:
        """Days until an in-force consent's end date, when it ends on a date within the warning window."""
        ends = self.consent.expires_on
        if not self.in_force or ends is None:
            return None
        left = (ends - self.today).days
        return left if left <= EXPIRING_WITHIN_DAYS else None


def line_for(consent: Consent, *, moment: dt.datetime, today: dt.date) -> ConsentLine:
    return ConsentLine(consent=consent, state=consent.state_on(moment, today), today=today)


def consents_visible_to(user: Any) -> QuerySet[Consent]:
    """Consents of the clients the user may see, in the user's own organization only."""
    return Consent.objects.filter(
        organization_id=user.organization_id, client__in=Client.objects.visible_to(user)
    )


@dataclass(frozen=True)
class ChartConsents:
    lines: list[ConsentLine]
    part2: bool

    @property
    def any_in_force(self) -> bool:
        return any(line.in_force for line in self.lines)

    @property
    def tpo_in_force(self) -> bool:
        return any(line.in_force and line.consent.kind == ConsentKind.TPO for line in self.lines)


def get_chart_consents(*, client: Client) -> ChartConsents:
    """The client's consents, newest first, with the gate's own reading of whether the client is Part 2."""
    context = GateContext.load([client.pk])
    moment, today = clock.now(), clock.today_in(client.site.timezone)
    consents = sorted(context.consents.get(client.pk, []), key=lambda c: c.created_at, reverse=True)
    return ChartConsents(
        lines=[line_for(c, moment=moment, today=today) for c in consents], part2=context.part2[client.pk]
    )


@dataclass(frozen=True)
class TodayConsents:
    missing: list[Client]  # active Part 2 clients with no TPO consent in force
    expiring: list[ConsentLine]  # consents in force that end on a date within 30 days
    missing_total: int
    expiring_total: int


def _active_clients(user: Any, client_id: Any = None) -> tuple[dict[Any, Client], set[Any]]:
    """Clients with an open episode that the user may see (or that one of them), and which of them are in a
    Part 2 program."""
    from trellis.episodes.models import Episode  # episodes import privacy; read late, as the gate does

    clients: dict[Any, Client] = {}
    in_part2: set[Any] = set()
    visible = Client.objects.visible_to(user)
    if client_id is not None:
        visible = visible.filter(pk=client_id)
    episodes = Episode.objects.open().filter(client__in=visible).select_related("program", "client__site")
    for episode in episodes:
        clients[episode.client_id] = episode.client
        if episode.program.part2:
            in_part2.add(episode.client_id)
    return clients, in_part2


def list_today_consents(*, user: Any, limit: int, client_id: Any = None) -> TodayConsents:
    """Active Part 2 clients without a TPO consent in force, and consents that end within 30 days; with
    `client_id`, for that client only. Today's panels share one reading (page_memo)."""
    missing, expiring = page_memo.remember(
        ("today_consents", user.pk, client_id), lambda: _today_consents(user, client_id)
    )
    return TodayConsents(
        missing=missing[:limit],
        expiring=expiring[:limit],
        missing_total=len(missing),
        expiring_total=len(expiring),
    )


def _today_consents(user: Any, client_id: Any) -> tuple[list[Client], list[ConsentLine]]:
    clients, in_part2 = _active_clients(user, client_id)
    moment = clock.now()
    signed = Consent.objects.filter(
        client_id__in=list(clients), signed_at__isnull=False, revoked_at__isnull=True
    ).order_by("expires_on", "created_at")
    covered: set[Any] = set()
    expiring: list[ConsentLine] = []
    for consent in signed:
        client = clients[consent.client_id]
        consent.client = client  # already loaded with its site: no query per consent
        line = line_for(consent, moment=moment, today=clock.today_in(client.site.timezone))
        if line.in_force and consent.kind == ConsentKind.TPO:
            covered.add(consent.client_id)
        if line.days_left is not None:
            expiring.append(line)
    missing = sorted(
        (clients[pk] for pk in in_part2 - covered),
        key=lambda c: (c.legal_last_name, c.legal_first_name, str(c.pk)),
    )
    return missing, expiring


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def contacts_with_family_consent(*, client: Client, contacts: list[Any]) -> set[Any]:
    """The ids of `contacts` (of `client`) that a consent in force names as recipient: see family_consented."""
    return family_consented([c for c in contacts if c.client_id == client.pk], zone=client.site.timezone)


def family_consented(contacts: list[Any], *, zone: str) -> set[Any]:
    """The ids of `contacts` whom a consent of their client in force names as recipient: a family member or
    support person, by name (42 CFR 2.31(a)(4): a named individual), for involving family in the client's care.
    One query, whatever the number of clients and contacts."""
    now = clock.now()
    today = clock.today_in(zone)
    in_force: dict[Any, list[Consent]] = {}
    rows = Consent.objects.filter(
        client_id__in={contact.client_id for contact in contacts},
        recipient_kind=part2.RecipientKind.FAMILY,
        general_designation=False,
        signed_at__isnull=False,
    )
    for consent in rows:
        if consent.state_on(now, today) == ConsentState.ACTIVE and part2.Purpose.FAMILY in consent.purposes:
            in_force.setdefault(consent.client_id, []).append(consent)
    return {
        contact.pk
        for contact in contacts
        if any(_same_name(c.recipient_name, contact.name) for c in in_force.get(contact.client_id, []))
    }
