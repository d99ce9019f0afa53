"""Quiet hours: when no reminder may reach a client's phone or inbox (TCPA practice: no texts 9 pm to 8 am
in the recipient's zone). Pure: wall-clock times in, the moment a held message may go out.
"""

import datetime as dt


def is_quiet(moment: dt.time, *, start: dt.time, end: dt.time) -> bool:
    if start == end:
        return False
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end  # the span wraps past midnight


def release_at(local: dt.datetime, *, start: dt.time, end: dt.time) -> dt.datetime | None:
    """None when `local` (aware, in the client's zone) is outside quiet hours; else the end of them."""
    if not is_quiet(local.time(), start=start, end=end):
        return None
    day = local.date() if local.time() < end else local.date() + dt.timedelta(days=1)
    naive = dt.datetime.combine(day, end)
    return naive.replace(tzinfo=local.tzinfo)
