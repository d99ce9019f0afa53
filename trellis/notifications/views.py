"""Staff pages for reminders: record a client's opt-in or opt-out and their wording choice. Each answer goes
back to the face sheet, or, when refused, to a page that keeps what was typed beside the reason."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.clients.models import Client
from trellis.core.form_errors import attach_errors
from trellis.notifications import services
from trellis.notifications.forms import OptInForm, SettingsForm, WordingForm
from trellis.notifications.models import ChannelConsent


def _client(request: HttpRequest, pk: Any) -> Client:
    client: Client = get_object_or_404(Client.objects.visible_to(request.user).select_related("site"), pk=pk)
    return client


@requires(Capability.EDIT_CLIENTS)
def opt_in_view(request: HttpRequest, pk: Any) -> HttpResponse:
    client = _client(request, pk)
    form = OptInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_opt_in(client=client, recorded_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "Reminder opt-in recorded.")
            return redirect("clients:face_sheet", pk=client.pk)
    context = {
        "client": client,
        "form": form,
        "title": "Record a reminder opt-in",
        "button": "Record the opt-in",
    }
    return render(request, "notifications/form.html", context, status=400 if form.errors else 200)


@requires(Capability.EDIT_CLIENTS)
@require_POST
def opt_out_view(request: HttpRequest, pk: Any) -> HttpResponse:
    visible = Client.objects.visible_to(request.user)
    consent = get_object_or_404(ChannelConsent.objects.filter(client__in=visible), pk=pk)
    services.record_opt_out(consent=consent, how=ChannelConsent.HowOut.STAFF, recorded_by=request.user)
    messages.success(request, f"{consent.get_channel_display()} reminders stopped.")
    return redirect("clients:face_sheet", pk=consent.client_id)


@requires(Capability.EDIT_CLIENTS)
def wording_view(request: HttpRequest, pk: Any) -> HttpResponse:
    client = _client(request, pk)
    form = WordingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.choose_wording(client=client, chosen_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "Reminder wording saved.")
            return redirect("clients:face_sheet", pk=client.pk)
    context = {"client": client, "form": form, "title": "Reminder wording", "button": "Save the wording"}
    return render(request, "notifications/form.html", context, status=400 if form.errors else 200)


@requires(Capability.SETUP_PROGRAMS)
def settings_view(request: HttpRequest) -> HttpResponse:
    """The user's own organization's reminder rules: sender name, help line, quiet hours."""
    user: Any = request.user
    rules = services.settings_for(user.organization_id)
    form = SettingsForm(request.POST or None, instance=rules)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_settings(rules=form.save(commit=False), changed_by=user)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "Reminder settings saved.")
            return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form}, status=400 if form.errors else 200)
