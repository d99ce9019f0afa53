"""The chart's casework panel: when the social needs screen is due, the last result, open needs, the case plan.

It reads only (the chart has checked access and written the view event) in a fixed number of queries, and
shows nothing to a role without case management.
"""

from typing import Any

from django import template
from django.template.loader import render_to_string

from trellis.casework import selectors
from trellis.casework.choices import NeedStatus
from trellis.casework.models import CaseNeed, NeedsScreening
from trellis.casework.querysets import may_do_casework
from trellis.core import clock

register = template.Library()


@register.simple_tag(takes_context=True)
def casework_chart_panel(context: Any, client: Any) -> str:
    request = context.get("request")
    user = getattr(request, "user", None)
    if not may_do_casework(user):
        return ""
    episode = selectors.open_episodes(user=user, client_id=client.pk).first()
    latest = NeedsScreening.objects.filter(client=client).first()
    panel = {
        "client": client,
        "episode": episode,
        "latest": latest,
        "due": None
        if episode is None
        else selectors.screen_due(
            episode=episode, last_screened_at=episode.last_screened_at, now=clock.now()
        ),
        "needs": []
        if episode is None
        else list(CaseNeed.objects.filter(episode=episode, status=NeedStatus.OPEN).order_by("created_at")),
    }
    return render_to_string("casework/chart_panel.html", panel, request=request)
