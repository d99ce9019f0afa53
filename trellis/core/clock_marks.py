"""When the clock alone will change what a kept page part shows.

A panel that reads the clock beyond the day (a note turning overdue at its due time, an inquiry at its next
action's) says so with `changes_at(moment)` as it renders. A page that keeps the part renders it inside
`watching()` and keeps it only until the earliest moment noted. Outside `watching()` nothing is noted.
"""

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from trellis.core import clock


@dataclass
class Watch:
    """The earliest moment after the start of the watch at which something rendered inside it changes."""

    since: dt.datetime
    earliest: dt.datetime | None = None

    def note(self, moment: dt.datetime) -> None:
        if moment > self.since and (self.earliest is None or moment < self.earliest):
            self.earliest = moment


_watch: ContextVar[Watch | None] = ContextVar("clock_marks", default=None)


@contextmanager
def watching() -> Iterator[Watch]:
    outer = _watch.get()
    watch = Watch(since=clock.now())
    token = _watch.set(watch)
    try:
        yield watch
    finally:
        _watch.reset(token)
        if (
            outer is not None and watch.earliest is not None
        ):  # a watch inside a watch: the outer one sees it too
            outer.note(watch.earliest)


def changes_at(moments: Iterable[dt.datetime | None]) -> None:
    """What is being rendered changes at each of these moments (those already past are ignored)."""
    watch = _watch.get()
    if watch is None:
        return
    for moment in moments:
        if moment is not None:
            watch.note(moment)


def earliest(*moments: dt.datetime | None) -> dt.datetime | None:
    return min((m for m in moments if m is not None), default=None)
