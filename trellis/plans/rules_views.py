"""Each program's plan policy: review interval, warning window, co-signature, and groups waiting for a plan."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.plans import selectors, services
from trellis.plans.forms import PlanRulesForm
from trellis.plans.models import PlanReviewRule, PlanRules
from trellis.programs.models import Program


def _programs(user: Any) -> Any:
    return Program.objects.filter(organization_id=user.organization_id).order_by("name")


def _form(program: Program, rules: PlanRules | None, data: Any = None) -> PlanRulesForm:
    initial = {"review_interval_days": 30, "due_soon_days": 7, "plan_due_days": 7}
    if rules is not None:
        initial = {name: getattr(rules, name) for name in PlanRulesForm.base_fields}
    return PlanRulesForm(data, initial=initial, prefix=str(program.pk))


@requires(Capability.SETUP_PROGRAMS)
def rules_view(request: HttpRequest, bound: tuple[Any, PlanRulesForm] | None = None) -> HttpResponse:
    programs = list(_programs(request.user))
    rules = {r.program_id: r for r in PlanRules.objects.filter(program__in=programs)}
    intervals = selectors.intervals_for(program_ids=[p.pk for p in programs])
    rows = [
        (p, bound[1] if bound and bound[0] == p.pk else _form(p, rules.get(p.pk)), intervals[p.pk])
        for p in programs
    ]
    user: Any = request.user
    stricter = PlanReviewRule.objects.filter(organization_id=user.organization_id)
    context = {"rows": rows, "stricter": list(stricter.select_related("program"))}
    return render(request, "plans/rules.html", context, status=422 if bound else 200)


@require_POST
@requires(Capability.SETUP_PROGRAMS)
def save_rules_view(request: HttpRequest, program_pk: Any) -> HttpResponse:
    program = get_object_or_404(_programs(request.user), pk=program_pk)
    form = _form(program, None, request.POST)
    if form.is_valid():
        try:
            services.set_plan_rules(program=program, changed_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Plan rules saved for {program.name}.")
            return redirect("plans:rules")
    return rules_view(request, bound=(program.pk, form))
