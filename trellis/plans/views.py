"""Treatment plan pages: start a plan, write it, sign it, start a new version."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from trellis.accounts.access import requires
from trellis.accounts.reauth import require_recent_auth
from trellis.accounts.roles import Capability
from trellis.clients.models import Client
from trellis.episodes.models import Episode
from trellis.plans import reviews, selectors, services, signing
from trellis.plans.forms import (
    ClientSignatureForm,
    GoalForm,
    InterventionForm,
    ObjectiveForm,
    ProblemForm,
    ServiceForm,
    StepDownForm,
)
from trellis.plans.models import Goal, Objective, Problem, TreatmentPlan
from trellis.privacy import audit

Bound = dict[str, ServiceForm]


def plan_or_404(request: HttpRequest, pk: Any) -> TreatmentPlan:
    try:
        return selectors.get_plan(user=request.user, pk=pk)
    except TreatmentPlan.DoesNotExist:
        raise Http404("No such treatment plan.") from None


def _attach_forms(page: selectors.PlanPage, staff: dict[str, Any], bound: Bound) -> None:
    """Each problem, goal and objective of a draft carries the form that adds the next item under it."""
    for problem in page.problems:
        problem.goal_form = bound.get(f"goal-{problem.pk}") or GoalForm(prefix=f"g-{problem.pk}")  # type: ignore[attr-defined]
        for goal in problem.goals.all():
            form = bound.get(f"objective-{goal.pk}") or ObjectiveForm(prefix=f"o-{goal.pk}")
            goal.objective_form = form  # type: ignore[attr-defined]
            for objective in goal.objectives.all():
                key = f"intervention-{objective.pk}"
                form = bound.get(key) or InterventionForm(prefix=f"i-{objective.pk}", staff=staff)
                objective.intervention_form = form  # type: ignore[attr-defined]


def render_plan(request: HttpRequest, plan: TreatmentPlan, *, bound: Bound | None = None) -> HttpResponse:
    bound = bound or {}
    page = selectors.get_plan_page(plan=plan)
    editable = not plan.is_locked
    if editable:
        staff = selectors.staff_for_plans(organization_id=plan.episode.client.organization_id)
        _attach_forms(page, staff, bound)
    user: Any = request.user
    latest = page.reviews[0] if page.reviews else None
    step = reviews.next_phase(plan=plan) if latest and user.can(Capability.MANAGE_ENROLLMENT) else None
    context = {
        "page": page,
        "plan": plan,
        "client": plan.episode.client,
        "editable": editable,
        "problem_form": bound.get("problem") or ProblemForm(prefix="p"),
        "client_sign_form": bound.get("client_sign") or ClientSignatureForm(prefix="sig"),
        "draft": selectors.get_pending_draft(plan=plan) if plan.status == "active" else None,
        "latest_review": latest,
        "step": step,
        "step_form": bound.get("step_down") or StepDownForm(prefix="step"),
        "sign_error": bound.get("sign"),
    }
    return render(request, "plans/plan.html", context, status=422 if bound else 200)


@requires(Capability.VIEW_CLINICAL)
def plan_view(request: HttpRequest, pk: Any) -> HttpResponse:
    plan = plan_or_404(request, pk)
    audit.record(
        actor=request.user,
        action=audit.Action.VIEW,
        client_id=plan.episode.client_id,
        obj=plan,
        detail=f"treatment plan v{plan.version}",
    )
    return render_plan(request, plan)


@requires(Capability.VIEW_CLINICAL)
def client_plan_view(request: HttpRequest, client_pk: Any) -> HttpResponse:
    """The client's current plan, or a page to start one for an open episode."""
    client = get_object_or_404(Client.objects.visible_to(request.user), pk=client_pk)
    plan = selectors.get_current_plan(user=request.user, client=client)
    if plan is not None:
        return redirect("plans:plan", pk=plan.pk)
    episodes = list(Episode.objects.filter(client=client).open().select_related("program"))
    audit.record(
        actor=request.user, action=audit.Action.VIEW, client_id=client.pk, obj=client, detail="plan start"
    )
    return render(request, "plans/start.html", {"client": client, "episodes": episodes})


