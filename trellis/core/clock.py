"""Time in the site's zone. Weeks run Monday to Sunday; they are computed, never typed in."""

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.utils import timezone


def now() -> dt.datetime:
    return timezone.now()


def today_in(zone_name: str) -> dt.date:
    return now().astimezone(ZoneInfo(zone_name)).date()


def week_start(day: dt.date) -> dt.date:
    """The Monday of the week that holds `day`."""
    return day - dt.timedelta(days=day.weekday())


def week_days(monday: dt.date) -> list[dt.date]:
    return [monday + dt.timedelta(days=offset) for offset in range(7)]


def local_datetime(day: dt.date, time: dt.time, zone_name: str) -> dt.datetime:
    """An aware datetime for a wall-clock time at a site; DST gaps resolve forward."""
    return dt.datetime.combine(day, time, tzinfo=ZoneInfo(zone_name))


def zone(zone_name: str) -> ZoneInfo:
    return ZoneInfo(zone_name)


def next_midnight(zone_names: Iterable[str], *, after: dt.datetime | None = None) -> dt.datetime:
    """The first local midnight after `after` (now) in any of these zones or in UTC: when a date read in one
    of them (a due date, "today") next changes. Kept pages end there."""
    moment = after or now()
    midnights = []
    for name in {*zone_names, "UTC"}:
        local_day = moment.astimezone(zone(name)).date()
        midnights.append(local_datetime(local_day + dt.timedelta(days=1), dt.time(0), name))
    return min(midnights)
