"""Writing a family-session note (a clinician) and a psychiatric-visit note (a prescriber).

Both open blank or from a booked appointment (`?appointment=`), which fills the date and length. Once saved
they are individual notes: the individual-note page edits, signs and amends them.
"""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from trellis.accounts.access import WHAT_IT_ALLOWS, requires
from trellis.accounts.roles import Capability
from trellis.clients.models import Client, ClientContact
from trellis.core import clock
from trellis.medications.models import MedicationOrder
from trellis.medications.orders import active_orders
from trellis.notes import clinical_services
from trellis.notes.choices import NoteFormat, NoteService
from trellis.notes.clinical_forms import FamilyNoteForm, PsychiatricNoteForm
from trellis.privacy import audit
from trellis.privacy.consent_selectors import contacts_with_family_consent
from trellis.scheduling.appointments import Appointment

FAMILY_KINDS = (Appointment.Kind.FAMILY,)
PSYCHIATRIC_KINDS = (Appointment.Kind.PSYCH_EVALUATION, Appointment.Kind.MEDICATION)


def _client(request: HttpRequest, pk: Any) -> Client:
    client: Client = get_object_or_404(Client.objects.visible_to(request.user).select_related("site"), pk=pk)
    return client


def _from_appointment(request: HttpRequest, client: Client, kinds: tuple[str, ...]) -> dict[str, Any]:
    """The date and length of the booked appointment the note is written from; nothing for any other."""
    pk = request.GET.get("appointment")
    if not pk:
        return {}
    try:
        appointment = (
            Appointment.objects.visible_to(request.user)
            .filter(client=client, kind__in=kinds)
            .select_related("site")
            .get(pk=pk)
        )
    except (Appointment.DoesNotExist, ValidationError, ValueError):
        return {}
    day = appointment.starts_at.astimezone(clock.zone(appointment.site.timezone)).date()
    minutes = int((appointment.ends_at - appointment.starts_at) / dt.timedelta(minutes=1))
    initial: dict[str, Any] = {"service_date": day, "duration_minutes": min(minutes, 600)}
    if appointment.kind == Appointment.Kind.PSYCH_EVALUATION:
        initial["service"] = NoteService.PSYCH_EVALUATION_MEDICAL
    return initial


def _format(request: HttpRequest, default: str) -> str:
    value = request.POST.get("format") or request.GET.get("format")
    return value if value in NoteFormat.values else default


def _viewed(request: HttpRequest, client: Client, detail: str) -> None:
    audit.record(actor=request.user, action=audit.Action.VIEW, client_id=client.pk, obj=client, detail=detail)


@requires(Capability.WRITE_NOTES)
def family_new_view(request: HttpRequest, client_pk: Any) -> HttpResponse:
    client = _client(request, client_pk)
    contacts = list(ClientContact.objects.filter(client=client))
    note_format = _format(request, NoteFormat.DAP)
    initial = {
        "service_date": clock.today_in(client.site.timezone),
        "duration_minutes": 50,
        "client_present": True,
    }
    initial.update(_from_appointment(request, client, FAMILY_KINDS))
    form = FamilyNoteForm(request.POST or None, initial=initial, note_format=note_format, contacts=contacts)
    if request.method == "POST" and form.is_valid():
        try:
            note = clinical_services.create_family_note(
                client=client,
                author=request.user,
                service_date=form.cleaned_data["service_date"],
                duration_minutes=form.cleaned_data["duration_minutes"],
                note_format=note_format,
                sections=form.sections,
                client_present=form.cleaned_data["client_present"],
                contacts=form.chosen_contacts,
                **form.risk,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Draft saved. Sign it when every section is written.")
            return redirect("notes:individual", pk=note.pk)
    _viewed(request, client, "new family note")
    consented = contacts_with_family_consent(client=client, contacts=contacts)
    context = {
        "client": client,
        "form": form,
        "note_format": note_format,
        "contacts": [(contact, contact.pk in consented) for contact in contacts],
        "can_prepare_consent": request.user.can(Capability.MANAGE_CONSENTS),  # type: ignore[union-attr]
    }
    return render(request, "notes/family_new.html", context, status=400 if form.errors else 200)


@requires(Capability.VIEW_CLINICAL)
def psychiatric_new_view(request: HttpRequest, client_pk: Any) -> HttpResponse:
    client = _client(request, client_pk)
    if not request.user.can(Capability.ORDER_MEDICATIONS):  # type: ignore[union-attr]
        # After the client is found: an unseen client is not found (404) before the role is refused (403).
        raise PermissionDenied(f"Your role does not allow {WHAT_IT_ALLOWS[Capability.ORDER_MEDICATIONS]}.")
    orders: list[MedicationOrder] = list(active_orders(client))
    note_format = _format(request, NoteFormat.SOAP)
    initial: dict[str, Any] = {
        "service_date": clock.today_in(client.site.timezone),
        "duration_minutes": 25,
        "service": NoteService.MEDICATION_MANAGEMENT,
    }
    initial.update(_from_appointment(request, client, PSYCHIATRIC_KINDS))
    form = PsychiatricNoteForm(request.POST or None, initial=initial, note_format=note_format, orders=orders)
    if request.method == "POST" and form.is_valid():
        try:
            note = clinical_services.create_psychiatric_note(
                client=client,
                author=request.user,
                service=form.cleaned_data["service"],
                service_date=form.cleaned_data["service_date"],
                duration_minutes=form.cleaned_data["duration_minutes"],
                note_format=note_format,
                sections=form.sections,
                order_actions=form.order_actions,
                em_code=form.cleaned_data["em_code"],
                start=form.start,
                **form.risk,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Draft saved. Sign it when every section is written.")
            return redirect("notes:individual", pk=note.pk)
    _viewed(request, client, "new psychiatric note")
    context = {"client": client, "form": form, "note_format": note_format, "orders": orders}
    return render(request, "notes/psychiatric_new.html", context, status=400 if form.errors else 200)
