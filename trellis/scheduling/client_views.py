"""A client's scheduling page: their published week, availability, preference, pins, phase and calendar link."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.clients.models import Client
from trellis.episodes.models import Enrollment
from trellis.privacy import audit
from trellis.scheduling import calendars, services
from trellis.scheduling.forms import CommitmentForm, PinForm, PreferenceForm, StepForm
from trellis.scheduling.inputs import Commitment, ManualPlacement, SchedulingPreference
from trellis.scheduling.models import CalendarFeedToken


def _client(user: Any, pk: Any) -> Client:
    client: Client = get_object_or_404(Client.objects.visible_to(user).select_related("site"), pk=pk)
    return client


def _add_errors(form: Form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _page(request: HttpRequest, client: Client, status: int = 200, **forms: Form) -> HttpResponse:
    user: Any = request.user
    audit.record(actor=user, action=audit.Action.VIEW, client_id=client.pk, obj=client, detail="schedule")
    monday = calendars.parse_week(request.GET.get("week"), zone=client.site.timezone)
    preference = SchedulingPreference.objects.filter(client=client).first()
    token = CalendarFeedToken.objects.filter(client=client).first()
    enrollment = (
        Enrollment.objects.filter(episode__client=client, ends_on__isnull=True)
        .select_related("phase", "track")
        .first()
    )
    context = {
        "client": client,
        "week": calendars.get_client_week(client=client, monday=monday),
        "commitments": list(Commitment.objects.filter(client=client)),
        "pins": list(ManualPlacement.objects.filter(client=client).select_related("group")),
        "enrollment": enrollment,
        "feed_url": request.build_absolute_uri(reverse("scheduling:feed", args=[token.token]))
        if token
        else "",
        "commitment_form": forms.get("commitment_form") or CommitmentForm(),
        "preference_form": forms.get("preference_form")
        or PreferenceForm(initial={"day_part": preference.day_part if preference else ""}),
        "pin_form": forms.get("pin_form") or PinForm(site_id=client.site_id),
        "step_form": forms.get("step_form") or StepForm(),
        "can_edit": user.can(Capability.EDIT_CLIENTS),
        "can_enroll": user.can(Capability.MANAGE_ENROLLMENT),
    }
    return render(request, "scheduling/client_schedule.html", context, status=status)


@requires(Capability.VIEW_CLIENTS)
def client_schedule_view(request: HttpRequest, pk: Any) -> HttpResponse:
    return _page(request, _client(request.user, pk))


@requires(Capability.VIEW_CLIENTS)
def client_print_view(request: HttpRequest, pk: Any) -> HttpResponse:
    """A one-page weekly schedule to hand to the client: groups, times and rooms, nothing clinical."""
    client = _client(request.user, pk)
    audit.record(
        actor=request.user,
        action=audit.Action.EXPORT,
        client_id=client.pk,
        obj=client,
        detail="schedule printed",
    )
    monday = calendars.parse_week(request.GET.get("week"), zone=client.site.timezone)
    week = calendars.get_client_week(client=client, monday=monday)
    return render(request, "scheduling/client_print.html", {"client": client, "week": week})


@require_POST
@requires(Capability.EDIT_CLIENTS)
def add_commitment_view(request: HttpRequest, pk: Any) -> HttpResponse:
    client = _client(request.user, pk)
    form = CommitmentForm(request.POST)
    if form.is_valid():
        try:
            services.add_commitment(client=client, added_by=request.user, **form.cleaned_data)
            return redirect("scheduling:client", pk=client.pk)
        except ValidationError as error:
            _add_errors(form, error)
    return _page(request, client, status=400, commitment_form=form)


@require_POST
@requires(Capability.EDIT_CLIENTS)
def remove_commitment_view(request: HttpRequest, pk: Any, commitment_pk: Any) -> HttpResponse:
    client = _client(request.user, pk)
    commitment = get_object_or_404(Commitment, pk=commitment_pk, client=client)
    services.remove_commitment(commitment=commitment, removed_by=request.user)
    return redirect("scheduling:client", pk=client.pk)


@require_POST
@requires(Capability.EDIT_CLIENTS)
def preference_view(request: HttpRequest, pk: Any) -> HttpResponse:
    client = _client(request.user, pk)
    form = PreferenceForm(request.POST)
    if form.is_valid():
        services.set_day_part_preference(
            client=client, day_part=form.cleaned_data["day_part"], set_by=request.user
        )
        return redirect("scheduling:client", pk=client.pk)
    return _page(request, client, status=400, preference_form=form)


@require_POST
@requires(Capability.MANAGE_ENROLLMENT)
def pin_view(request: HttpRequest, pk: Any) -> HttpResponse:
    client = _client(request.user, pk)
    form = PinForm(request.POST, site_id=client.site_id)
    if form.is_valid():
        try:
            services.pin_client(client=client, pinned_by=request.user, **form.cleaned_data)
            return redirect("scheduling:client", pk=client.pk)
        except ValidationError as error:
            _add_errors(form, error)
    return _page(request, client, status=400, pin_form=form)


@require_POST
@requires(Capability.MANAGE_ENROLLMENT)
def unpin_view(request: HttpRequest, pk: Any, pin_pk: Any) -> HttpResponse:
    client = _client(request.user, pk)
    services.unpin_client(
        pin=get_object_or_404(ManualPlacement, pk=pin_pk, client=client), unpinned_by=request.user
    )
    return redirect("scheduling:client", pk=client.pk)


@require_POST
@requires(Capability.MANAGE_ENROLLMENT)
def step_view(request: HttpRequest, pk: Any) -> HttpResponse:
    client = _client(request.user, pk)
    form = StepForm(request.POST)
    enrollment = Enrollment.objects.filter(episode__client=client, ends_on__isnull=True).first()
    if form.is_valid() and enrollment is not None:
        step = (
            services.step_down_client if form.cleaned_data["direction"] == "down" else services.step_up_client
        )
        try:
            step(
                episode=enrollment.episode, starts_on=form.cleaned_data["starts_on"], changed_by=request.user
            )
            messages.success(request, "Phase changed. The published weeks are being re-solved for review.")
            return redirect("scheduling:client", pk=client.pk)
        except ValidationError as error:
            _add_errors(form, error)
    return _page(request, client, status=400, step_form=form)


@require_POST
@requires(Capability.EDIT_CLIENTS)
def client_feed_link_view(request: HttpRequest, pk: Any) -> HttpResponse:
    client = _client(request.user, pk)
    services.rotate_feed_token(owner=client, rotated_by=request.user)
    messages.success(request, "New calendar link made; any older link no longer works.")
    return redirect("scheduling:client", pk=client.pk)


@require_POST
@requires(Capability.EDIT_CLIENTS)
def client_feed_off_view(request: HttpRequest, pk: Any) -> HttpResponse:
    client = _client(request.user, pk)
    if services.turn_off_feed_token(owner=client, turned_off_by=request.user):
        messages.success(request, "Calendar link turned off; calendars subscribed to it stop updating.")
    return redirect("scheduling:client", pk=client.pk)
