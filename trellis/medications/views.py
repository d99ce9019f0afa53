"""A client's medications and drug screens: the list, adding and changing medications, recording screens."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from trellis.accounts.access import WHAT_IT_ALLOWS, requires
from trellis.accounts.roles import Capability
from trellis.clients.models import Client
from trellis.core import clock
from trellis.medications import orders, selectors, services
from trellis.medications.forms import (
    ChangeMedicationForm,
    DrugScreenForm,
    MedicationForm,
    OrderForm,
    ReviewFlagForm,
    StopMedicationForm,
    attach_errors,
)
from trellis.medications.models import Medication, MedicationOrder, ScreenFlag
from trellis.privacy import audit


def _client(request: HttpRequest, pk: Any) -> Client:
    client: Client = get_object_or_404(Client.objects.visible_to(request.user).select_related("site"), pk=pk)
    return client


def _today(client: Client) -> dt.date:
    return clock.today_in(client.site.timezone)


@requires(Capability.VIEW_CLINICAL)
def client_medications_view(request: HttpRequest, client_pk: Any) -> HttpResponse:
    client = _client(request, client_pk)
    audit.record(
        actor=request.user, action=audit.Action.VIEW, client_id=client.pk, obj=client, detail="medications"
    )
    today = _today(client)
    context = {
        "client": client,
        "today": today,
        "record": selectors.get_medication_record(client=client, day=today, with_orders=True),
        "review_form": ReviewFlagForm(),
        "may_order": orders.may_order_for(request.user, client),
    }
    return render(request, "medications/client.html", context)


@requires(Capability.VIEW_CLINICAL)
def add_medication_view(request: HttpRequest, client_pk: Any) -> HttpResponse:
    client = _client(request, client_pk)
    form = MedicationForm(
        request.POST or None,
        client=client,
        may_order=orders.may_order_for(request.user, client),
        initial={"started_on": _today(client)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_medication(client=client, recorded_by=request.user, **form.service_arguments())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            name = (
                form.cleaned_data["order"].name if form.cleaned_data["order"] else form.cleaned_data["name"]
            )
            messages.success(request, f"{name} is on the medication list.")
            return redirect("medications:client", client_pk=client.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "medications/medication_form.html", {"client": client, "form": form}, status=status
    )


def _refuse_unless_prescriber(request: HttpRequest, client: Client) -> None:
    """After the client is found: an unseen client is not found (404) before the role is refused (403)."""
    if not orders.may_order_for(request.user, client):
        raise PermissionDenied(f"Your role does not allow {WHAT_IT_ALLOWS[Capability.ORDER_MEDICATIONS]}.")


@requires(Capability.VIEW_CLINICAL)
def new_order_view(request: HttpRequest, client_pk: Any) -> HttpResponse:
    client = _client(request, client_pk)
    _refuse_unless_prescriber(request, client)
    form = OrderForm(request.POST or None, initial={"ordered_on": _today(client)})
    if request.method == "POST" and form.is_valid():
        try:
            orders.create_order(
                client=client,
                name=form.cleaned_data["name"],
                regimen=form.regimen(),
                ordered_on=form.cleaned_data["ordered_on"],
                ordered_by=request.user,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, f"Order for {form.cleaned_data['name']} written.")
            return redirect("medications:client", client_pk=client.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "medications/order_form.html", {"client": client, "form": form}, status=status)


@require_POST
@requires(Capability.VIEW_CLINICAL)
def discontinue_order_view(request: HttpRequest, pk: Any) -> HttpResponse:
    visible = MedicationOrder.objects.filter(client__in=Client.objects.visible_to(request.user))
    order = get_object_or_404(visible.select_related("client"), pk=pk)
    _refuse_unless_prescriber(request, order.client)
    try:
        services.discontinue_order(order=order, discontinued_by=request.user)
    except ValidationError as error:
        messages.error(request, "Order not discontinued: " + " ".join(error.messages))
    else:
        messages.success(request, f"Order for {order.name} discontinued.")
    return redirect("medications:client", client_pk=order.client_id)


def _medication(request: HttpRequest, pk: Any) -> Medication:
    visible = Medication.objects.visible_to(request.user).select_related("client__site", "prescriber")
    medication: Medication = get_object_or_404(visible, pk=pk, stopped_on__isnull=True)
    return medication


def _change_page(request: HttpRequest, medication: Medication, change: Any, stop: Any) -> HttpResponse:
    context = {
        "client": medication.client,
        "medication": medication,
        "change_form": change,
        "stop_form": stop,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "medications/medication_change.html", context, status=status)


@requires(Capability.VIEW_CLINICAL)
def change_medication_view(request: HttpRequest, pk: Any) -> HttpResponse:
    medication = _medication(request, pk)
    today = _today(medication.client)
    initial = {"dose": medication.dose, "route": medication.route, "frequency": medication.frequency}
    change = ChangeMedicationForm(request.POST or None, initial={**initial, "changed_on": today})
    if request.method == "POST" and change.is_valid():
        try:
            services.change_medication(
                medication=medication,
                regimen=change.regimen(),
                changed_on=change.cleaned_data["changed_on"],
                reason=change.cleaned_data["reason"],
                changed_by=request.user,
            )
        except ValidationError as error:
            attach_errors(change, error)
        else:
            messages.success(request, f"{medication.name} changed.")
            return redirect("medications:client", client_pk=medication.client_id)
    return _change_page(request, medication, change, StopMedicationForm(initial={"stopped_on": today}))


@require_POST
@requires(Capability.VIEW_CLINICAL)
def stop_medication_view(request: HttpRequest, pk: Any) -> HttpResponse:
    medication = _medication(request, pk)
    stop = StopMedicationForm(request.POST)
    if stop.is_valid():
        try:
            services.stop_medication(
                medication=medication,
                stopped_on=stop.cleaned_data["stopped_on"],
                reason=stop.cleaned_data["reason"],
                stopped_by=request.user,
            )
        except ValidationError as error:
            attach_errors(stop, error)
        else:
            messages.success(request, f"{medication.name} stopped.")
            return redirect("medications:client", client_pk=medication.client_id)
    initial = {"dose": medication.dose, "route": medication.route, "frequency": medication.frequency}
    return _change_page(request, medication, ChangeMedicationForm(initial=initial), stop)


@requires(Capability.VIEW_CLINICAL)
def record_screen_view(request: HttpRequest, client_pk: Any) -> HttpResponse:
    client = _client(request, client_pk)
    # The collection time is typed in the site's local time, whatever the server's zone.
    with timezone.override(clock.zone(client.site.timezone)):
        now_there = timezone.localtime(clock.now()).replace(second=0, microsecond=0, tzinfo=None)
        form = DrugScreenForm(request.POST or None, initial={"collected_at": now_there})
        valid = request.method == "POST" and form.is_valid()
    if valid:
        try:
            screen = services.record_drug_screen(
                client=client,
                collected_by=request.user,
                results=form.entries(),
                **{
                    name: form.cleaned_data[name]
                    for name in ("collected_at", "specimen", "method", "observed")
                },
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            flagged = hasattr(screen, "flag")
            note = " Unexpected positive flagged for plan review." if flagged else ""
            (messages.warning if flagged else messages.success)(request, f"Drug screen recorded.{note}")
            return redirect("medications:client", client_pk=client.pk)
    return render(request, "medications/screen_form.html", {"client": client, "form": form})


@require_POST
@requires(Capability.VIEW_CLINICAL)
def review_flag_view(request: HttpRequest, pk: Any) -> HttpResponse:
    flag = get_object_or_404(ScreenFlag.objects.visible_to(request.user), pk=pk)
    note = request.POST.get("note", "")
    try:
        services.review_screen_flag(flag=flag, note=note, reviewed_by=request.user)
    except ValidationError as error:
        messages.error(request, "Review not saved: " + " ".join(error.messages))
    else:
        messages.success(request, "Flag reviewed.")
    return redirect("medications:client", client_pk=flag.client_id)
