"""When the care team reads messages. A message sent outside these hours waits until the next working morning,
so the compose page then says so and puts the crisis lines first. Pure: no Django.

The hours are the same for every program for now (Monday to Friday, 9 to 5 in the client's site's zone);
a program setting can replace DEFAULT when a program asks for different ones.
"""

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class OfficeHours:
    opens: dt.time
    closes: dt.time
    weekdays: frozenset[int]  # Monday is 0


DEFAULT = OfficeHours(opens=dt.time(9, 0), closes=dt.time(17, 0), weekdays=frozenset(range(5)))


def is_open(local: dt.datetime, *, hours: OfficeHours = DEFAULT) -> bool:
    """Whether `local` (a wall-clock time in the site's zone) falls within office hours."""
    return local.weekday() in hours.weekdays and hours.opens <= local.time() < hours.closes
