"""Writes behind the face sheet: demographics and contact preferences, the emergency contact, allergies and
insurance card photos.

Each write is atomic, checks the editor's role and organization, and leaves an audit event that names the
fields changed, never their values (the audit trail must not copy PHI).
"""

import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from trellis.accounts.access import require
from trellis.accounts.roles import Capability
from trellis.clients import card_images
from trellis.clients.models import Allergy, Client, ClientContact, InsuranceCard
from trellis.clients.services import update_client
from trellis.core.errors import reject
from trellis.privacy import audit

PHONE_FIELDS = ("phone", "alternate_phone", "primary_care_phone", "pharmacy_phone")
_PHONE_CHARACTERS = re.compile(r"^[\d\s().+\-]+(\s*(x|ext\.?)\s*\d{1,6})?$", re.IGNORECASE)
# Which consent needs which way of reaching the client: permission to text a number nobody wrote down is
# a form filled in wrong, not a preference.
CONSENT_NEEDS = {
    "phone_voicemail_ok": ("phone", "There is no phone number to leave a voicemail on."),
    "phone_text_ok": ("phone", "There is no phone number to text."),
    "alternate_phone_voicemail_ok": ("alternate_phone", "There is no other phone number."),
    "email_ok": ("email", "There is no e-mail address to write to."),
}


@dataclass(frozen=True)
class EmergencyContact:
    name: str = ""
    relationship: str = ""
    phone: str = ""


def check_phone(field: str, value: str) -> None:
    """A US number with its area code (10 digits, or 11 with the leading 1), an extension allowed."""
    number = re.split(r"(?i)x|ext", value)[0]
    digits = re.sub(r"\D", "", number)
    if not _PHONE_CHARACTERS.match(value.strip()) or len(digits.removeprefix("1")) != 10:
        reject(field, "Enter a phone number with its area code, such as (217) 555-0134.")


def _check_editor(*, client: Client, user: Any) -> None:
    require(user, Capability.EDIT_CLIENTS)
    if getattr(user, "organization_id", None) != client.organization_id:
        reject("client", "This client is not in your organization.")


def _check_consents(client: Client, changes: dict[str, Any]) -> None:
    for flag, (needed, message) in CONSENT_NEEDS.items():
        if changes.get(flag, getattr(client, flag)) and not str(changes.get(needed, getattr(client, needed))):
            reject(flag, message)


def _check_changed_phones(client: Client, changes: dict[str, Any]) -> None:
    """Only numbers being changed: an old number in another format must not block an unrelated edit."""
    for field in PHONE_FIELDS:
        value = str(changes.get(field, "")).strip()
        if field in changes and value and value != getattr(client, field):
            check_phone(field, value)


@transaction.atomic
def save_face_sheet(
    *, client: Client, changed_by: Any, changes: dict[str, Any], emergency_contact: EmergencyContact
) -> Client:
    """The face sheet as one edit: every field and the emergency contact land together, or nothing does."""
    _check_editor(client=client, user=changed_by)
    client = Client.objects.select_for_update().get(pk=client.pk)
    changes = {name: value.strip() if isinstance(value, str) else value for name, value in changes.items()}
    _check_changed_phones(client, changes)
    _check_consents(client, changes)
    if changes.get("no_known_allergies") and client.allergies.exists():
        reject("no_known_allergies", "Allergies are recorded: remove them before marking no known allergies.")
    client = update_client(client=client, changed_by=changed_by, **changes)
    set_emergency_contact(client=client, contact=emergency_contact, changed_by=changed_by)
    return client


