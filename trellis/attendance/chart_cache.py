"""The client chart below its heading, kept rendered per reader and shown again only while it cannot be stale.

Its key holds the client's and the organization's stamps (clients.chart_stamps: new with every audited
write, in that write's transaction), the local day (due dates, expiry, "today" on the calendar), and who
reads (their id, role, sites and programs decide what each panel shows). Within a day the clock alone
changes one thing: the running week's hours count a session still ahead as possible until it starts, so a
kept chart also ends when the client's next session starts. The worklist panel, which reads the clock
throughout the day, sits between the two parts and is read on every request.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.template.loader import render_to_string

from trellis.attendance.chart import get_chart
from trellis.attendance.models import AttendanceRecord
from trellis.clients.models import Client
from trellis.core import clock

KEEP_SECONDS = 24 * 60 * 60  # the day is in the key: a chart is never kept past it anyway
LAYOUT = 1  # raise when a chart template changes shape, so charts kept by the old code are not shown
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class ChartParts:
    before: str  # above the worklist panel
    after: str  # below it
    valid_until: dt.datetime | None  # the next start of one of the client's sessions this week


def _ids(values: list[Any]) -> str:
    return hashlib.sha256(",".join(sorted(str(v) for v in values)).encode()).hexdigest()[:16]


def _key(user: Any, client: Any, today: dt.date) -> str:
    reader = f"{user.pk}:{user.role}:{user.is_active}:{_ids(user.site_ids())}:{_ids(user.program_ids())}"
    stamps = f"{client.chart_stamp}:{client.setup_stamp}"
    return f"chart:{LAYOUT}:{client.pk}:{stamps}:{today.isoformat()}:{reader}"


def get_parts(*, request: HttpRequest, client: Client, today: dt.date) -> ChartParts:
    """The chart as kept, or rendered now and kept. `client` comes from chart_stamps.stamped()."""
    key = _key(request.user, client, today)
    kept: ChartParts | None = cache.get(key)
    if kept is not None and (kept.valid_until is None or clock.now() < kept.valid_until):
        return kept
    chart = get_chart(client=client, today=today)
    context = {
        "chart": chart,
        "contacts": list(client.contacts.all()),
        "today": today,
        "weekday_names": WEEKDAY_NAMES,
        "statuses": AttendanceRecord.Status.choices,
    }
    parts = ChartParts(
        before=render_to_string("attendance/chart_parts.html#before", context, request=request),
        after=render_to_string("attendance/chart_parts.html#after", context, request=request),
        valid_until=chart.next_start,
    )
    cache.set(key, parts, KEEP_SECONDS)
    return parts
