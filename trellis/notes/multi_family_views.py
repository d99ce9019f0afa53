"""A multi-family group session: for each client present, the family members who came with them (90849).

Attendance itself is taken on the session's roster page; this page only adds who came from each family,
under the same consent rule as a family session.
"""

import uuid
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.attendance.models import PRESENT_STATUSES, AttendanceRecord
from trellis.clients.models import Client, ClientContact
from trellis.notes.clinical_services import record_family_attendees
from trellis.notes.models import GroupFamilyAttendee
from trellis.privacy import audit
from trellis.privacy.consent_selectors import family_consented
from trellis.scheduling.models import GroupSession


def _session(request: HttpRequest, pk: Any) -> GroupSession:
    visible = GroupSession.objects.visible_to(request.user).select_related("group", "track__site")
    session: GroupSession = get_object_or_404(visible, pk=pk)
    if not session.group.family_group:
        raise Http404("Not a multi-family group session.")
    return session


def _present(request: HttpRequest, session: GroupSession) -> list[AttendanceRecord]:
    return list(
        AttendanceRecord.objects.filter(
            session=session, status__in=PRESENT_STATUSES, client__in=Client.objects.visible_to(request.user)
        )
        .select_related("client")
        .order_by("client__legal_last_name", "client__legal_first_name")
    )


def _rows(
    session: GroupSession, records: list[AttendanceRecord], posted: dict[str, Any]
) -> list[dict[str, Any]]:
    """One row a client: their contacts, whether each came (as saved, or as just posted) and is consented."""
    contacts: dict[Any, list[ClientContact]] = defaultdict(list)
    for contact in ClientContact.objects.filter(client_id__in=[r.client_id for r in records]):
        contacts[contact.client_id].append(contact)
    consented = family_consented(
        [c for cs in contacts.values() for c in cs], zone=session.track.site.timezone
    )
    came = set(
        GroupFamilyAttendee.objects.filter(attendance__in=records).values_list("attendance_id", "contact_id")
    )
    rows = []
    for record in records:
        chosen = posted.get(str(record.pk))
        rows.append(
            {
                "record": record,
                "errors": posted.get(f"errors:{record.pk}", []),
                "contacts": [
                    {
                        "contact": contact,
                        "consented": contact.pk in consented,
                        "came": str(contact.pk) in chosen
                        if chosen is not None
                        else (record.pk, contact.pk) in came,
                    }
                    for contact in contacts[record.client_id]
                ],
            }
        )
    return rows


def _save(request: HttpRequest, records: list[AttendanceRecord]) -> tuple[bool, dict[str, Any]]:
    """Record the posted client's family attendees; on refusal, what was ticked and why, for the page."""
    record = next((r for r in records if str(r.pk) == request.POST.get("attendance")), None)
    if record is None:
        return False, {}
    chosen = request.POST.getlist("participants")
    contacts = list(ClientContact.objects.filter(client_id=record.client_id, pk__in=_uuids(chosen)))
    if len(contacts) != len(chosen):
        return False, {
            str(record.pk): chosen,
            f"errors:{record.pk}": ["Choose from the client's own contacts."],
        }
    try:
        record_family_attendees(attendance=record, contacts=contacts, recorded_by=request.user)
    except ValidationError as error:
        return False, {str(record.pk): chosen, f"errors:{record.pk}": error.messages}
    return True, {}


def _uuids(values: list[str]) -> list[str]:
    valid = []
    for value in values:
        try:
            valid.append(str(uuid.UUID(value)))
        except ValueError:
            continue
    return valid


@requires(Capability.TAKE_ATTENDANCE)
def multi_family_view(request: HttpRequest, session_pk: Any) -> HttpResponse:
    session = _session(request, session_pk)
    records = _present(request, session)
    posted: dict[str, Any] = {}
    if request.method == "POST":
        saved, posted = _save(request, records)
        if saved:
            messages.success(request, "Family members saved.")
            return redirect("notes:multi_family", session_pk=session.pk)
    audit.record_views(
        actor=request.user, client_ids=[r.client_id for r in records], detail="multi-family group attendees"
    )
    context = {"session": session, "rows": _rows(session, records, posted)}
    return render(
        request, "notes/multi_family.html", context, status=400 if request.method == "POST" else 200
    )
