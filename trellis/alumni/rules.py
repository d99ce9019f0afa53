"""When an alumnus's follow-ups are due, and which follow-up answers call for a call back. Pure: no Django.

Follow-ups at 30, 60 and 90 days after discharge, because about half of first-year relapses come in the first
month after treatment and most of the rest in the next two. Each is open from 7 days before its day to 7 days
after it (a window of two weeks, so a reminder on a weekend still leaves time to answer).
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

MILESTONES = (30, 60, 90)
WINDOW_DAYS = 7

# BAM items (VA BAM manual): 4 any alcohol, 5 heavy drinking, 6 illegal drugs or misused prescriptions,
# 8 cravings. Answers are the option values of bam.json (0 = none / not at all).
BAM_USE_ITEMS = (4, 5, 6)
BAM_CRAVINGS_ITEM = 8
CRAVINGS_CONSIDERABLY = 3


@dataclass(frozen=True)
class Window:
    milestone: int
    due_on: dt.date
    opens_on: dt.date
    closes_on: dt.date

    def contains(self, day: dt.date) -> bool:
        return self.opens_on <= day <= self.closes_on


def window(*, discharged_on: dt.date, milestone: int) -> Window:
    due = discharged_on + dt.timedelta(days=milestone)
    span = dt.timedelta(days=WINDOW_DAYS)
    return Window(milestone=milestone, due_on=due, opens_on=due - span, closes_on=due + span)


def open_window(*, discharged_on: dt.date, today: dt.date) -> Window | None:
    """The follow-up whose window holds `today`, if any (the windows never overlap)."""
    for milestone in MILESTONES:
        found = window(discharged_on=discharged_on, milestone=milestone)
        if found.contains(today):
            return found
    return None


def reports_use(answers: Sequence[int | None]) -> bool:
    """Any day of drinking or drug use in the BAM's past 30 days (items 4-6; a skipped item counts 0)."""
    return any((answers[n - 1] or 0) > 0 for n in BAM_USE_ITEMS if n <= len(answers))


def warrants_call_back(answers: Sequence[int | None], *, using_since: str) -> bool:
    """Use reported on the BAM or the self-report, or cravings bothering them considerably or more: a return
    to use in the months after discharge is when a call from the program helps most."""
    cravings = answers[BAM_CRAVINGS_ITEM - 1] if len(answers) >= BAM_CRAVINGS_ITEM else None
    return reports_use(answers) or using_since == "yes" or (cravings or 0) >= CRAVINGS_CONSIDERABLY
