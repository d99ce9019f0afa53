"""Pages of the weekly workflow: a site's schedule, propose, review the difference, publish."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.core import clock
from trellis.privacy import audit
from trellis.programs.models import Site
from trellis.scheduling import selectors, services
from trellis.scheduling.models import ScheduleProposal

Status = ScheduleProposal.Status


def _site(user: Any, pk: Any) -> Site:
    site: Site = get_object_or_404(Site.objects.filter(pk__in=user.site_ids()), pk=pk)
    return site


@requires(Capability.PUBLISH_SCHEDULE)
def site_schedule_view(request: HttpRequest, pk: Any) -> HttpResponse:
    user: Any = request.user
    site = _site(user, pk)
    this_week = clock.week_start(clock.today_in(site.timezone))
    weeks = [this_week + dt.timedelta(weeks=n) for n in range(3)]
    proposals = list(
        ScheduleProposal.objects.filter(site=site, week_start__in=weeks)
        .select_related("requested_by", "published_by")
        .order_by("week_start", "-created_at")
    )
    rows = [
        {
            "monday": monday,
            "published": next(
                (p for p in proposals if p.week_start == monday and p.status == Status.PUBLISHED), None
            ),
            "proposals": [p for p in proposals if p.week_start == monday and p.status != Status.PUBLISHED][
                :3
            ],
        }
        for monday in weeks
    ]
    context = {
        "site": site,
        "rows": rows,
        "next_week": services.next_week_start(site),
        "this_week": this_week,
    }
    return render(request, "scheduling/site_schedule.html", context)


@require_POST
@requires(Capability.PUBLISH_SCHEDULE)
def propose_view(request: HttpRequest, pk: Any) -> HttpResponse:
    user: Any = request.user
    site = _site(user, pk)
    try:
        week = dt.date.fromisoformat(request.POST.get("week", ""))
        reason = "Re-solve after enrollment changes" if request.POST.get("resolve") else "Weekly schedule"
        proposal = services.request_proposal(site=site, week_start=week, requested_by=user, reason=reason)
    except (ValueError, ValidationError) as error:
        messages.error(request, "; ".join(getattr(error, "messages", ["Choose a week to propose."])))
        return redirect("scheduling:site_schedule", pk=site.pk)
    return redirect("scheduling:proposal", pk=proposal.pk)


def _proposal(user: Any, pk: Any) -> ScheduleProposal:
    queryset = ScheduleProposal.objects.filter(site_id__in=user.site_ids()).select_related(
        "site", "requested_by"
    )
    proposal: ScheduleProposal = get_object_or_404(queryset, pk=pk)
    return proposal


@requires(Capability.PUBLISH_SCHEDULE)
def proposal_view(request: HttpRequest, pk: Any) -> HttpResponse:
    """Review: who is added, who moves, who cannot meet the minimum and why; polls while being solved."""
    user: Any = request.user
    proposal = _proposal(user, pk)
    review = selectors.get_review(proposal=proposal, user=user)
    audit.record_views(actor=user, client_ids=review.client_ids, detail="schedule review")
    template = "scheduling/proposal.html" + ("#review" if request.htmx else "")  # type: ignore[attr-defined]
    return render(request, template, {"review": review, "proposal": proposal, "site": proposal.site})


@require_POST
@requires(Capability.PUBLISH_SCHEDULE)
def publish_view(request: HttpRequest, pk: Any) -> HttpResponse:
    user: Any = request.user
    proposal = _proposal(user, pk)
    try:
        services.publish_proposal(proposal=proposal, published_by=user)
        messages.success(request, f"Published the week of {proposal.week_start:%b %-d}.")
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    return redirect("scheduling:proposal", pk=proposal.pk)
