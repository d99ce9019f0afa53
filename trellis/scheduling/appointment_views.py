"""Booking a client's appointment, and an appointment's own page (what, when, with whom, and its record)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.clients.models import Client
from trellis.core import clock
from trellis.privacy import audit
from trellis.scheduling import booking, session_links
from trellis.scheduling.forms import AppointmentForm
from trellis.scheduling.models import Appointment


def _client(user: Any, pk: Any) -> Client:
    client: Client = get_object_or_404(Client.objects.visible_to(user).select_related("site"), pk=pk)
    return client


def _attach(form: AppointmentForm, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@requires(Capability.EDIT_CLIENTS)
def appointment_new_view(request: HttpRequest, pk: Any) -> HttpResponse:
    client = _client(request.user, pk)
    zone = client.site.timezone
    form = AppointmentForm(
        request.POST or None,
        site_id=client.site_id,
        initial={"day": clock.today_in(zone), "staff": request.user},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appointment = booking.book_appointment(
                kind=data["kind"],
                site=client.site,
                staff=data["staff"],
                client=client,
                starts_at=clock.local_datetime(data["day"], data["starts_at"], zone),
                minutes=data["minutes"],
                booked_by=request.user,
            )
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, f"{appointment.get_kind_display()} booked.")
            return redirect("scheduling:appointment", pk=appointment.pk)
    audit.record(
        actor=request.user,
        action=audit.Action.VIEW,
        client_id=client.pk,
        obj=client,
        detail="book appointment",
    )
    status = 400 if form.errors else 200
    return render(
        request, "scheduling/appointment_form.html", {"client": client, "form": form}, status=status
    )


def _appointment(user: Any, pk: Any) -> Appointment:
    visible = Appointment.objects.visible_to(user).select_related("site", "staff", "client", "inquiry")
    appointment: Appointment = get_object_or_404(visible, pk=pk)
    return appointment


@requires(Capability.VIEW_CLIENTS)
def appointment_view(request: HttpRequest, pk: Any) -> HttpResponse:
    appointment = _appointment(request.user, pk)
    audit.record(
        actor=request.user,
        action=audit.Action.VIEW,
        client_id=appointment.client_id,
        obj=appointment,
        detail="appointment",
        organization_id=appointment.site.organization_id,
    )
    zone = clock.zone(appointment.site.timezone)
    context = {
        "appointment": appointment,
        "starts": appointment.starts_at.astimezone(zone),
        "ends": appointment.ends_at.astimezone(zone),
        "records": session_links.links_for(appointment),
        "can_edit": request.user.can(Capability.EDIT_CLIENTS),  # type: ignore[union-attr]
    }
    return render(request, "scheduling/appointment.html", context)


@require_POST
@requires(Capability.EDIT_CLIENTS)
def appointment_cancel_view(request: HttpRequest, pk: Any) -> HttpResponse:
    appointment = _appointment(request.user, pk)
    try:
        booking.cancel_appointment(
            appointment=appointment, reason=request.POST.get("reason", ""), cancelled_by=request.user
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "Appointment cancelled.")
    return redirect("scheduling:appointment", pk=appointment.pk)
