"""Assessment pages: rate the ASAM dimensions, see the recommendation and its reasons, decide, step down/up."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.clients.models import Client
from trellis.core import clock
from trellis.episodes.models import Enrollment
from trellis.intake import assessment_services as services
from trellis.intake import selectors
from trellis.intake.choices import Edition
from trellis.intake.forms import AssessmentForm, DecisionForm, EnrollmentChangeForm
from trellis.intake.models import Assessment, Inquiry
from trellis.intake.views import show_errors
from trellis.privacy import audit


@requires(Capability.ASSESS_LEVEL_OF_CARE)
def assessment_new_view(request: HttpRequest, client_pk: Any) -> HttpResponse:
    client = get_object_or_404(Client.objects.visible_to(request.user).select_related("site"), pk=client_pk)
    edition = request.GET.get("edition", Edition.THIRD)
    if edition not in Edition.values:
        edition = Edition.THIRD
    inquiry = Inquiry.objects.visible_to(request.user).filter(client=client).order_by("-created_at").first()
    today = clock.today_in(client.site.timezone)
    form = AssessmentForm(request.POST or None, edition=edition, initial={"assessed_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.record_assessment(
                client=client, assessed_by=request.user, inquiry=inquiry, **form.service_arguments()
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            return redirect("intake:assessment", pk=assessment.pk)
    context = {"client": client, "form": form, "edition": edition, "editions": Edition.choices}
    return render(request, "intake/assessment_new.html", context, status=400 if form.errors else 200)


def _decision_form(request: HttpRequest, assessment: Assessment, data: Any = None) -> DecisionForm:
    needs_program = assessment.episode is None or not assessment.episode.is_open
    initial = {"decided_level": assessment.recommended_level, "effective_on": assessment.assessed_on}
    return DecisionForm(
        data, user=request.user, needs_program=needs_program, edition=assessment.edition, initial=initial
    )


def _enrollment_form(
    request: HttpRequest, assessment: Assessment, data: Any = None
) -> EnrollmentChangeForm | None:
    if (
        services.step_reason(assessment) is None
        or assessment.episode is None
        or not assessment.episode.is_open
    ):
        return None
    current = Enrollment.objects.filter(episode=assessment.episode, ends_on__isnull=True).first()
    if current is None or (assessment.decided_at and current.created_at >= assessment.decided_at):
        return None  # no enrollment to change, or already changed after this decision
    initial = {"track": current.track_id, "starts_on": clock.today_in(assessment.client.site.timezone)}
    return EnrollmentChangeForm(
        data, user=request.user, program_id=assessment.episode.program_id, initial=initial
    )


def _render(request: HttpRequest, assessment: Assessment, *, status: int = 200, **forms: Any) -> HttpResponse:
    can_decide = request.user.can(Capability.ASSESS_LEVEL_OF_CARE)  # type: ignore[union-attr]
    context = {
        "assessment": assessment,
        "client": assessment.client,
        "dimensions": selectors.rated_dimensions(assessment),
        "scores": selectors.list_latest_scores(client=assessment.client),
        "step_reason": services.step_reason(assessment),
        "decision_form": forms.get("decision_form")
        or (_decision_form(request, assessment) if can_decide and not assessment.is_decided else None),
        "enrollment_form": forms.get("enrollment_form")
        or (_enrollment_form(request, assessment) if can_decide else None),
    }
    return render(request, "intake/assessment_detail.html", context, status=status)


@requires(Capability.VIEW_ASSESSMENTS)
def assessment_detail_view(request: HttpRequest, pk: Any) -> HttpResponse:
    assessment = selectors.get_assessment(user=request.user, pk=pk)
    audit.record(
        actor=request.user,
        action=audit.Action.VIEW,
        client_id=assessment.client_id,
        obj=assessment,
        detail="ASAM assessment",
    )
    return _render(request, assessment)


@require_POST
@requires(Capability.ASSESS_LEVEL_OF_CARE)
def decide_view(request: HttpRequest, pk: Any) -> HttpResponse:
    assessment = selectors.get_assessment(user=request.user, pk=pk)
    form = _decision_form(request, assessment, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.decide_level_of_care(
                assessment=assessment,
                level=data["decided_level"],
                override_reason=data["override_reason"],
                program=data.get("program"),
                effective_on=data["effective_on"],
                decided_by=request.user,
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "Level of care decided.")
            return redirect("intake:assessment", pk=assessment.pk)
    return _render(request, assessment, status=400, decision_form=form)


@require_POST
@requires(Capability.MANAGE_ENROLLMENT)
def change_enrollment_view(request: HttpRequest, pk: Any) -> HttpResponse:
    assessment = selectors.get_assessment(user=request.user, pk=pk)
    form = _enrollment_form(request, assessment, request.POST)
    if form is None:
        raise PermissionDenied("This assessment did not change the level of care.")
    if form.is_valid():
        try:
            services.change_enrollment_after_reassessment(
                assessment=assessment, changed_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "Enrollment changed.")
            return redirect("intake:assessment", pk=assessment.pk)
    return _render(request, assessment, status=400, enrollment_form=form)
