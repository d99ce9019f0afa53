"""Plausibility bounds for dates people type: a mistyped year is refused with the field named, never stored.

Each check compares against "today" in the site's zone, which the caller passes (from `core.clock`) so a
form, an API call and a test all see the same bound. Every check raises through `core.errors.reject`.
"""

import datetime as dt

from trellis.core import clock
from trellis.core.errors import reject

# No client, subscriber or prescription in a program's records predates this.
EARLIEST = dt.date(1900, 1, 1)
ONE_YEAR = dt.timedelta(days=366)


def spoken(day: dt.date) -> str:
    return f"{day:%b} {day.day}, {day.year}"


def check_on_or_after(field: str, day: dt.date, earliest: dt.date, message: str) -> None:
    if day < earliest:
        reject(field, message, code="implausible_date")


def check_on_or_before(field: str, day: dt.date, latest: dt.date, message: str) -> None:
    if day > latest:
        reject(field, message, code="implausible_date")


def check_birth_date(*, field: str, born: dt.date | None, today: dt.date) -> None:
    """A birth date is in the past and no earlier than 1900."""
    if born is None:
        return
    check_on_or_before(field, born, today - dt.timedelta(days=1), "A date of birth must be in the past.")
    check_on_or_after(field, born, EARLIEST, f"A date of birth must be on or after {spoken(EARLIEST)}.")


def check_not_in_future(*, field: str, day: dt.date, today: dt.date, what: str) -> None:
    """Something that has happened (a discharge, a collection, a service): today at the latest."""
    check_on_or_before(field, day, today, f"The {what} cannot be in the future (after {spoken(today)}).")
    check_on_or_after(field, day, EARLIEST, f"The {what} must be on or after {spoken(EARLIEST)}.")


def check_near_today(
    *,
    field: str,
    day: dt.date,
    today: dt.date,
    what: str,
    earliest: dt.date = EARLIEST,
    ahead: dt.timedelta = ONE_YEAR,
) -> None:
    """A date that may be planned ahead, but not further than `ahead` from today nor before `earliest`."""
    latest = today + ahead
    check_on_or_before(field, day, latest, f"The {what} is too far ahead: {spoken(latest)} at the latest.")
    check_on_or_after(field, day, earliest, f"The {what} must be on or after {spoken(earliest)}.")


def check_moment_not_in_future(*, field: str, moment: dt.datetime, zone_name: str, what: str) -> None:
    """A recorded moment (a specimen collected, a measure given): not after today, not before 1900."""
    day = moment.astimezone(clock.zone(zone_name)).date() if moment.year > 1 else EARLIEST - dt.timedelta(1)
    check_not_in_future(field=field, day=day, today=clock.today_in(zone_name), what=what)
