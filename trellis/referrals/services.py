"""Writes for the directory and referrals: each atomic, each audited with no PHI (no names, no reasons).

A referral leaves the program only through the disclosure gate, and every sent referral does: naming someone to
an outside service as a client of a Part 2 program is itself a disclosure of patient-identifying information
(42 CFR 2.11, 2.13), so a referral "without records" still sends the client's identity under a consent.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from trellis.clients.models import Client
from trellis.core import clock
from trellis.core.errors import reject
from trellis.episodes.models import Episode
from trellis.privacy import audit, gate
from trellis.privacy.part2 import InfoKind, Purpose, RecipientKind
from trellis.privacy.paths import OUTBOUND_PATHS, REFERRAL
from trellis.referrals import transitions
from trellis.referrals.choices import TREATING_KINDS, FollowUpOutcome, ReferralState
from trellis.referrals.models import DischargeFollowUp, Referral, ReferralEvent, Resource

# What a referral may carry besides the identity that every referral carries.
RECORD_KINDS = tuple(
    kind for kind in InfoKind if kind in OUTBOUND_PATHS[REFERRAL].information and kind != InfoKind.IDENTITY
)
RESOURCE_FIELDS = (
    "name",
    "kind",
    "contact_person",
    "phone",
    "email",
    "address",
    "payers_accepted",
    "populations",
    "notes",
)
FOLLOW_UP_DAYS_AFTER_DISCHARGE = 30


def recipient_of(resource: Resource) -> tuple[gate.Recipient, str]:
    """Whom the gate sees and why: a treating provider for treatment (a TPO consent covers it by general
    designation), any other service at the client's request (a consent naming it)."""
    if resource.kind in TREATING_KINDS:
        return gate.Recipient(RecipientKind.PROVIDER, resource.name), Purpose.TREATMENT
    return gate.Recipient(RecipientKind.OTHER, resource.name), Purpose.CLIENT_REQUEST


def _audit(actor: Any, action: str, referral: Referral, detail: str) -> None:
    audit.record(actor=actor, action=action, client_id=referral.client_id, obj=referral, detail=detail)


def _event(referral: Referral, *, from_state: str, actor: Any, note: str) -> None:
    ReferralEvent.objects.create(
        referral=referral,
        position=referral.events.count() + 1,
        from_state=from_state,
        to_state=referral.state,
        occurred_at=clock.now(),
        by=actor,
        note=note,
    )


# The directory -------------------------------------------------------------------------------------------------


@transaction.atomic
def save_resource(*, actor: Any, values: dict[str, Any], resource: Resource | None = None) -> Resource:
    """Add a directory entry to the actor's organization, or change one of its own."""
    if resource is not None and resource.organization_id != actor.organization_id:
        reject("name", "This resource belongs to another organization.")
    entry = resource or Resource(organization_id=actor.organization_id)
    for name in RESOURCE_FIELDS:
        setattr(entry, name, values.get(name, getattr(entry, name)))
    duplicate = Resource.objects.filter(organization_id=entry.organization_id, name__iexact=entry.name)
    if duplicate.exclude(pk=entry.pk).exists():
        reject("name", "The directory already has a resource with this name.")
    entry.save()
    action = audit.Action.CREATE if resource is None else audit.Action.UPDATE
    audit.record(actor=actor, action=action, obj=entry, detail="resource directory entry")
    return entry


@transaction.atomic
def set_resource_active(*, actor: Any, resource: Resource, active: bool) -> Resource:
    if resource.organization_id != actor.organization_id:
        reject("active", "This resource belongs to another organization.")
    resource.active = active
    resource.save(update_fields=["active", "updated_at"])
    detail = "resource reactivated" if active else "resource deactivated"
    audit.record(actor=actor, action=audit.Action.UPDATE, obj=resource, detail=detail)
    return resource


# Referrals -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReferralTerms:
    resource: Resource
    domain: str
    reason: str
    records: tuple[str, ...]
    follow_up_on: dt.date | None


def _checked_terms(client: Client, terms: ReferralTerms) -> None:
    if terms.resource.organization_id != client.organization_id:
        reject("resource", "This resource belongs to another organization.")
    if not terms.resource.active:
        reject("resource", "This resource is no longer in the directory; choose another.")
    if not terms.reason.strip():
        reject("reason", "Say why the client is referred.")
    if terms.follow_up_on is None:
        reject("follow_up_on", "Choose the date to follow up on this referral.")
    unknown = set(terms.records) - set(RECORD_KINDS)
    if unknown:
        reject("records", "A referral cannot carry these records.")


def _episode_of(client: Client) -> Episode | None:
    return Episode.objects.filter(client=client).order_by("-admitted_on").first()


@transaction.atomic
def draft_referral(
    *,
    actor: Any,
    client: Client,
    terms: ReferralTerms,
    episode: Episode | None = None,
    aftercare: bool = False,
) -> Referral:
    _checked_terms(client, terms)
    referral = Referral.objects.create(
        organization_id=client.organization_id,
        client=client,
        episode=episode or _episode_of(client),
        resource=terms.resource,
        domain=terms.domain,
        reason=terms.reason.strip(),
        records=sorted(terms.records),
        follow_up_on=terms.follow_up_on,
        aftercare=aftercare,
        created_by=actor,
    )
    _event(referral, from_state="", actor=actor, note="")
    _audit(actor, audit.Action.CREATE, referral, "referral drafted")
    return referral


