"""Today, kept rendered per reader (core.kept_pages) and shown again only while it cannot be stale.

The page is three kept parts around two panels read on every request: the worklist panel (it reads the clock
throughout the day, and keeps itself) and the medications panel (it says how long each flag has waited, to
the minute). The parts' key holds the reader, the organization's activity stamp (new with every audited
write, in that write's transaction: a tap shows at once) and the local day. Within the day the clock alone
changes what they show at: a session starting (a week still "on track" counts it as ahead; a facilitator's
note falls due), a note or an inquiry turning overdue (their panels say when, core.clock_marks), and midnight
at any of the reader's sites or in UTC (due dates and expiry read those days). The part ends at the first.

Kept HTML holds no CSRF token and nothing of the session: the page's frame (base.html) is rendered per
request around it. On every showing, kept or fresh, the views of the clients shown are audited.
"""

import datetime as dt
from collections import defaultdict
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from trellis.attendance import today
from trellis.core import clock, clock_marks, kept_pages
from trellis.privacy import audit

LAYOUT = 1  # raise when the Today templates change shape, so parts kept by the old code are not shown
PARTS = ("before", "after", "tail")
ALERT_LIMIT = 25  # the furthest behind first; a longer list is a report, not a to-do list


def get_parts(*, request: HttpRequest, user: Any) -> dict[str, str]:
    """Today's kept parts by name. Must run inside audit.gathered_views(): the views of the clients shown are
    recorded on every call."""
    # The key's day is UTC's: a part ends by the next midnight at any of the reader's sites anyway
    # (valid_until), so the reader's local day is only read when the page is rendered afresh.
    key = kept_pages.page_key(page="today", layout=LAYOUT, user=user, day=clock.now().date())
    rendered: list[bool] = []

    def render() -> kept_pages.Kept:
        rendered.append(True)
        return _render(request=request, user=user)

    kept = kept_pages.get_or_render(key, render)
    if not rendered:  # shown again: the same views as when it was rendered
        _record_views_again(user, kept.extra["views"])
    return {"before": kept.html, **{name: kept.extra[name] for name in PARTS[1:]}}


def _record_views_again(user: Any, views: list[tuple[Any, str]]) -> None:
    by_detail: dict[str, list[Any]] = defaultdict(list)
    for client_id, detail in views:
        by_detail[detail].append(client_id)
    for detail, client_ids in by_detail.items():
        audit.record_views(actor=user, client_ids=client_ids, detail=detail)


def _render(*, request: HttpRequest, user: Any) -> kept_pages.Kept:
    day, zone, zones = today.get_local_days(user=user)
    with clock_marks.watching() as watch, audit.noting_gathered_views() as views:
        context, shown = _context(user, day, zone)
        audit.record_views(actor=user, client_ids=shown, detail="today")
        html = {
            name: render_to_string(f"attendance/today_parts.html#{name}", context, request=request)
            for name in PARTS
        }
    return kept_pages.Kept(
        html=html["before"],
        shown_client_ids=tuple(dict.fromkeys(client_id for client_id, _ in views)),
        valid_until=clock_marks.earliest(watch.earliest, clock.next_midnight(zones)),
        extra={"after": html["after"], "tail": html["tail"], "views": list(views)},
    )


def _context(user: Any, day: dt.date, zone: str) -> tuple[dict[str, Any], list[Any]]:
    last_sunday = clock.week_start(day) - dt.timedelta(days=1)
    short, short_last_week = today.list_clients_short_of_hours(
        user=user, days=[day, last_sunday], today=day, limit=ALERT_LIMIT
    )
    waitlist = today.list_waitlist(user=user, limit=ALERT_LIMIT)
    shown = [a.client.pk for a in short + short_last_week] + [w.episode.client_id for w in waitlist]
    sessions = today.list_sessions_on(user=user, day=day)
    census = today.list_track_census(user=user, day=day)
    context = {
        "day": day,
        "zone": zone,
        "sessions": sessions,
        "my_sessions": [s for s in sessions if s.facilitator_id == user.pk],
        "census": census,
        "census_total": sum(getattr(t, "enrolled_count", 0) for t in census),
        "capacity_total": sum(t.capacity for t in census),
        "short": short,
        "short_last_week": short_last_week,
        "limit": ALERT_LIMIT,
        "waitlist": waitlist,
    }
    return context, shown
