"""Casework pages: screen a client's social needs, the case plan of an episode, and a case manager's caseload."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability, Role
from trellis.casework import selectors, services
from trellis.casework.forms import AssignForm, GoalForm, NeedForm, NeedStatusForm, ScreeningForm, TaskForm
from trellis.casework.models import CaseGoal, CaseNeed, CaseTask, NeedsScreening
from trellis.casework.screener import get_screener
from trellis.clients.models import Client
from trellis.core import clock
from trellis.core.form_errors import attach_errors
from trellis.episodes.models import Episode
from trellis.privacy import audit

REFUSED = 400


def _client_or_404(request: HttpRequest, pk: Any) -> Client:
    client: Client = get_object_or_404(Client.objects.visible_to(request.user).select_related("site"), pk=pk)
    return client


def _episode_or_404(request: HttpRequest, pk: Any) -> Episode:
    try:
        return selectors.get_episode(user=request.user, pk=pk)
    except Episode.DoesNotExist:
        raise Http404("No such episode.") from None


def _viewed(request: HttpRequest, client: Any, obj: Any, detail: str) -> None:
    audit.record(actor=request.user, action=audit.Action.VIEW, client_id=client.pk, obj=obj, detail=detail)


@requires(Capability.CASE_MANAGEMENT)
def screen_view(request: HttpRequest, client_pk: Any) -> HttpResponse:
    client = _client_or_404(request, client_pk)
    screener = get_screener()
    form = ScreeningForm(request.POST if request.method == "POST" else None, screener=screener)
    if request.method == "POST" and form.is_valid():
        try:
            screening = services.record_screening(
                client=client, answers=form.cleaned_data, screened_by=request.user
            )
        except ValidationError as refused:
            attach_errors(form, refused)
        else:
            messages.success(request, "Social needs screen saved.")
            return redirect("casework:screening", pk=screening.pk)
    if request.method == "GET":
        _viewed(request, client, client, "social needs screen form")
    context = {"client": client, "screener": screener, "form": form}
    return render(request, "casework/screen.html", context, status=REFUSED if form.is_bound else 200)


def _screening_or_404(request: HttpRequest, pk: Any) -> NeedsScreening:
    found = NeedsScreening.objects.visible_to(request.user).select_related(
        "client__site", "episode", "screened_by"
    )
    screening: NeedsScreening = get_object_or_404(found, pk=pk)
    return screening


def _render_screening(request: HttpRequest, screening: NeedsScreening, *, status: int = 200) -> HttpResponse:
    screener = get_screener()
    on_plan = selectors.plan_problem_statements(screening.episode)
    positives = [
        {"domain": screener.domain(code), "on_plan": screener.domain(code).problem in on_plan}
        for code in screening.positive_domains
    ]
    answers = [
        (
            question,
            [o.label for o in question.options if o.value in _as_list(screening.answers.get(question.code))],
        )
        for question in screener.questions
    ]
    context = {"screening": screening, "client": screening.client, "positives": positives, "answers": answers}
    return render(request, "casework/screening.html", context, status=status)


def _as_list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


@requires(Capability.CASE_MANAGEMENT)
def screening_view(request: HttpRequest, pk: Any) -> HttpResponse:
    screening = _screening_or_404(request, pk)
    _viewed(request, screening.client, screening, "social needs screen")
    return _render_screening(request, screening)


@requires(Capability.CASE_MANAGEMENT)
@require_POST
def add_to_plan_view(request: HttpRequest, pk: Any, domain: str) -> HttpResponse:
    screening = _screening_or_404(request, pk)
    try:
        services.add_domain_to_plan(screening=screening, domain=domain, added_by=request.user)
    except ValidationError as refused:
        for message in refused.messages:
            messages.error(request, message)
        return _render_screening(request, screening, status=REFUSED)
    messages.success(request, f"{get_screener().domain(domain).label} added to the treatment plan.")
    return redirect("casework:screening", pk=screening.pk)


@requires(Capability.CASE_MANAGEMENT)
def client_case_plan_view(request: HttpRequest, client_pk: Any) -> HttpResponse:
    """From the chart: the case plan of the open episode, else of the latest one."""
    client = _client_or_404(request, client_pk)
    episode = Episode.objects.filter(client=client).order_by("discharged_on", "-admitted_on").first()
    if episode is None:
        raise Http404("The client has no episode of care yet.")
    return redirect("casework:case_plan", pk=episode.pk)


def _staff(episode: Episode) -> Any:
    roles = selectors.roles_with(Capability.CASE_MANAGEMENT)
    return (
        get_user_model()
        .objects.filter(organization_id=episode.program.organization_id, is_active=True, role__in=roles)
        .order_by("last_name", "first_name", "username")
    )


def _forms(request: HttpRequest, episode: Episode, bound: dict[str, forms.Form]) -> dict[str, forms.Form]:
    needs = CaseNeed.objects.filter(episode=episode)
    goals = CaseGoal.objects.filter(episode=episode)
    staff = _staff(episode)
    user: Any = request.user
    if user.role != Role.DIRECTOR:
        staff = staff.filter(pk=user.pk)
    return {
        "need_form": bound.get("need") or NeedForm(prefix="need"),
        "goal_form": bound.get("goal") or GoalForm(prefix="goal", needs=needs),
        "task_form": bound.get("task") or TaskForm(prefix="task", staff=_staff(episode), goals=goals),
        "assign_form": bound.get("assign") or AssignForm(prefix="assign", staff=staff),
    }


def _render_case_plan(
    request: HttpRequest, episode: Episode, bound: dict[str, forms.Form] | None = None
) -> HttpResponse:
    bound = bound or {}
    plan = selectors.get_case_plan(episode=episode)
    referrals = selectors.referrals_by_domain(episode=episode, user=request.user)
    context: dict[str, Any] = {
        "plan": plan,
        # Each need with the referrals made for it: the loop from need to service, on one page.
        "needs": [(need, referrals.get(need.domain, [])) for need in plan.needs],
        "client": episode.client,
        "episode": episode,
        "statuses": NeedStatusForm.base_fields["status"].choices,  # type: ignore[attr-defined]
        # A refused status change has no form of its own on the page: its reason shows above the needs.
        "status_errors": [e for errors in bound["status"].errors.values() for e in errors]
        if "status" in bound
        else [],
        **_forms(request, episode, bound),
    }
    return render(request, "casework/case_plan.html", context, status=REFUSED if bound else 200)


@requires(Capability.CASE_MANAGEMENT)
def case_plan_view(request: HttpRequest, pk: Any) -> HttpResponse:
    episode = _episode_or_404(request, pk)
    _viewed(request, episode.client, episode, "case plan")
    return _render_case_plan(request, episode)


def _submit(request: HttpRequest, episode: Episode, key: str, form: forms.Form, write: Any) -> HttpResponse:
    """Run `write(cleaned_data)` for a valid form; a refusal shows the case plan again with what was typed."""
    if form.is_valid():
        try:
            write(form.cleaned_data)
        except ValidationError as refused:
            attach_errors(form, refused)
        else:
            return redirect("casework:case_plan", pk=episode.pk)
    return _render_case_plan(request, episode, {key: form})


@requires(Capability.CASE_MANAGEMENT)
@require_POST
def add_need_view(request: HttpRequest, pk: Any) -> HttpResponse:
    episode = _episode_or_404(request, pk)
    form = NeedForm(request.POST, prefix="need")
    return _submit(
        request,
        episode,
        "need",
        form,
        lambda data: services.add_need(episode=episode, added_by=request.user, **data),
    )


@requires(Capability.CASE_MANAGEMENT)
@require_POST
def add_goal_view(request: HttpRequest, pk: Any) -> HttpResponse:
    episode = _episode_or_404(request, pk)
    form = GoalForm(request.POST, prefix="goal", needs=CaseNeed.objects.filter(episode=episode))
    return _submit(
        request,
        episode,
        "goal",
        form,
        lambda data: services.add_goal(episode=episode, added_by=request.user, **data),
    )


@requires(Capability.CASE_MANAGEMENT)
@require_POST
def add_task_view(request: HttpRequest, pk: Any) -> HttpResponse:
    episode = _episode_or_404(request, pk)
    form = TaskForm(
        request.POST, prefix="task", staff=_staff(episode), goals=CaseGoal.objects.filter(episode=episode)
    )
    return _submit(
        request,
        episode,
        "task",
        form,
        lambda data: services.add_task(episode=episode, added_by=request.user, **data),
    )


@requires(Capability.CASE_MANAGEMENT)
@require_POST
def assign_view(request: HttpRequest, pk: Any) -> HttpResponse:
    episode = _episode_or_404(request, pk)
    form = AssignForm(request.POST, prefix="assign", staff=_staff(episode))

    def assign(data: dict[str, Any]) -> None:
        services.assign_case_manager(
            episode=episode, case_manager=data["case_manager"], assigned_by=request.user
        )

    return _submit(request, episode, "assign", form, assign)


@requires(Capability.CASE_MANAGEMENT)
@require_POST
def need_status_view(request: HttpRequest, pk: Any) -> HttpResponse:
    need = get_object_or_404(
        CaseNeed.objects.visible_to(request.user).select_related("episode__client"), pk=pk
    )
    form = NeedStatusForm(request.POST)
    episode = _episode_or_404(request, need.episode_id)
    return _submit(
        request,
        episode,
        "status",
        form,
        lambda data: services.set_need_status(need=need, status=data["status"], changed_by=request.user),
    )


@requires(Capability.CASE_MANAGEMENT)
@require_POST
def complete_task_view(request: HttpRequest, pk: Any) -> HttpResponse:
    task = get_object_or_404(
        CaseTask.objects.visible_to(request.user).select_related("episode__client__site"), pk=pk
    )
    try:
        services.complete_task(task=task, done_by=request.user)
    except ValidationError as refused:
        for message in refused.messages:
            messages.error(request, message)
    return redirect("casework:case_plan", pk=task.episode_id)


@requires(Capability.CASE_MANAGEMENT)
def caseload_view(request: HttpRequest) -> HttpResponse:
    """My clients; a director picks whose caseload to read."""
    user: Any = request.user
    managers = selectors.list_case_managers(user=user) if user.role == Role.DIRECTOR else []
    chosen = user
    if managers and request.GET.get("case_manager"):
        chosen = next((m for m in managers if str(m.pk) == request.GET["case_manager"]), None)
        if chosen is None:
            raise Http404("No such case manager.")
    lines = selectors.list_caseload(user=user, case_manager=chosen, now=clock.now())
    audit.record_views(actor=user, client_ids=[line.episode.client_id for line in lines], detail="caseload")
    context = {"lines": lines, "managers": managers, "chosen": chosen, "today": clock.now().date()}
    return render(request, "casework/caseload.html", context)