def _move(referral: Referral, *, to: str, actor: Any, note: str, follow_up_on: dt.date | None) -> None:
    """Change the state (the machine allowing), keep the follow-up date while open, write the event and audit."""
    _checked(referral, to)
    before = referral.state
    referral.state = to
    if follow_up_on is not None:
        referral.follow_up_on = follow_up_on
    if referral.is_open and referral.follow_up_on is None:
        reject("follow_up_on", "Choose the date to follow up on this referral while it is open.")
    referral.save(update_fields=["state", "follow_up_on", "disclosure", "updated_at"])
    _event(referral, from_state=before, actor=actor, note=note.strip())
    _audit(actor, audit.Action.UPDATE, referral, f"referral {before} -> {to}")


def _lock(referral: Referral) -> None:
    """Hold the referral's row for this transaction and read its state afresh: two people answering the same
    referral at once change it one after the other, each from the state the other left."""
    Referral.objects.select_for_update().filter(pk=referral.pk).exists()
    referral.refresh_from_db(
        fields=["state", "follow_up_on", "first_appointment_on", "first_appointment_kept"]
    )


def _checked(referral: Referral, to: str) -> None:
    try:
        transitions.check(referral.state, to)
    except transitions.TransitionRefused as refused:
        raise ValidationError({"state": [str(refused)]}) from refused


def send_referral(*, actor: Any, referral: Referral, note: str = "") -> gate.Release:
    """Send a drafted referral through the disclosure gate. On gate.DisclosureRefused nothing is sent and the
    referral stays drafted, but the gate's audit event of the attempt stands."""
    _checked(referral, ReferralState.SENT)
    recipient, purpose = recipient_of(referral.resource)
    refused: gate.DisclosureRefused | None = None
    with transaction.atomic():
        _lock(referral)
        _checked(referral, ReferralState.SENT)
        try:
            release = gate.disclose(
                path=REFERRAL,
                client=referral.client,
                recipient=recipient,
                purpose=purpose,
                information=[InfoKind.IDENTITY, *referral.records],
                description=f"Referral ({referral.get_domain_display()})",
                actor=actor,
                obj=referral,
            )
        except gate.DisclosureRefused as refusal:
            refused = refusal
        else:
            referral.disclosure = release.disclosure
            _move(referral, to=ReferralState.SENT, actor=actor, note=note, follow_up_on=None)
    if refused is not None:
        raise refused
    return release


@transaction.atomic
def change_referral_state(
    *, actor: Any, referral: Referral, to: str, note: str = "", follow_up_on: dt.date | None = None
) -> Referral:
    """The receiving service's answer, or closing the loop. Sending goes through `send_referral` only."""
    if to == ReferralState.SENT:
        reject("state", "Send the referral from its page, through the consent check.")
    _lock(referral)
    _checked(referral, to)
    if to == ReferralState.COMPLETED and referral.aftercare and not referral.first_appointment_kept:
        reject(
            "state", "An aftercare referral is completed when the first appointment is kept; record it first."
        )
    _move(referral, to=to, actor=actor, note=note, follow_up_on=follow_up_on)
    return referral


@transaction.atomic
def record_first_appointment(*, actor: Any, referral: Referral, on: dt.date, kept: bool | None) -> Referral:
    """The next provider's first appointment: booked (the service has accepted the client), then kept or not.
    A kept first appointment completes the warm hand-off."""
    _lock(referral)
    if referral.state not in (ReferralState.SENT, ReferralState.RECEIVED, ReferralState.ACCEPTED):
        reject("first_appointment_on", "Only a sent referral that is still open has a first appointment.")
    referral.first_appointment_on = on
    referral.first_appointment_kept = kept
    referral.save(update_fields=["first_appointment_on", "first_appointment_kept", "updated_at"])
    _audit(actor, audit.Action.UPDATE, referral, "referral first appointment recorded")
    if referral.state != ReferralState.ACCEPTED:
        _move(
            referral, to=ReferralState.ACCEPTED, actor=actor, note="First appointment booked", follow_up_on=on
        )
    if kept:
        _move(
            referral,
            to=ReferralState.COMPLETED,
            actor=actor,
            note="First appointment kept",
            follow_up_on=None,
        )
    return referral


# The follow-up after discharge ---------------------------------------------------------------------------------


def start_discharge_follow_up(*, episode: Episode, discharged_on: dt.date, actor: Any) -> DischargeFollowUp:
    """Called by the discharge step, inside the discharge's transaction."""
    follow_up = DischargeFollowUp.objects.create(
        organization_id=episode.client.organization_id,
        episode=episode,
        client_id=episode.client_id,
        due_on=discharged_on + dt.timedelta(days=FOLLOW_UP_DAYS_AFTER_DISCHARGE),
    )
    audit.record(
        actor=actor,
        action=audit.Action.CREATE,
        client_id=episode.client_id,
        obj=follow_up,
        detail="30-day follow-up due",
    )
    return follow_up


@transaction.atomic
def record_discharge_follow_up(
    *, actor: Any, follow_up: DischargeFollowUp, outcome: str, on: dt.date
) -> DischargeFollowUp:
    if outcome not in FollowUpOutcome.values:
        reject("outcome", "Choose how the follow-up went.")
    if follow_up.recorded_on is not None:
        reject("outcome", "This follow-up is already recorded.")
    follow_up.outcome = outcome
    follow_up.recorded_on = on
    follow_up.recorded_by = actor
    follow_up.save(update_fields=["outcome", "recorded_on", "recorded_by", "updated_at"])
    audit.record(
        actor=actor,
        action=audit.Action.UPDATE,
        client_id=follow_up.client_id,
        obj=follow_up,
        detail=f"30-day follow-up recorded: {outcome}",
    )
    return follow_up
