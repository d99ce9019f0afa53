"""Preparing, signing and revoking consents (42 CFR 2.31): the rules a consent must meet, checked once here.

Pages and the API call these; each is atomic and audited, and a consent that breaks a rule is refused with a
message that says which, writing nothing.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from trellis.clients.models import Client
from trellis.core import clock
from trellis.privacy import audit, part2
from trellis.privacy.consent_models import Consent, ConsentState
from trellis.privacy.part2 import ConsentKind, InfoKind, Purpose, SignatureMethod, SignerRole

# Longest drawn signature kept (SVG path data); a real one is a few kilobytes.
MAX_SIGNATURE_CHARS = 60_000


class ConsentInvalid(ValueError):
    """The consent breaks a rule of 42 CFR 2.31; the message says which. Nothing was written."""


@dataclass(frozen=True)
class ConsentTerms:
    """What staff fill in before the client reads and signs."""

    kind: str
    information: tuple[str, ...]
    information_detail: str
    purposes: tuple[str, ...]
    general_designation: bool = False
    recipient_kind: str = ""
    recipient_name: str = ""
    recipient_detail: str = ""
    purpose_detail: str = ""
    expires_on: dt.date | None = None
    expiry_event: str = ""
    no_expiry: bool = False
    disclosing_party: str = ""


def _check_kind(terms: ConsentTerms) -> None:
    info, purposes = set(terms.information), set(terms.purposes)
    if terms.kind == ConsentKind.TPO and not purposes <= part2.TPO_PURPOSES:
        raise ConsentInvalid("A TPO consent covers treatment, payment and health care operations only.")
    if terms.kind == ConsentKind.COUNSELING_NOTES and info != {InfoKind.COUNSELING_NOTES}:
        raise ConsentInvalid(
            "A consent for SUD counseling notes covers those notes only and cannot be combined with any other "
            "information (42 CFR 2.31(b))."
        )
    if terms.kind != ConsentKind.COUNSELING_NOTES and InfoKind.COUNSELING_NOTES in info:
        raise ConsentInvalid("SUD counseling notes need their own separate consent (42 CFR 2.31(b)).")
    if terms.kind == ConsentKind.LEGAL and purposes != {Purpose.LEGAL}:
        raise ConsentInvalid("A consent for use in legal proceedings is for that purpose only.")
    if terms.kind != ConsentKind.LEGAL and Purpose.LEGAL in purposes:
        raise ConsentInvalid("Use in legal proceedings needs its own separate consent or a court order.")


def _check_recipient(terms: ConsentTerms) -> None:
    if terms.general_designation:
        if terms.kind != ConsentKind.TPO:
            raise ConsentInvalid(
                "Only a TPO consent may name recipients by general designation (42 CFR 2.31)."
            )
        return
    if not terms.recipient_name.strip() or not terms.recipient_kind:
        raise ConsentInvalid("Name the recipient and say what kind of recipient it is.")
    if terms.recipient_kind not in part2.RecipientKind.values:
        raise ConsentInvalid("Choose a kind of recipient from the list.")


def _check_expiry(terms: ConsentTerms, today: dt.date) -> None:
    chosen = [terms.expires_on is not None, bool(terms.expiry_event.strip()), terms.no_expiry]
    if sum(chosen) != 1:
        raise ConsentInvalid("Give exactly one expiry: a date, an event, or none (TPO consents only).")
    if terms.no_expiry and terms.kind != ConsentKind.TPO:
        raise ConsentInvalid("Only a TPO consent may have no expiry date or event (42 CFR 2.31(a)(7)).")
    if terms.expires_on is not None and terms.expires_on < today:
        raise ConsentInvalid("The expiry date has already passed.")


def validate_terms(terms: ConsentTerms, today: dt.date) -> None:
    if terms.kind not in ConsentKind.values:
        raise ConsentInvalid("Choose the kind of consent.")
    if not terms.information or not set(terms.information) <= set(InfoKind.values):
        raise ConsentInvalid("Say what information may be disclosed.")
    if not terms.purposes or not set(terms.purposes) <= set(Purpose.values):
        raise ConsentInvalid("Say what the disclosure is for.")
    if not terms.information_detail.strip():
        raise ConsentInvalid(
            "Describe how much and what kind of information, naming SUD information plainly."
        )
    _check_kind(terms)
    _check_recipient(terms)
    _check_expiry(terms, today)


def _today(client: Client) -> dt.date:
    return clock.today_in(client.site.timezone)


@transaction.atomic
def prepare(*, client: Client, terms: ConsentTerms, actor: Any) -> Consent:
    """A consent awaiting the client's signature."""
    validate_terms(terms, _today(client))
    consent = Consent.objects.create(
        organization_id=client.organization_id,
        client=client,
        kind=terms.kind,
        disclosing_party=terms.disclosing_party.strip() or client.organization.name,
        information=sorted(set(terms.information)),
        information_detail=terms.information_detail.strip(),
        general_designation=terms.general_designation,
        recipient_kind="" if terms.general_designation else terms.recipient_kind,
        recipient_name="" if terms.general_designation else terms.recipient_name.strip(),
        recipient_detail=terms.recipient_detail.strip(),
        purposes=sorted(set(terms.purposes)),
        purpose_detail=terms.purpose_detail.strip(),
        expires_on=terms.expires_on,
        expiry_event=terms.expiry_event.strip(),
        no_expiry=terms.no_expiry,
        prepared_by=actor,
    )
    audit.record(
        actor=actor, action=audit.Action.CREATE, client_id=client.pk, obj=consent, detail="consent prepared"
    )
    return consent