@require_POST
@requires(Capability.VIEW_CLINICAL)
def start_plan_view(request: HttpRequest, client_pk: Any) -> HttpResponse:
    client = get_object_or_404(Client.objects.visible_to(request.user), pk=client_pk)
    episode = get_object_or_404(Episode.objects.filter(client=client), pk=request.POST.get("episode"))
    try:
        plan = services.create_plan(episode=episode, created_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("plans:client", client_pk=client.pk)
    return redirect("plans:plan", pk=plan.pk)


def _save(
    request: HttpRequest, plan: TreatmentPlan, key: str, form: ServiceForm, write: Any, anchor: str
) -> HttpResponse:
    """Run a service with a form's cleaned data; on refusal show the plan again with the errors in place."""
    if form.is_valid():
        try:
            write(form)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return redirect(f"{plan_url(plan)}#{anchor}")
    return render_plan(request, plan_or_404(request, plan.pk), bound={key: form})


def plan_url(plan: TreatmentPlan) -> str:
    from django.urls import reverse

    return reverse("plans:plan", kwargs={"pk": plan.pk})


@require_POST
@requires(Capability.VIEW_CLINICAL)
def add_problem_view(request: HttpRequest, pk: Any) -> HttpResponse:
    plan = plan_or_404(request, pk)
    form = ProblemForm(request.POST, prefix="p")

    def write(f: ServiceForm) -> None:
        services.add_problem(plan=plan, added_by=request.user, **f.cleaned_data)

    return _save(request, plan, "problem", form, write, "add-problem")


@require_POST
@requires(Capability.VIEW_CLINICAL)
def add_goal_view(request: HttpRequest, pk: Any, problem_pk: Any) -> HttpResponse:
    plan = plan_or_404(request, pk)
    problem = get_object_or_404(Problem, plan=plan, pk=problem_pk)
    form = GoalForm(request.POST, prefix=f"g-{problem.pk}")

    def write(f: ServiceForm) -> None:
        services.add_goal(problem=problem, added_by=request.user, **f.cleaned_data)

    return _save(request, plan, f"goal-{problem.pk}", form, write, f"problem-{problem.pk}")


@require_POST
@requires(Capability.VIEW_CLINICAL)
def add_objective_view(request: HttpRequest, pk: Any, goal_pk: Any) -> HttpResponse:
    plan = plan_or_404(request, pk)
    goal = get_object_or_404(Goal.objects.select_related("problem__plan"), problem__plan=plan, pk=goal_pk)
    form = ObjectiveForm(request.POST, prefix=f"o-{goal.pk}")

    def write(f: ServiceForm) -> None:
        services.add_objective(goal=goal, added_by=request.user, **f.cleaned_data)

    return _save(request, plan, f"objective-{goal.pk}", form, write, f"goal-{goal.pk}")


@require_POST
@requires(Capability.VIEW_CLINICAL)
def add_intervention_view(request: HttpRequest, pk: Any, objective_pk: Any) -> HttpResponse:
    plan = plan_or_404(request, pk)
    objective = get_object_or_404(
        Objective.objects.select_related("goal__problem__plan"), goal__problem__plan=plan, pk=objective_pk
    )
    staff = selectors.staff_for_plans(organization_id=plan.episode.client.organization_id)
    form = InterventionForm(request.POST, prefix=f"i-{objective.pk}", staff=staff)

    def write(f: ServiceForm) -> None:
        services.add_intervention(objective=objective, added_by=request.user, **form.cleaned)

    return _save(request, plan, f"intervention-{objective.pk}", form, write, f"objective-{objective.pk}")


@require_POST
@requires(Capability.VIEW_CLINICAL)
def remove_problem_view(request: HttpRequest, pk: Any, problem_pk: Any) -> HttpResponse:
    plan = plan_or_404(request, pk)
    problem = get_object_or_404(Problem.objects.select_related("plan"), plan=plan, pk=problem_pk)
    try:
        services.remove_problem(problem=problem, removed_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("plans:plan", pk=plan.pk)


def _edits_read(request: HttpRequest) -> int | None:
    """The plan's edit count on the page the signer read (None from a form that sent none)."""
    posted = request.POST.get("edits", "")
    return int(posted) if posted.isdigit() else None


@require_POST
@requires(Capability.VIEW_CLINICAL)
@require_recent_auth
def sign_view(request: HttpRequest, pk: Any, role: str) -> HttpResponse:
    plan = plan_or_404(request, pk)
    user: Any = request.user
    edits = _edits_read(request)
    if role == "client":
        form = ClientSignatureForm(request.POST, prefix="sig")

        def write(f: ServiceForm) -> None:
            data = f.cleaned_data
            signing.sign_as_client(
                plan=plan,
                typed_name=data["client_signed_name"],
                attested=data["attested"],
                witnessed_by=user,
                expected_edits=edits,
            )

        return _save(request, plan, "client_sign", form, write, "signatures")
    try:
        if role == "clinician":
            signing.sign_as_clinician(plan=plan, clinician=user, expected_edits=edits)
        elif role == "supervisor":
            signing.sign_as_supervisor(plan=plan, supervisor=user, expected_edits=edits)
        else:
            raise Http404("No such signature.")
    except ValidationError as error:
        failed = ServiceForm(data={})
        failed.full_clean()  # a bound, cleaned form can take the service's errors
        failed.add_service_errors(error)
        return render_plan(request, plan_or_404(request, pk), bound={"sign": failed})
    return redirect(f"{plan_url(plan)}#signatures")


@require_POST
@requires(Capability.VIEW_CLINICAL)
def revise_view(request: HttpRequest, pk: Any) -> HttpResponse:
    plan = plan_or_404(request, pk)
    try:
        draft = services.revise_plan(plan=plan, revised_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("plans:plan", pk=plan.pk)
    messages.success(
        request, f"Version {draft.version} started; version {plan.version} stays in force until it is signed."
    )
    return redirect("plans:plan", pk=draft.pk)


@require_POST
@requires(Capability.MANAGE_ENROLLMENT)
def step_down_view(request: HttpRequest, pk: Any) -> HttpResponse:
    plan = plan_or_404(request, pk)
    latest = plan.reviews.first()
    if latest is None:
        raise Http404("Review the plan first.")
    form = StepDownForm(request.POST, prefix="step")

    def write(f: ServiceForm) -> None:
        enrollment = reviews.step_down_after_review(
            review=latest, starts_on=f.cleaned_data["starts_on"], changed_by=request.user
        )
        messages.success(
            request, f"Stepped down to {enrollment.phase.name} from {enrollment.starts_on:%b %-d}."
        )

    return _save(request, plan, "step_down", form, write, "reviews")
