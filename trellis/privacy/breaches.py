"""Keeping the breach register (HIPAA 164.400-414; 42 CFR 2.16): incidents, their risk assessment, the notices.

Every write is atomic and audited, and refused with the field named when it breaks a rule. The deadlines are
computed by `breach_deadlines`, never typed in.
"""

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from django.db import transaction

from trellis.clients.models import Client
from trellis.core import clock, plausible_dates
from trellis.core.errors import reject
from trellis.privacy import audit
from trellis.privacy.breach_models import BreachConclusion, BreachIncident
from trellis.privacy.part2 import InfoKind
from trellis.programs.models import Site

NOTICES = {
    "individuals": "individuals_notified_on",
    "hhs": "hhs_notified_on",
    "media": "media_notified_on",
}
# What a notification letter must tell beyond what happened and when (164.404(c)(1)(C)-(E)).
LETTER_PARTS = {
    "steps_for_individuals": "what clients should do to protect themselves",
    "program_actions": "what the program is doing about it",
    "contact": "how to reach the program with questions",
}
FACTORS = ("nature_and_extent", "unauthorized_recipient", "acquired_or_viewed", "mitigation")


@dataclass(frozen=True)
class IncidentTerms:
    title: str
    description: str
    discovered_on: dt.date
    occurred_on: dt.date | None
    occurred_through: dt.date | None
    number_affected: int
    residents_by_state: dict[str, int]
    over_500_in_a_state: bool
    information: tuple[str, ...]
    nature_and_extent: str
    unauthorized_recipient: str
    acquired_or_viewed: str
    mitigation: str
    conclusion: str
    steps_for_individuals: str
    program_actions: str
    contact: str


def organization_today(organization_id: Any) -> dt.date:
    """Today where the organization's first site is (its sites share a region in practice)."""
    site = Site.objects.filter(organization_id=organization_id).order_by("name").first()
    return clock.today_in(site.timezone if site else "America/New_York")


def _check_dates(terms: IncidentTerms, today: dt.date) -> None:
    plausible_dates.check_not_in_future(
        field="discovered_on", day=terms.discovered_on, today=today, what="discovery date"
    )
    if terms.occurred_on is not None and terms.occurred_on > terms.discovered_on:
        reject("occurred_on", "It cannot have happened after it was discovered.")
    if terms.occurred_through is not None:
        if terms.occurred_on is None:
            reject("occurred_on", "Give the first day too, or leave both blank.")
        elif terms.occurred_through < terms.occurred_on:
            reject("occurred_through", "The last day cannot be before the first.")
        if terms.occurred_through > today:
            reject("occurred_through", "The last day cannot be in the future.")


def _check_counts(terms: IncidentTerms, affected: list[Client]) -> None:
    if terms.number_affected < len(affected):
        reject("number_affected", f"At least the {len(affected)} clients listed are affected.")
    if sum(terms.residents_by_state.values()) > terms.number_affected:
        reject("residents_by_state", "The residents by state add up to more than the number affected.")
    if terms.over_500_in_a_state and terms.number_affected <= 500:
        reject("over_500_in_a_state", "More than 500 residents of one state needs more than 500 affected.")


def _check(terms: IncidentTerms, affected: list[Client], organization_id: Any, today: dt.date) -> None:
    if not terms.title.strip():
        reject("title", "Give the incident a short title.")
    if not terms.description.strip():
        reject("description", "Describe what happened.")
    _check_dates(terms, today)
    _check_counts(terms, affected)
    if not set(terms.information) <= set(InfoKind.values):
        reject("information", "Choose the kinds of information from the list.")
    if any(client.organization_id != organization_id for client in affected):
        reject("affected", "Only your organization's clients can be listed.")
    if terms.conclusion not in BreachConclusion.values:
        reject("conclusion", "Choose a conclusion.")
    if terms.conclusion != BreachConclusion.UNDECIDED:
        for factor in FACTORS:
            if not str(getattr(terms, factor)).strip():
                reject(factor, "Assess all four factors before concluding (HIPAA 164.402(2)).")
    if terms.conclusion == BreachConclusion.BREACH:
        for field, what in LETTER_PARTS.items():
            if not str(getattr(terms, field)).strip():
                reject(field, f"The letters to clients must say {what} (HIPAA 164.404(c)).")


def _apply(incident: BreachIncident, terms: IncidentTerms) -> None:
    for field in fields(IncidentTerms):
        value = getattr(terms, field.name)
        setattr(incident, field.name, value.strip() if isinstance(value, str) else value)
    incident.information = sorted(set(terms.information))


def save_incident(
    *,
    organization_id: Any,
    terms: IncidentTerms,
    affected: list[Client],
    actor: Any,
    incident: BreachIncident | None = None,
) -> BreachIncident:
    """Record a new incident, or change one already in the register (`incident`)."""
    if incident is not None and incident.organization_id != organization_id:
        reject("title", "This incident belongs to another organization.")
    _check(terms, affected, organization_id, organization_today(organization_id))
    with transaction.atomic():
        created = incident is None
        incident = incident or BreachIncident(organization_id=organization_id, recorded_by=actor)
        _apply(incident, terms)
        incident.save()
        incident.affected_clients.set(affected)
        audit.record(
            actor=actor,
            action=audit.Action.CREATE if created else audit.Action.UPDATE,
            obj=incident,
            detail=f"breach register: {len(affected)} clients, {terms.conclusion}",
        )
    return incident


def record_notice(*, incident: BreachIncident, notice: str, sent_on: dt.date, actor: Any) -> BreachIncident:
    """The day the individuals, HHS or the media were told."""
    if notice not in NOTICES:
        reject("notice", "Choose who was notified.")
    if not incident.is_breach:
        reject("notice", "Notices follow a conclusion that the incident is a breach.")
    today = organization_today(incident.organization_id)
    plausible_dates.check_not_in_future(
        field="sent_on", day=sent_on, today=today, what="notice date", earliest=incident.discovered_on
    )
    with transaction.atomic():
        setattr(incident, NOTICES[notice], sent_on)
        incident.save(update_fields=[NOTICES[notice], "updated_at"])
        audit.record(actor=actor, action=audit.Action.UPDATE, obj=incident, detail=f"breach notice: {notice}")
    return incident