@transaction.atomic
def sign(
    *,
    consent: Consent,
    signer_name: str,
    signer_role: str,
    method: str,
    signature: str,
    device: str,
    actor: Any,
    system_job: str = "",
) -> Consent:
    """The client's (or guardian's) signature: drawn strokes or the typed name, with the time and device."""
    locked = Consent.objects.select_for_update().get(pk=consent.pk)
    if locked.signed_at is not None:
        raise ConsentInvalid("This consent is already signed; a change needs a new consent.")
    if not signer_name.strip():
        raise ConsentInvalid("Type the signer's full name.")
    if signer_role not in SignerRole.values:
        raise ConsentInvalid("Say who is signing: the client, a guardian or a personal representative.")
    if method not in SignatureMethod.values:
        raise ConsentInvalid("Draw or type the signature.")
    mark = signature.strip()
    if not mark or len(mark) > MAX_SIGNATURE_CHARS:
        raise ConsentInvalid("Draw the signature in the box, or type the name, then sign.")
    if (
        method == SignatureMethod.TYPED
        and " ".join(mark.split()).casefold() != " ".join(signer_name.split()).casefold()
    ):
        raise ConsentInvalid("The typed signature must match the signer's name.")
    if method == SignatureMethod.DRAWN and not _looks_like_path(mark):
        raise ConsentInvalid("The drawn signature could not be read; clear the box and sign again.")
    locked.signer_name = signer_name.strip()
    locked.signer_role = signer_role
    locked.signature_method = method
    locked.signature = mark
    locked.signed_device = device[:200]
    locked.signed_at = clock.now()
    locked.witnessed_by = actor
    locked.save()
    audit.record(
        actor=actor,
        action=audit.Action.UPDATE,
        client_id=locked.client_id,
        obj=locked,
        detail=f"consent signed ({method}, by {signer_role}) on {_device_words(device)}",
        system_job=system_job,
    )
    return locked


def _looks_like_path(mark: str) -> bool:
    """SVG path data of pen strokes only: move/line commands and numbers, nothing that could be markup."""
    allowed = set("MLml0123456789.,- ")
    return mark[0] in "Mm" and set(mark) <= allowed


def _device_words(device: str) -> str:
    """A short, PHI-free description of the device for the audit detail."""
    lowered = device.lower()
    for word in ("ipad", "tablet", "android", "iphone", "windows", "macintosh", "linux"):
        if word in lowered:
            return word
    return "unknown device"


@transaction.atomic
def revoke(*, consent: Consent, method: str, note: str, actor: Any, system_job: str = "") -> Consent:
    """Revocation takes effect at once for every later disclosure (42 CFR 2.31(a)(6))."""
    locked = Consent.objects.select_for_update().get(pk=consent.pk)
    if locked.revoked_at is not None:
        raise ConsentInvalid("This consent was already revoked.")
    if locked.signed_at is None:
        raise ConsentInvalid("An unsigned consent has nothing to revoke; it was never in force.")
    if not method.strip():
        raise ConsentInvalid("Say how the client revoked it (in writing, verbally, through the portal).")
    locked.revoked_at = clock.now()
    locked.revoked_by = actor
    locked.revocation_method = method.strip()[:20]
    locked.revocation_note = note.strip()[:200]
    locked.save()
    audit.record(
        actor=actor,
        action=audit.Action.REVOKE,
        client_id=locked.client_id,
        obj=locked,
        detail="consent revoked",
        system_job=system_job,
    )
    return locked


@transaction.atomic
def record_expiry_event(*, consent: Consent, occurred_on: dt.date, actor: Any) -> Consent:
    """The event the consent named has happened: it ends on that day."""
    locked = Consent.objects.select_for_update().get(pk=consent.pk)
    if not locked.expiry_event:
        raise ConsentInvalid("This consent does not end on an event.")
    if occurred_on > _today(locked.client):
        raise ConsentInvalid("The event cannot be recorded before it happens.")
    locked.expiry_event_occurred_on = occurred_on
    locked.save()
    audit.record(
        actor=actor,
        action=audit.Action.UPDATE,
        client_id=locked.client_id,
        obj=locked,
        detail="consent expiry event recorded",
    )
    return locked


def state_now(consent: Consent) -> str:
    return consent.state_on(clock.now(), _today(consent.client))


def expiring_soon(consent: Consent, *, within_days: int = 30) -> bool:
    today = _today(consent.client)
    return (
        state_now(consent) == ConsentState.ACTIVE
        and consent.expires_on is not None
        and consent.expires_on <= today + dt.timedelta(days=within_days)
    )
