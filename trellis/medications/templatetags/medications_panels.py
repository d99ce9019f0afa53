"""Panels this app adds to shared pages (Today, the client chart), each reading its own data.

Each tag runs a fixed number of queries and returns "" when it has nothing to show. The page that includes
a panel has already checked access to the client and written the audit event for it; medications and
screens are clinical, so roles without VIEW_CLINICAL (billing, admissions, admin) get nothing here.
"""

from typing import Any

from django import template
from django.template.loader import render_to_string

from trellis.accounts.roles import Capability
from trellis.core import clock, kept_pages
from trellis.medications import selectors
from trellis.privacy import audit

register = template.Library()

TODAY_LIMIT = 25  # oldest first; a longer list is a report, not a to-do list
FLAGS_LAYOUT = 1  # raise when what is kept for the flags changes shape


def _clinical_user(context: dict[str, Any]) -> Any:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.can(Capability.VIEW_CLINICAL):
        return None
    return user


@register.simple_tag(takes_context=True)
def medications_today_panel(context: dict[str, Any]) -> str:
    user = _clinical_user(context)
    if user is None:
        return ""
    flags = _open_flags(user)
    if not flags:
        return ""
    audit.record_views(actor=user, client_ids=[f.client_id for f in flags], detail="today: screen flags")
    return render_to_string(
        "medications/today_panel.html", {"flags": flags, "limit": TODAY_LIMIT}, request=context.get("request")
    )


def _open_flags(user: Any) -> list[Any]:
    """The open flags' rows, kept per reader under the activity stamps of their sites like the rest of Today
    (a screen recorded or a flag reviewed is an audited write that renews them). Only the rows are kept: the
    panel says how long each has waited, so it is rendered per request."""
    key = kept_pages.page_key(
        page="today-screen-flags", layout=FLAGS_LAYOUT, user=user, day=clock.now().date()
    )
    kept = kept_pages.get_or_render(
        key,
        lambda: kept_pages.Kept(
            html="", extra={"flags": selectors.list_open_flags(user=user, limit=TODAY_LIMIT)}
        ),
    )
    flags: list[Any] = kept.extra["flags"]
    return flags


@register.simple_tag(takes_context=True)
def medications_chart_panel(context: dict[str, Any], client: Any) -> str:
    if _clinical_user(context) is None:
        return ""
    day = clock.today_in(client.site.timezone)
    record = selectors.get_medication_record(client=client, day=day, screen_limit=selectors.CHART_SCREENS)
    return render_to_string(
        "medications/chart_panel.html", {"client": client, "record": record}, request=context.get("request")
    )
