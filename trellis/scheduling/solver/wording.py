"""Turning minutes and weekdays into the words a coordinator reads."""

from __future__ import annotations

from collections.abc import Iterable

from trellis.scheduling.solver.model import WEEKDAY_NAMES


def clock(minute: int) -> str:
    """Minutes after midnight as a 24-hour clock time, e.g. 1050 -> "17:30"."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def weekday_name(weekday: int) -> str:
    return WEEKDAY_NAMES[weekday] if 0 <= weekday < len(WEEKDAY_NAMES) else f"weekday {weekday}"


def join_words(words: Iterable[str]) -> str:
    """["Tuesday", "Thursday", "Friday"] -> "Tuesday, Thursday and Friday"."""
    items = list(words)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def weekdays_phrase(weekdays: Iterable[int]) -> str:
    return join_words(weekday_name(day) for day in sorted(set(weekdays)))
