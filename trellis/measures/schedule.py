"""When a scheduled measure is next due for a client. Pure: no Django, no database.

Intervals count calendar days in the site's zone, so a measure given at 23:30 the night before a
daylight-saving change is due on the same weekday the next week, not an hour early or late.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo


class DueState(StrEnum):
    UPCOMING = "upcoming"
    DUE = "due"  # due today
    OVERDUE = "overdue"


@dataclass(frozen=True)
class Due:
    instrument: str
    due_on: dt.date
    state: DueState
    days_overdue: int

    @property
    def needs_giving(self) -> bool:
        return self.state is not DueState.UPCOMING


def next_due_on(*, admitted_on: dt.date, last_given_on: dt.date | None, every_days: int) -> dt.date:
    """A baseline on the day of admission, then every ``every_days`` after the last administration."""
    if every_days < 1:
        raise ValueError("every_days must be at least 1")
    if last_given_on is None:
        return admitted_on
    return max(admitted_on, last_given_on + dt.timedelta(days=every_days))


def due_status(
    *,
    instrument: str,
    admitted_on: dt.date,
    last_given_at: dt.datetime | None,
    every_days: int,
    now: dt.datetime,
    zone: str,
) -> Due:
    """Whether ``instrument`` is upcoming, due today or overdue at ``now``, reading both times in ``zone``."""
    local = ZoneInfo(zone)
    last_given_on = last_given_at.astimezone(local).date() if last_given_at is not None else None
    due_on = next_due_on(admitted_on=admitted_on, last_given_on=last_given_on, every_days=every_days)
    today = now.astimezone(local).date()
    if today < due_on:
        return Due(instrument=instrument, due_on=due_on, state=DueState.UPCOMING, days_overdue=0)
    if today == due_on:
        return Due(instrument=instrument, due_on=due_on, state=DueState.DUE, days_overdue=0)
    return Due(
        instrument=instrument, due_on=due_on, state=DueState.OVERDUE, days_overdue=(today - due_on).days
    )
