"""The instant a test run lives at: the wall clock, unless TRELLIS_TEST_NOW names another.

CI runs the suite a second time at a fixed awkward instant (`TRELLIS_TEST_NOW=2027-03-14T07:30:00+00:00`,
the hour New York springs forward) so a test that only passes at some hours fails the day it is written.
The clock keeps ticking from that instant; the browser tests' seed and server start from it too.
"""

import datetime as dt
import os

import time_machine

VARIABLE = "TRELLIS_TEST_NOW"


def start() -> time_machine.travel | None:
    """Move this process's clock to TRELLIS_TEST_NOW, if set; returns the traveller to stop later."""
    named = os.environ.get(VARIABLE, "").strip()
    if not named:
        return None
    instant = dt.datetime.fromisoformat(named)
    if instant.tzinfo is None:
        raise ValueError(f"{VARIABLE} must carry a UTC offset, e.g. 2027-03-14T07:30:00+00:00")
    traveller = time_machine.travel(instant, tick=True)
    traveller.start()
    return traveller