def set_emergency_contact(*, client: Client, contact: EmergencyContact, changed_by: Any) -> None:
    """The first emergency contact changed in place; a new one when there was none; blank stops being one."""
    current = client.contacts.filter(is_emergency_contact=True).order_by("created_at").first()
    name = contact.name.strip()
    if current is None and not name:
        return
    if current is not None and not name:
        current.is_emergency_contact = False
        current.save(update_fields=["is_emergency_contact", "updated_at"])
        _audit_contact(changed_by, client, current, ["is_emergency_contact"])
        return
    if contact.phone.strip() and (current is None or contact.phone.strip() != current.phone):
        check_phone("emergency_phone", contact.phone.strip())
    values = {
        "name": name[:120],
        "relationship": contact.relationship.strip()[:60],
        "phone": contact.phone.strip(),
    }
    if current is None:
        created = ClientContact.objects.create(client=client, is_emergency_contact=True, **values)
        audit.record(
            actor=changed_by, action=audit.Action.CREATE, client_id=client.pk, obj=created,
            detail="emergency contact",
        )  # fmt: skip
        return
    changed = [field for field, value in values.items() if getattr(current, field) != value]
    for field in changed:
        setattr(current, field, values[field])
    if changed:
        current.save(update_fields=[*changed, "updated_at"])
        _audit_contact(changed_by, client, current, changed)


def _audit_contact(actor: Any, client: Client, contact: ClientContact, changed: list[str]) -> None:
    audit.record(
        actor=actor, action=audit.Action.UPDATE, client_id=client.pk, obj=contact,
        detail="emergency contact: changed " + ", ".join(changed),
    )  # fmt: skip


@transaction.atomic
def add_allergy(*, client: Client, substance: str, reaction: str, severity: str, added_by: Any) -> Allergy:
    """An allergy on the record; "no known allergies" stops being true, so it is cleared in the same write."""
    _check_editor(client=client, user=added_by)
    client = Client.objects.select_for_update().get(pk=client.pk)
    substance = " ".join(substance.split())
    if not substance:
        reject("substance", "Name the substance the client is allergic to.")
    if len(substance) > 120 or len(reaction.strip()) > 200:
        reject("substance" if len(substance) > 120 else "reaction", "Keep this shorter.")
    if severity not in Allergy.Severity.values:
        reject("severity", "Choose mild, moderate, severe or not known.")
    if client.allergies.filter(substance__iexact=substance).exists():
        reject("substance", f"{substance} is already on the allergy list.")
    allergy = Allergy.objects.create(
        client=client, substance=substance, reaction=reaction.strip(), severity=severity, recorded_by=added_by
    )
    detail = "allergy"
    if client.no_known_allergies:
        client.no_known_allergies = False
        client.save(update_fields=["no_known_allergies", "updated_at"])
        detail = "allergy; cleared no known allergies"
    audit.record(actor=added_by, action=audit.Action.CREATE, client_id=client.pk, obj=allergy, detail=detail)
    return allergy


@transaction.atomic
def remove_allergy(*, allergy: Allergy, removed_by: Any) -> None:
    """Entered in error or ruled out; the audit trail keeps that there was one."""
    _check_editor(client=allergy.client, user=removed_by)
    audit.record(
        actor=removed_by,
        action=audit.Action.DELETE,
        client_id=allergy.client_id,
        obj=allergy,
        detail="allergy",
    )
    allergy.delete()


@transaction.atomic
def add_insurance_card(
    *, client: Client, label: str, front: Any, back: Any, uploaded_by: Any
) -> InsuranceCard:
    """Photos of the card, cleaned of their metadata; the front is required, the back when it has anything."""
    _check_editor(client=client, user=uploaded_by)
    label = " ".join(label.split())
    if not label:
        reject("label", "Name the plan as printed on the card.")
    if front is None:
        reject("front", "Add a photo of the front of the card.")
    pictures = {}
    for side, upload in (("front", front), ("back", back)):
        if upload is None:
            continue
        try:
            pictures[side] = card_images.clean_picture(upload)
        except card_images.NotAPicture as error:
            reject(side, str(error))
    card = InsuranceCard(client=client, label=label[:120], uploaded_by=uploaded_by)
    for side, picture in pictures.items():
        getattr(card, side).save(picture.name, picture, save=False)
    card.save()
    audit.record(
        actor=uploaded_by, action=audit.Action.CREATE, client_id=client.pk, obj=card, detail="insurance card"
    )
    return card
