"""Family sessions and psychiatric visits, documented as individual notes so signing and capture stay one path.

A family member takes part only under a consent in force that names them (42 CFR 2.31: a named recipient;
what is said in the session is the client's record). A psychiatric visit is written by a prescriber and says
what was done with each of the client's medication orders.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from trellis.accounts.access import require
from trellis.accounts.roles import Capability
from trellis.attendance.models import AttendanceRecord
from trellis.clients.models import Client, ClientContact
from trellis.core.errors import reject
from trellis.medications.models import MedicationOrder
from trellis.medications.orders import create_order
from trellis.medications.regimen import Regimen
from trellis.notes.choices import EM_LEVELS, PSYCHIATRIC_SERVICES, NoteService, OrderAction
from trellis.notes.individual_services import create_individual_note
from trellis.notes.models import FamilyParticipant, GroupFamilyAttendee, IndividualNote, VisitOrderAction
from trellis.privacy import audit
from trellis.privacy.consent_selectors import contacts_with_family_consent

NO_FAMILY_CONSENT = "no_family_consent"


def refuse_unconsented(*, client: Client, contacts: list[ClientContact]) -> None:
    """Refuse participants who are not the client's contacts, or whom no consent in force names."""
    if not contacts:
        reject("participants", "Choose at least one family member or support person who took part.")
    if any(contact.client_id != client.pk for contact in contacts):
        reject("participants", "Choose family members from the client's own contacts.")
    consented = contacts_with_family_consent(client=client, contacts=contacts)
    missing = [contact for contact in contacts if contact.pk not in consented]
    if missing:
        names = ", ".join(contact.name for contact in missing)
        reject(
            "participants",
            f"No consent in force lets {names} take part in the client's sessions. Prepare a family consent "
            "naming them and have the client sign it; nothing was saved.",
            code=NO_FAMILY_CONSENT,
        )


@transaction.atomic
def create_family_note(
    *,
    client: Client,
    author: Any,
    service_date: dt.date,
    duration_minutes: int,
    note_format: str,
    sections: dict[str, str],
    client_present: bool,
    contacts: list[ClientContact],
    risk_level: str = "",
    risk_note: str = "",
) -> IndividualNote:
    """A draft note of a family session (90847 with the client present, 90846 without)."""
    require(author, Capability.WRITE_NOTES)
    refuse_unconsented(client=client, contacts=contacts)
    service = NoteService.FAMILY_WITH_CLIENT if client_present else NoteService.FAMILY_WITHOUT_CLIENT
    note = create_individual_note(
        client=client,
        author=author,
        service_date=service_date,
        duration_minutes=duration_minutes,
        note_format=note_format,
        sections=sections,
        risk_level=risk_level,
        risk_note=risk_note,
        service=service,
    )
    FamilyParticipant.objects.bulk_create(FamilyParticipant(note=note, contact=c) for c in contacts)
    audit.record(
        actor=author,
        action=audit.Action.CREATE,
        client_id=client.pk,
        obj=note,
        detail=f"family participants: {len(contacts)}",
    )
    return note


@dataclass(frozen=True)
class StartedOrder:
    """A medication the prescriber starts at the visit: its order is made with the note and linked to it."""

    name: str
    regimen: Regimen


def _check_psychiatric(*, client: Client, author: Any, service: str, em_code: str) -> None:
    if not author.can(Capability.ORDER_MEDICATIONS):
        reject("service", "Only a prescriber writes a psychiatric visit note.")
    if service not in PSYCHIATRIC_SERVICES:
        reject("service", "Choose an evaluation or a medication-management visit.")
    if em_code and em_code not in EM_LEVELS.get(service, ()):
        reject("em_code", "Choose an E/M level for this kind of visit, or leave it to the visit's time.")


def _orders(client: Client, actions: dict[Any, str]) -> list[MedicationOrder]:
    if any(action not in OrderAction.values for action in actions.values()):
        reject("orders", "Choose what was done with each medication.")
    orders = list(MedicationOrder.objects.filter(client=client, pk__in=list(actions)))
    if len(orders) != len(actions):
        reject("orders", "Choose medications from the client's own orders.")
    return orders


@transaction.atomic
def create_psychiatric_note(
    *,
    client: Client,
    author: Any,
    service: str,
    service_date: dt.date,
    duration_minutes: int,
    note_format: str,
    sections: dict[str, str],
    order_actions: dict[Any, str],
    em_code: str = "",
    risk_level: str = "",
    risk_note: str = "",
    start: StartedOrder | None = None,
) -> IndividualNote:
    """A prescriber's draft note of a psychiatric evaluation or medication-management visit, with what was done
    with each medication order; `duration_minutes` is the prescriber's total time on the day (E/M by time)."""
    _check_psychiatric(client=client, author=author, service=service, em_code=em_code)
    actions = {str(pk): action for pk, action in order_actions.items()}
    orders = _orders(client, actions)
    note = create_individual_note(
        client=client,
        author=author,
        service_date=service_date,
        duration_minutes=duration_minutes,
        note_format=note_format,
        sections=sections,
        risk_level=risk_level,
        risk_note=risk_note,
        service=service,
        em_code=em_code,
    )
    VisitOrderAction.objects.bulk_create(
        VisitOrderAction(note=note, order=order, action=actions[str(order.pk)]) for order in orders
    )
    if start is not None:
        order = create_order(
            client=client, name=start.name, regimen=start.regimen, ordered_by=author, ordered_on=service_date
        )
        VisitOrderAction.objects.create(note=note, order=order, action=OrderAction.STARTED)
    return note


def is_refused_for_consent(error: ValidationError) -> bool:
    return any(e.code == NO_FAMILY_CONSENT for e in error.error_dict.get("participants", []))


@transaction.atomic
def record_family_attendees(
    *, attendance: AttendanceRecord, contacts: list[ClientContact], recorded_by: Any
) -> list[GroupFamilyAttendee]:
    """The family members who came with a client to a multi-family group session (90849), replacing any
    recorded before; each must be named by a consent in force, as in a family session."""
    require(recorded_by, Capability.TAKE_ATTENDANCE)
    if not attendance.session.group.family_group:
        reject("participants", "Family members are recorded only at a multi-family group.")
    if not attendance.counts_as_present:
        reject("participants", "Record family members only for a client who attended.")
    if contacts:
        refuse_unconsented(client=attendance.client, contacts=contacts)
    GroupFamilyAttendee.objects.filter(attendance=attendance).delete()
    attendees = GroupFamilyAttendee.objects.bulk_create(
        GroupFamilyAttendee(attendance=attendance, contact=contact, recorded_by=recorded_by)
        for contact in contacts
    )
    audit.record(
        actor=recorded_by,
        action=audit.Action.UPDATE,
        client_id=attendance.client_id,
        obj=attendance,
        detail=f"family attendees: {len(contacts)}",
    )
    return attendees
