"""What the client's home page shows, read through each app's own selectors (never re-derived here)."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from trellis.attendance.compliance import WeekResult
from trellis.attendance.selectors import list_week_compliance
from trellis.attendance.telehealth import list_joinable_sessions
from trellis.clients.models import Client
from trellis.core import clock
from trellis.measures.schedule import Due
from trellis.measures.selectors import list_client_due
from trellis.notifications.services import settings_for
from trellis.scheduling.calendars import AppointmentEntry, Entry, get_client_week
from trellis.scheduling.models import GroupSession
from trellis.scheduling.proposals import CalendarFeedToken
from trellis.scheduling.selectors import is_client_feed_live

UPCOMING_DAYS = 14
CRISIS_LINE = "988"


@dataclass(frozen=True)
class Upcoming:
    date: dt.date
    time_range: str
    what: str
    where: str


@dataclass(frozen=True)
class Home:
    today: dt.date
    upcoming: list[Upcoming]
    week: WeekResult | None
    checkins_due: list[Due]
    calendar_link: str
    joinable: list[GroupSession] = field(default_factory=list)  # online sessions open for joining now


def program_phone(*, client: Client) -> str:
    """The number the crisis banner gives besides 988: the organization's help line for texts."""
    return settings_for(client.organization_id).help_phone


def _upcoming_entry(entry: Entry | AppointmentEntry) -> Upcoming:
    if isinstance(entry, AppointmentEntry):
        appointment = entry.appointment
        return Upcoming(entry.date, entry.time_range, appointment.get_kind_display(), str(appointment.site))
    room = entry.group.room
    return Upcoming(entry.date, entry.time_range, entry.group.name, str(room or entry.group.track.site))


def list_upcoming(*, client: Client, today: dt.date) -> list[Upcoming]:
    """Published groups and booked appointments from today through the next 14 days (three weeks read)."""
    monday = today - dt.timedelta(days=today.weekday())
    last = today + dt.timedelta(days=UPCOMING_DAYS)
    found: list[Upcoming] = []
    for offset in range(3):
        week = get_client_week(client=client, monday=monday + dt.timedelta(days=7 * offset))
        for day in week.days:
            if today <= day.date <= last:
                found += [_upcoming_entry(entry) for entry in day.entries]
    return found


def get_home(*, client: Client) -> Home:
    now = clock.now()
    today = clock.today_in(client.site.timezone)
    monday = today - dt.timedelta(days=today.weekday())
    week: Any = list_week_compliance(client_ids=[client.pk], monday=monday, today=today).get(client.pk)
    due = [d for d in list_client_due(client=client, now=now) if d.needs_giving]
    return Home(
        today=today,
        upcoming=list_upcoming(client=client, today=today),
        week=week,
        checkins_due=due,
        calendar_link=calendar_link(client=client),
        joinable=list_joinable_sessions(client=client, now=now),
    )


def calendar_link(*, client: Client) -> str:
    """The client's calendar subscription, when staff made one for this stay in care (scheduling's feed)."""
    feed = CalendarFeedToken.objects.filter(client=client, revoked_at__isnull=True).first()
    if feed is None or not is_client_feed_live(feed=feed):
        return ""
    return reverse("scheduling:feed", kwargs={"token": feed.token})
