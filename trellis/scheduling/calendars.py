"""Week calendars read from the published schedule: per track, room, clinician and client.

Each calendar is built in a fixed number of queries whatever the number of clients. Group times are the
site's wall-clock times; the grid shows them with the site's time zone name.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from trellis.clients.models import Client
from trellis.core import clock
from trellis.programs.models import Holiday
from trellis.scheduling.models import ProposedPlacement, RecurringGroup, ScheduleProposal

PUBLISHED = ScheduleProposal.Status.PUBLISHED


@dataclass
class Entry:
    """One group meeting in the week shown, with who is scheduled in it (names only where asked for)."""

    group: RecurringGroup
    date: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime
    count: int = 0
    clients: list[Client] = field(default_factory=list)

    @property
    def time_range(self) -> str:
        """Wall-clock times at the site (templates would convert to the server's zone)."""
        return f"{self.starts_at:%H:%M}\u2013{self.ends_at:%H:%M}"


@dataclass
class Day:
    date: dt.date
    holiday: str
    entries: list[Entry]


@dataclass
class Week:
    monday: dt.date
    days: list[Day]
    zones: list[str]
    published: bool

    @property
    def previous(self) -> dt.date:
        return self.monday - dt.timedelta(days=7)

    @property
    def following(self) -> dt.date:
        return self.monday + dt.timedelta(days=7)

    @property
    def client_ids(self) -> list[Any]:
        return [c.pk for day in self.days for entry in day.entries for c in entry.clients]


# Calendars page a week at a time; a week decades away is a typo (and year 1 or 9999 has no neighbour).
MAX_WEEK_DISTANCE = dt.timedelta(days=3650)


def parse_week(value: str | None, *, zone: str) -> dt.date:
    """The Monday of the week asked for in ``?week=YYYY-MM-DD``, or of this week at the site."""
    today = clock.today_in(zone)
    try:
        day = dt.date.fromisoformat(value or "")
    except ValueError:
        day = today
    if abs(day - today) > MAX_WEEK_DISTANCE:
        day = today  # a mistyped year: the page links to the weeks either side, which must exist
    return clock.week_start(day)


def _entry(group: RecurringGroup, day: dt.date) -> Entry:
    starts = clock.local_datetime(day, group.starts_at, group.track.site.timezone)
    return Entry(group, day, starts, starts + dt.timedelta(minutes=group.duration_minutes))


def _holidays(site_ids: Iterable[Any], monday: dt.date) -> dict[tuple[Any, dt.date], str]:
    rows = Holiday.objects.filter(
        site_id__in=set(site_ids), date__gte=monday, date__lte=monday + dt.timedelta(6)
    )
    return {(h.site_id, h.date): h.name for h in rows}


def get_group_week(*, groups: Iterable[RecurringGroup], monday: dt.date, visible: Any = None) -> Week:
    """The week of these groups (select_related track__site, room, facilitator); ``visible`` is a client
    queryset whose members are named in each entry, or None for head counts only."""
    groups = list(groups)
    sites = {g.track.site_id for g in groups}
    holidays = _holidays(sites, monday)
    days = clock.week_days(monday)
    entries = {
        (g.pk, day): _entry(g, day)
        for g in groups
        for day in days
        if g.meets_on(day) and (g.track.site_id, day) not in holidays
    }
    placements = ProposedPlacement.objects.filter(
        proposal__status=PUBLISHED, proposal__week_start=monday, group__in=groups
    )
    published = False
    for group_id, day in placements.values_list("group_id", "date"):
        published = True
        if (group_id, day) in entries:
            entries[(group_id, day)].count += 1
    if visible is not None:
        for placement in placements.filter(client__in=visible).select_related("client"):
            if (placement.group_id, placement.date) in entries:
                entries[(placement.group_id, placement.date)].clients.append(placement.client)
    return _week(monday, entries.values(), holidays, groups, published)


def _week(
    monday: dt.date,
    entries: Iterable[Entry],
    holidays: dict[tuple[Any, dt.date], str],
    groups: list[RecurringGroup],
    published: bool,
) -> Week:
    by_day: dict[dt.date, list[Entry]] = defaultdict(list)
    for entry in sorted(entries, key=lambda e: (e.starts_at, e.group.name)):
        by_day[entry.date].append(entry)
        entry.clients.sort(key=lambda c: (c.legal_last_name, c.legal_first_name))
    closed = defaultdict(list)
    for (_, day), name in holidays.items():
        closed[day].append(name)
    days = [Day(day, ", ".join(sorted(set(closed[day]))), by_day[day]) for day in clock.week_days(monday)]
    zones = sorted({g.track.site.timezone for g in groups})
    return Week(monday=monday, days=days, zones=zones, published=published)


def get_client_week(*, client: Client, monday: dt.date) -> Week:
    """The client's published week: which group, when and where, each day."""
    placements = list(
        ProposedPlacement.objects.filter(
            client=client, proposal__status=PUBLISHED, proposal__week_start=monday
        ).select_related("group__track__site", "group__room", "group__facilitator")
    )
    entries = [_entry(p.group, p.date) for p in placements]
    groups = [p.group for p in placements]
    holidays = _holidays([client.site_id], monday)
    return _week(monday, entries, holidays, groups or [], bool(placements))


def groups_for(**filters: Any) -> Any:
    return RecurringGroup.objects.filter(track__is_active=True, **filters).select_related(
        "track__site", "room", "facilitator"
    )
