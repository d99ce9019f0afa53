"""Plausibility bounds for dates people type: a mistyped year is refused with the field named, never stored.

Services call these before writing, so a form and an API call get the same refusal. "Today" is the site's
today from `core.clock`, passed in by the caller (`today_at(zone)`), so tests freeze it like everything else.
"""

import datetime as dt

from trellis.core import clock
from trellis.core.errors import reject

# No client, subscriber, prescription or record in a program's chart predates this.
EARLIEST = dt.date(1900, 1, 1)
# A day's margin either side of UTC keeps this bound independent of the site's zone.
EARLIEST_MOMENT = dt.datetime.combine(EARLIEST, dt.time(0), tzinfo=dt.UTC) + dt.timedelta(days=1)
ONE_YEAR = dt.timedelta(days=366)
CODE = "implausible_date"


def spoken(day: dt.date) -> str:
    return f"{day:%b} {day.day}, {day.year}"


def today_at(zone_name: str) -> dt.date:
    return clock.today_in(zone_name)


def check_on_or_after(field: str, day: dt.date, earliest: dt.date, message: str) -> None:
    if day < earliest:
        reject(field, message, code=CODE)


def check_on_or_before(field: str, day: dt.date, latest: dt.date, message: str) -> None:
    if day > latest:
        reject(field, message, code=CODE)


def check_birth_date(*, field: str, born: dt.date | None, today: dt.date) -> None:
    """A date of birth is in the past (yesterday at the latest) and on or after Jan 1, 1900."""
    if born is None:
        return
    check_on_or_after(field, born, EARLIEST, f"A date of birth must be on or after {spoken(EARLIEST)}.")
    check_on_or_before(field, born, today - dt.timedelta(days=1), "A date of birth must be in the past.")


def check_not_in_future(
    *, field: str, day: dt.date, today: dt.date, what: str, earliest: dt.date = EARLIEST
) -> None:
    """Something that has already happened (a discharge, a service): today at the latest."""
    check_on_or_after(field, day, earliest, f"The {what} must be on or after {spoken(earliest)}.")
    check_on_or_before(field, day, today, f"The {what} cannot be in the future (after {spoken(today)}).")


def check_near_today(
    *,
    field: str,
    day: dt.date,
    today: dt.date,
    what: str,
    earliest: dt.date = EARLIEST,
    ahead: dt.timedelta = ONE_YEAR,
) -> None:
    """A date that may be planned ahead, but no further than `ahead` from today, nor before `earliest`."""
    latest = today + ahead
    check_on_or_after(field, day, earliest, f"The {what} must be on or after {spoken(earliest)}.")
    check_on_or_before(field, day, latest, f"The {what} is too far ahead: {spoken(latest)} at the latest.")


def check_moment_not_in_future(
    *, field: str, moment: dt.datetime, what: str, slack: dt.timedelta = dt.timedelta(0)
) -> None:
    """A moment that has happened (a specimen collected, a measure given): not after now, not before 1900.

    Compared as moments, so a year-1 or year-9999 value is refused before any zone arithmetic can overflow.
    """
    if moment < EARLIEST_MOMENT:
        reject(field, f"The {what} must be on or after {spoken(EARLIEST)}.", code=CODE)
    if moment > clock.now() + slack:
        reject(field, f"The {what} cannot be in the future.", code=CODE)


def span_problem(first: dt.date, last: dt.date, *, max_days: int) -> str | None:
    """What is wrong with a report or capture span typed into a form (None when it is fine).

    Forms call this rather than a service: the span chooses what to read, it is not a record.
    """
    if first < EARLIEST:
        return f"Start on or after {spoken(EARLIEST)}."
    if last < first:
        return "The end date must be on or after the start date."
    if (last - first).days >= max_days:
        return f"Choose at most {max_days} days at a time."
    return None
