"""Measures pages: give an instrument, a client's trends, the safety task, and what is due."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.clients.models import Client
from trellis.core import clock
from trellis.measures import safety, selectors, services
from trellis.measures.forms import InstrumentForm, SafetyAssessmentForm, ScheduleForm
from trellis.measures.instrument_data import (
    Instrument,
    UnknownInstrumentError,
    get_instrument,
)
from trellis.measures.models import MeasureResponse, MeasureSchedule
from trellis.privacy import audit
from trellis.programs.models import Program

DUE_LIMIT = 200  # the most overdue first; a longer list is a report


def _client_for(request: HttpRequest, pk: Any) -> Client:
    clients = selectors.measurable_clients(user=request.user).select_related("site")
    client: Client = get_object_or_404(clients, pk=pk)
    return client


def _instrument(code: str) -> Instrument:
    try:
        return get_instrument(code)
    except UnknownInstrumentError as error:
        raise Http404("No such instrument.") from error


@requires(Capability.VIEW_CLINICAL)
def client_measures_view(request: HttpRequest, pk: Any) -> HttpResponse:
    client = _client_for(request, pk)
    audit.record(
        actor=request.user, action=audit.Action.VIEW, client_id=client.pk, obj=client, detail="measures"
    )
    measures = selectors.get_client_measures(client=client)
    tasks = selectors.list_client_safety_tasks(client=client)
    context = {
        "client": client,
        "charts": measures.charts,
        "recent": measures.recent,
        "tasks": tasks,
        "open_tasks": [t for t in tasks if t.is_open],
        "today": clock.today_in(client.site.timezone),
        "due": selectors.list_client_due(client=client, now=clock.now()),
        "instruments": selectors.list_instruments_in_order(),
    }
    return render(request, "measures/client_measures.html", context)


@requires(Capability.VIEW_CLINICAL)
def record_view(request: HttpRequest, pk: Any, instrument: str) -> HttpResponse:
    client = _client_for(request, pk)
    definition = _instrument(instrument)
    form = InstrumentForm(request.POST or None, instrument=definition)
    if request.method == "POST" and form.is_valid():
        try:
            response = services.record_measure(
                client=client,
                instrument=definition.code,
                answers=form.answers,
                sex=form.chosen_sex,
                administered_by=request.user,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            _announce(request, response)
            return redirect("measures:client", pk=client.pk)
    audit.record(
        actor=request.user, action=audit.Action.VIEW, client_id=client.pk, obj=client, detail="measure entry"
    )
    context = {"client": client, "instrument": definition, "form": form}
    return render(request, "measures/record.html", context, status=400 if form.errors else 200)


def _announce(request: HttpRequest, response: MeasureResponse) -> None:
    name = response.definition.short_name
    score = response.band or "recorded"
    if response.total is not None:
        score = f"{response.total}" + (f" ({response.band})" if response.band else "")
    messages.success(request, f"{name} saved: {score}.")
    if response.is_urgent:
        messages.error(
            request, "Urgent: a same-day safety assessment is now due. Open the safety task below."
        )


@requires(Capability.VIEW_CLINICAL)
def safety_task_view(request: HttpRequest, pk: Any) -> HttpResponse:
    task = selectors.get_safety_task(user=request.user, pk=pk)
    form = SafetyAssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_safety_task(task=task, closed_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Safety assessment documented; the task is closed.")
            return redirect("measures:task", pk=task.pk)
    audit.record(
        actor=request.user, action=audit.Action.VIEW, client_id=task.client_id, obj=task, detail="safety task"
    )
    safety.mark_notices_read(task=task, user=request.user)
    items = _answered_items(task.response, flag=task.kind) if task.response else []
    context = {"task": task, "form": form, "items": items}
    return render(request, "measures/safety_task.html", context, status=400 if form.errors else 200)


def _answered_items(response: MeasureResponse, *, flag: str) -> list[dict[str, Any]]:
    """Each item with the answer given; the item that raised the flag (PHQ-9 item 9) is marked."""
    definition = response.definition
    raising = {rule.item for rule in definition.flag_rules if rule.code == flag and rule.item is not None}
    rows = []
    for item, answer in zip(definition.items, response.answers, strict=True):
        option = item.option_for(answer) if answer is not None else None
        label = option.label if option else "not asked"
        rows.append({"item": item, "answer": label, "value": answer, "raised": item.number in raising})
    return rows


@requires(Capability.VIEW_CLINICAL)
def due_view(request: HttpRequest) -> HttpResponse:
    due = selectors.list_due_measures(user=request.user, now=clock.now())
    due.sort(key=lambda d: (-d.due.days_overdue, d.client.legal_last_name))
    shown = due[:DUE_LIMIT]
    audit.record_views(actor=request.user, client_ids=[d.client.pk for d in shown], detail="measures due")
    return render(request, "measures/due.html", {"due": shown, "total": len(due), "limit": DUE_LIMIT})


def _programs(user: Any) -> Any:
    return Program.objects.filter(organization_id=user.organization_id)


@requires(Capability.SETUP_PROGRAMS)
def schedules_view(request: HttpRequest) -> HttpResponse:
    """Which instruments each program gives, and how often (e.g. PHQ-9 and GAD-7 every 14 days, BAM weekly)."""
    programs = _programs(request.user)
    form = ScheduleForm(
        request.POST or None, programs=programs, instruments=selectors.list_instruments_in_order()
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_measure_schedule(set_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Schedule saved.")
            return redirect("measures:schedules")
    schedules = MeasureSchedule.objects.filter(program__in=programs).select_related("program")
    return render(request, "measures/schedules.html", {"form": form, "schedules": schedules})


@require_POST
@requires(Capability.SETUP_PROGRAMS)
def remove_schedule_view(request: HttpRequest, pk: Any) -> HttpResponse:
    schedules = MeasureSchedule.objects.filter(program__in=_programs(request.user))
    services.remove_measure_schedule(schedule=get_object_or_404(schedules, pk=pk), removed_by=request.user)
    messages.success(request, "Schedule removed.")
    return redirect("measures:schedules")
