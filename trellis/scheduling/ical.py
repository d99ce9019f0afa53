"""iCalendar (RFC 5545) feeds of the published schedule, for a client and for a clinician.

Events carry the site's time zone as TZID with a VTIMEZONE, so a phone shows 18:00 at the clinic as
18:00 wherever the phone is set. A client's feed says only which group, when and where: no diagnosis,
program name, clinician or other client, because calendars are shared and synced to third parties.
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from icalendar import Calendar, Event, Timezone

from trellis.core import clock
from trellis.programs.models import Holiday
from trellis.scheduling.models import ProposedPlacement, RecurringGroup, ScheduleProposal

WEEKS_BEFORE, WEEKS_AFTER = 1, 4
PRODID = "-//Trellis//Schedule//EN"


def feed_weeks(zone: str) -> tuple[dt.date, dt.date]:
    """The first Monday and the last Sunday a feed covers, around this week at the site."""
    monday = clock.week_start(clock.today_in(zone))
    return monday - dt.timedelta(weeks=WEEKS_BEFORE), monday + dt.timedelta(weeks=WEEKS_AFTER + 1, days=-1)


def _calendar(name: str, zones: Iterable[str]) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for zone in sorted(set(zones)):
        calendar.add_component(Timezone.from_tzid(zone))
    return calendar


def _event(*, uid: str, summary: str, location: str, group: RecurringGroup, day: dt.date) -> Event:
    starts = clock.local_datetime(day, group.starts_at, group.track.site.timezone)
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", clock.now())
    event.add("dtstart", starts)
    event.add("dtend", starts + dt.timedelta(minutes=group.duration_minutes))
    event.add("summary", summary)
    event.add("location", location)
    return event


def _place(group: RecurringGroup) -> str:
    site = group.track.site
    return ", ".join(part for part in (group.room.name, site.name, site.address) if part)


def client_feed(*, client: Any) -> bytes:
    """The client's published groups from last week to four weeks ahead: group name, time and place only."""
    zone = client.site.timezone
    first, last = feed_weeks(zone)
    placements = ProposedPlacement.objects.filter(
        client=client,
        proposal__status=ScheduleProposal.Status.PUBLISHED,
        date__gte=first,
        date__lte=last,
    ).select_related("group__track__site", "group__room")
    calendar = _calendar("My group schedule", [zone])
    for p in placements:
        uid = f"{p.group_id}-{p.date:%Y%m%d}-{client.pk}@trellis"
        calendar.add_component(
            _event(uid=uid, summary=p.group.name, location=_place(p.group), group=p.group, day=p.date)
        )
    return bytes(calendar.to_ical())


def clinician_feed(*, user: Any) -> bytes:
    """The groups a clinician facilitates, from last week to four weeks ahead, holidays left out."""
    groups = list(
        RecurringGroup.objects.filter(facilitator=user, track__is_active=True).select_related(
            "track__site", "room"
        )
    )
    zones = {g.track.site.timezone for g in groups} or {"UTC"}
    first, last = feed_weeks(min(zones))
    closed = set(
        Holiday.objects.filter(
            site_id__in={g.track.site_id for g in groups}, date__gte=first, date__lte=last
        ).values_list("site_id", "date")
    )
    calendar = _calendar("Groups I facilitate", zones & {g.track.site.timezone for g in groups})
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    for group in groups:
        for day in days:
            if group.meets_on(day) and (group.track.site_id, day) not in closed:
                uid = f"{group.pk}-{day:%Y%m%d}@trellis"
                summary = f"{group.name} ({group.track.name})"
                calendar.add_component(
                    _event(uid=uid, summary=summary, location=_place(group), group=group, day=day)
                )
    return bytes(calendar.to_ical())
