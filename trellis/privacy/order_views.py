"""Recording a court order (42 CFR 2.64) and a break-glass disclosure in a medical emergency (2.51), and the
privacy officer's review of the latter."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from trellis.accounts.access import requires
from trellis.accounts.reauth import require_recent_auth_to_post
from trellis.accounts.roles import Capability
from trellis.clients.models import Client
from trellis.privacy import court_orders, emergency
from trellis.privacy.client_privacy_views import client_or_404
from trellis.privacy.disclosure_models import EmergencyDisclosure
from trellis.privacy.record_forms import CourtOrderForm, EmergencyForm


@requires(Capability.MANAGE_PRIVACY)
def court_order_new_view(request: HttpRequest, pk: Any) -> HttpResponse:
    client = client_or_404(request, pk)
    form = CourtOrderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            court_orders.record_court_order(client=client, terms=form.terms(), actor=request.user)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Court order recorded.")
            return redirect("part2:client", pk=client.pk)
    context = {"client": client, "form": form, "title": "Record a court order (42 CFR 2.64)"}
    return render(request, "privacy/record_form.html", context, status=422 if form.errors else 200)


@requires(Capability.VIEW_CLINICAL)
@require_recent_auth_to_post
def emergency_new_view(request: HttpRequest, pk: Any) -> HttpResponse:
    client = client_or_404(request, pk)
    form = EmergencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            emergency.disclose_in_emergency(
                client=client,
                actor=request.user,
                review_link=request.build_absolute_uri(reverse("part2:client", kwargs={"pk": client.pk})),
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, "Emergency disclosure recorded; the clinical director has been alerted."
            )
            return redirect("part2:client", pk=client.pk)
    context = {"client": client, "form": form}
    return render(request, "privacy/emergency_form.html", context, status=422 if form.errors else 200)


@requires(Capability.MANAGE_PRIVACY)
@require_POST
def emergency_review_view(request: HttpRequest, pk: Any) -> HttpResponse:
    visible = Client.objects.visible_to(request.user)
    found: EmergencyDisclosure = get_object_or_404(
        EmergencyDisclosure.objects.filter(client__in=visible), pk=pk
    )
    try:
        emergency.mark_reviewed(emergency=found, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Emergency disclosure marked reviewed.")
    return redirect("part2:client", pk=found.client_id)
