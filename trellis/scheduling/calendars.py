"""Week calendars: per track, room, clinician and client, groups and booked appointments on one grid.

Groups come from the published schedule; assessments, individual sessions, medication management and drug
screens are appointments (scheduling/appointments.py). Every tile links to its session: a group to its dated
session page (when the session exists), an appointment to its own page. Each calendar is built in a fixed
number of queries whatever the number of clients. Times are the site's wall-clock times; the grid shows
them with the site's time zone name.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from trellis.clients.models import Client
from trellis.core import clock
from trellis.programs.models import Holiday
from trellis.scheduling.models import (
    Appointment,
    GroupSession,
    ProposedPlacement,
    RecurringGroup,
    ScheduleProposal,
)

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
    session_id: Any = None
    appointment: None = None

    @property
    def time_range(self) -> str:
        """Wall-clock times at the site (templates would convert to the server's zone)."""
        return f"{self.starts_at:%H:%M}\u2013{self.ends_at:%H:%M}"

    @property
    def sort_name(self) -> str:
        return self.group.name


@dataclass
class AppointmentEntry:
    """A booked appointment in the week shown; `client` is None when the viewer may not see who it is with."""

    appointment: Appointment
    date: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime
    client: Client | None
    clients: list[Client] = field(default_factory=list)

    @property
    def time_range(self) -> str:
        return f"{self.starts_at:%H:%M}\u2013{self.ends_at:%H:%M}"

    @property
    def sort_name(self) -> str:
        return self.appointment.get_kind_display()


@dataclass
class Day:
    date: dt.date
    holiday: str
    entries: "list[Entry | AppointmentEntry]"


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
    def has_entries(self) -> bool:
        return any(day.entries for day in self.days)

    @property
    def client_ids(self) -> list[Any]:
        ids = [c.pk for day in self.days for entry in day.entries for c in entry.clients]
        ids += [
            e.client.pk
            for day in self.days
            for e in day.entries
            if isinstance(e, AppointmentEntry) and e.client is not None
        ]
        return ids


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


def get_group_week(
    *, groups: Iterable[RecurringGroup], monday: dt.date, visible: Any = None, appointments: Any = None
) -> Week:
    """The week of these groups (select_related track__site, room, facilitator); ``visible`` is a client
    queryset whose members are named in each entry, or None for head counts only; ``appointments`` is a
    queryset of appointments to show beside the groups (a person's calendar), or None."""
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
    _link_sessions(entries, monday)
    tiles = _appointment_entries(appointments, monday, visible)
    return _week(monday, [*entries.values(), *tiles], holidays, groups, published)


def _link_sessions(entries: dict[tuple[Any, dt.date], Entry], monday: dt.date) -> None:
    """Each group entry learns its dated session (one query), so its tile can link to it."""
    if not entries:
        return
    sessions = GroupSession.objects.filter(
        group_id__in={group_id for group_id, _ in entries},
        date__gte=monday,
        date__lte=monday + dt.timedelta(days=6),
    ).values_list("group_id", "date", "pk")
    for group_id, day, pk in sessions:
        if (group_id, day) in entries:
            entries[(group_id, day)].session_id = pk


def _appointment_entries(appointments: Any, monday: dt.date, visible: Any) -> list[AppointmentEntry]:
    """Booked appointments falling in the week at their site (one query, two with names)."""
    if appointments is None:
        return []
    around = (
        dt.datetime.combine(monday - dt.timedelta(days=1), dt.time(0), tzinfo=dt.UTC),
        dt.datetime.combine(monday + dt.timedelta(days=8), dt.time(0), tzinfo=dt.UTC),
    )
    rows = list(
        appointments.filter(status=Appointment.Status.BOOKED, starts_at__range=around).select_related(
            "site", "client", "staff"
        )
    )
    named = (
        set(visible.filter(pk__in={a.client_id for a in rows}).values_list("pk", flat=True))
        if visible is not None
        else set()
    )
    tiles = []
    for a in rows:
        zone = clock.zone(a.site.timezone)
        starts, ends = a.starts_at.astimezone(zone), a.ends_at.astimezone(zone)
        if monday <= starts.date() <= monday + dt.timedelta(days=6):
            client = a.client if a.client_id in named else None
            tiles.append(AppointmentEntry(a, starts.date(), starts, ends, client))
    return tiles


def _week(
    monday: dt.date,
    entries: Iterable[Entry | AppointmentEntry],
    holidays: dict[tuple[Any, dt.date], str],
    groups: list[RecurringGroup],
    published: bool,
) -> Week:
    by_day: dict[dt.date, list[Entry | AppointmentEntry]] = defaultdict(list)
    for entry in sorted(entries, key=lambda e: (e.starts_at, e.sort_name)):
        by_day[entry.date].append(entry)
        entry.clients.sort(key=lambda c: (c.legal_last_name, c.legal_first_name))
    closed = defaultdict(list)
    for (_, day), name in holidays.items():
        closed[day].append(name)
    days = [Day(day, ", ".join(sorted(set(closed[day]))), by_day[day]) for day in clock.week_days(monday)]
    zones = sorted(
        {g.track.site.timezone for g in groups}
        | {e.appointment.site.timezone for e in by_day_entries(by_day) if isinstance(e, AppointmentEntry)}
    )
    return Week(monday=monday, days=days, zones=zones, published=published)


def by_day_entries(by_day: dict[dt.date, list[Entry | AppointmentEntry]]) -> list[Entry | AppointmentEntry]:
    return [entry for entries in by_day.values() for entry in entries]


def get_client_week(*, client: Client, monday: dt.date) -> Week:
    """The client's week: their published groups and their booked appointments, when and where, each day."""
    placements = list(
        ProposedPlacement.objects.filter(
            client=client, proposal__status=PUBLISHED, proposal__week_start=monday
        ).select_related("group__track__site", "group__room", "group__facilitator")
    )
    by_key = {(p.group_id, p.date): _entry(p.group, p.date) for p in placements}
    _link_sessions(by_key, monday)
    groups = [p.group for p in placements]
    holidays = _holidays([client.site_id], monday)
    mine = Appointment.objects.filter(client=client)
    tiles = _appointment_entries(mine, monday, Client.objects.filter(pk=client.pk))
    return _week(monday, [*by_key.values(), *tiles], holidays, groups or [], bool(placements))


def groups_for(**filters: Any) -> Any:
    return RecurringGroup.objects.filter(track__is_active=True, **filters).select_related(
        "track__site", "room", "facilitator"
    )
