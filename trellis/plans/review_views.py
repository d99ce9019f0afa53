"""Reviewing a plan, the list of reviews due, and the plan as a PDF."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.plans import pdf, review_panels, reviews, selectors
from trellis.plans.forms import ReviewForm
from trellis.plans.views import plan_or_404, plan_url
from trellis.privacy import audit

DUE_LIMIT = 200  # a longer list is a report, not a to-do list


@requires(Capability.VIEW_CLINICAL)
def review_view(request: HttpRequest, pk: Any) -> HttpResponse:
    plan = plan_or_404(request, pk)
    objectives = selectors.list_objectives(plan=plan)
    form = ReviewForm(request.POST or None, objectives=objectives)
    if request.method == "POST" and form.is_valid():
        try:
            reviews.record_review(
                plan=plan,
                entries=form.entries(),
                reviewed_by=request.user,
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Review recorded.")
            return redirect(f"{plan_url(plan)}#reviews")
    else:
        audit.record(
            actor=request.user,
            action=audit.Action.VIEW,
            client_id=plan.episode.client_id,
            obj=plan,
            detail="plan review",
        )
    interval = selectors.intervals_for(program_ids=[plan.episode.program_id])[plan.episode.program_id]
    context = {
        "plan": plan,
        "client": plan.episode.client,
        "form": form,
        "scores": selectors.list_latest_scores(client=plan.episode.client),
        "due": selectors.due_of(plan, interval),
        "panels": review_panels.render(plan=plan, request=request),
    }
    return render(request, "plans/review.html", context, status=422 if form.errors else 200)


@requires(Capability.VIEW_CLINICAL)
def due_list_view(request: HttpRequest) -> HttpResponse:
    alerts = selectors.list_plan_alerts(user=request.user, limit=DUE_LIMIT)
    shown = selectors.alert_client_ids(alerts)
    audit.record_views(actor=request.user, client_ids=shown, detail="plan reviews due")
    return render(request, "plans/due_list.html", {"alerts": alerts, "limit": DUE_LIMIT})


@requires(Capability.VIEW_CLINICAL)
def plan_pdf_view(request: HttpRequest, pk: Any) -> HttpResponse:
    """The client's own copy: giving clients their records is not a disclosure to a third party and needs no
    consent (42 CFR 2.23); a copy for anyone else goes through the release page and the disclosure gate."""
    plan = plan_or_404(request, pk)
    document = pdf.render_plan_pdf(plan=plan, own_copy=True)
    audit.record(
        actor=request.user,
        action=audit.Action.EXPORT,
        client_id=plan.episode.client_id,
        obj=plan,
        detail=f"treatment plan v{plan.version} PDF, client's own copy",
    )
    response = HttpResponse(document, content_type="application/pdf")
    filename = f"treatment-plan-{plan.episode.client.chart_number}-v{plan.version}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
