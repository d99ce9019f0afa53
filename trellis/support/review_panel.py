"""The plan review's section on outside meetings: those since the episode's last review (or since admission).

Two queries; the review page has checked access to the plan and written the audit event.
"""

import datetime as dt
from typing import Any

from django.template.loader import render_to_string

from trellis.plans.models import PlanReview
from trellis.support.models import OutsideMeeting
from trellis.support.querysets import reads_meetings


def meetings_since_review(plan: Any, request: Any) -> str:
    user = request.user
    if not reads_meetings(user):
        return ""
    episode = plan.episode
    last = PlanReview.objects.filter(plan__episode=episode).order_by("-reviewed_on").first()
    since = last.reviewed_on + dt.timedelta(days=1) if last else episode.admitted_on
    meetings = list(
        OutsideMeeting.objects.visible_to(user).filter(client_id=episode.client_id, attended_on__gte=since)
    )
    context = {"meetings": meetings, "since": since, "reviewed": last is not None}
    return render_to_string("support/review_panel.html", context, request=request)
