"""Requests for restrictions (42 CFR 2.26): anyone who sees the client records one; the privacy officer decides
and ends them. Bad input re-renders the form with the field named and changes nothing."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.clients.models import Client
from trellis.core import clock
from trellis.privacy import audit, restrictions
from trellis.privacy.client_privacy_views import client_or_404
from trellis.privacy.consent_models import RestrictionKind, RestrictionRequest
from trellis.privacy.record_forms import DecisionForm, EndForm, RestrictionRequestForm


def _restriction_or_404(request: HttpRequest, pk: Any) -> RestrictionRequest:
    visible = Client.objects.visible_to(request.user)
    queryset = RestrictionRequest.objects.filter(client__in=visible).select_related("client__site", "payer")
    restriction: RestrictionRequest = get_object_or_404(queryset, pk=pk)
    return restriction


def _back(client_pk: Any) -> HttpResponse:
    return redirect("part2:client", pk=client_pk)


@requires(Capability.VIEW_CLIENTS)
def restriction_new_view(request: HttpRequest, pk: Any) -> HttpResponse:
    client = client_or_404(request, pk)
    initial = {"requested_on": clock.today_in(client.site.timezone), "kind": RestrictionKind.HEALTH_PLAN}
    form = RestrictionRequestForm(
        request.POST or None, initial=initial, organization_id=client.organization_id
    )
    if request.method == "POST" and form.is_valid():
        try:
            restrictions.record_request(client=client, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Request for a restriction recorded; it awaits a decision.")
            return _back(client.pk)
    context = {"client": client, "form": form, "title": "Request for a restriction"}
    return render(request, "privacy/record_form.html", context, status=422 if form.errors else 200)


@requires(Capability.MANAGE_PRIVACY)
def restriction_decide_view(request: HttpRequest, pk: Any) -> HttpResponse:
    restriction = _restriction_or_404(request, pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            restrictions.decide(
                restriction=restriction,
                agree=form.cleaned_data["decision"] == "agree",
                note=form.cleaned_data["note"],
                paid_in_full=form.cleaned_data["paid_in_full"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Request {restriction.get_state_display().lower()}.")
            return _back(restriction.client_id)
    if request.method != "POST":
        audit.record(
            actor=request.user,
            action=audit.Action.VIEW,
            client_id=restriction.client_id,
            obj=restriction,
            detail="privacy: restriction request",
        )
    context = {
        "client": restriction.client,
        "restriction": restriction,
        "form": form,
        "self_pay": restriction.kind == RestrictionKind.HEALTH_PLAN,
        "must_agree": restrictions.MUST_AGREE,
    }
    return render(request, "privacy/restriction_decide.html", context, status=422 if form.errors else 200)


@requires(Capability.MANAGE_PRIVACY)
def restriction_end_view(request: HttpRequest, pk: Any) -> HttpResponse:
    restriction = _restriction_or_404(request, pk)
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            restrictions.end(restriction=restriction, note=form.cleaned_data["note"], actor=request.user)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Restriction ended.")
            return _back(restriction.client_id)
    context = {"client": restriction.client, "form": form, "title": "End a restriction"}
    return render(request, "privacy/record_form.html", context, status=422 if form.errors else 200)
