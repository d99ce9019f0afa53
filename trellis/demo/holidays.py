"""Days a US program is closed: federal holidays most IOPs observe, computed for any year. Pure; no Django."""

import datetime as dt


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def _last_weekday(year: int, month: int, weekday: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    last = following - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def _observed(day: dt.date) -> dt.date:
    """A Saturday holiday is observed on Friday, a Sunday one on Monday."""
    if day.weekday() == 5:
        return day - dt.timedelta(days=1)
    if day.weekday() == 6:
        return day + dt.timedelta(days=1)
    return day


def closures(year: int) -> list[tuple[dt.date, str]]:
    """The observed closures of one year, in date order."""
    monday, thursday = 0, 3
    days = [
        (_observed(dt.date(year, 1, 1)), "New Year's Day"),
        (_last_weekday(year, 5, monday), "Memorial Day"),
        (_observed(dt.date(year, 7, 4)), "Independence Day"),
        (_nth_weekday(year, 9, monday, 1), "Labor Day"),
        (_nth_weekday(year, 11, thursday, 4), "Thanksgiving"),
        (_observed(dt.date(year, 12, 25)), "Christmas Day"),
    ]
    return sorted(days)


def closures_between(first: dt.date, last: dt.date) -> list[tuple[dt.date, str]]:
    return [
        (day, name)
        for year in range(first.year, last.year + 1)
        for day, name in closures(year)
        if first <= day <= last
    ]
