"""Plausibility bounds at their edges: the bound itself is accepted, one day past it is refused, field named."""

import datetime as dt
from collections.abc import Callable

import pytest
import time_machine
from django.core.exceptions import ValidationError

from trellis.core import plausible_dates as dates

TODAY = dt.date(2026, 11, 18)
NOW = dt.datetime(2026, 11, 18, 15, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


def _refusal(check: Callable[[], None]) -> dict[str, list[str]] | None:
    try:
        check()
    except ValidationError as error:
        return error.message_dict
    return None


@pytest.mark.parametrize(
    ("born", "refused"),
    [
        (TODAY - DAY, False),  # yesterday: the latest plausible birth date
        (TODAY, True),
        (TODAY + DAY, True),
        (dt.date(1900, 1, 1), False),
        (dt.date(1899, 12, 31), True),
        (dt.date(1, 1, 1), True),
    ],
)
def test_it_checks_a_birth_date_against_today_and_1900(born: dt.date, refused: bool) -> None:
    errors = _refusal(lambda: dates.check_birth_date(field="date_of_birth", born=born, today=TODAY))
    assert (errors is not None) == refused
    if errors:
        assert list(errors) == ["date_of_birth"]


@pytest.mark.parametrize(
    ("day", "refused"),
    [(TODAY, False), (TODAY + DAY, True), (dt.date(6011, 1, 1), True), (dt.date(1899, 12, 31), True)],
)
def test_it_refuses_a_day_in_the_future(day: dt.date, refused: bool) -> None:
    errors = _refusal(
        lambda: dates.check_not_in_future(field="discharged_on", day=day, today=TODAY, what="discharge date")
    )
    assert (errors is not None) == refused
    if errors:
        assert list(errors) == ["discharged_on"]


@pytest.mark.parametrize(
    ("day", "refused"),
    [
        (TODAY + dates.ONE_YEAR, False),
        (TODAY + dates.ONE_YEAR + DAY, True),
        (dt.date(1900, 1, 1), False),
        (dt.date(1899, 12, 31), True),
    ],
)
def test_it_keeps_a_planned_day_within_a_year_of_today(day: dt.date, refused: bool) -> None:
    errors = _refusal(
        lambda: dates.check_near_today(field="started_on", day=day, today=TODAY, what="start date")
    )
    assert (errors is not None) == refused


def test_it_says_how_far_ahead_a_date_may_be() -> None:
    errors = _refusal(
        lambda: dates.check_near_today(
            field="started_on", day=dt.date(2099, 1, 1), today=TODAY, what="start date"
        )
    )
    assert errors == {"started_on": ["The start date is too far ahead: Nov 19, 2027 at the latest."]}


@pytest.mark.parametrize(
    ("moment", "refused"),
    [
        (NOW, False),
        (NOW + dt.timedelta(seconds=1), True),
        (dt.datetime(1900, 1, 2, tzinfo=dt.UTC), False),
        (dt.datetime(1899, 12, 31, tzinfo=dt.UTC), True),
        (dt.datetime(1, 1, 1, tzinfo=dt.UTC), True),
        (dt.datetime(9999, 12, 31, 23, 59, tzinfo=dt.UTC), True),
    ],
)
def test_it_refuses_a_moment_in_the_future_or_before_1900(moment: dt.datetime, refused: bool) -> None:
    with time_machine.travel(NOW, tick=False):
        errors = _refusal(
            lambda: dates.check_moment_not_in_future(
                field="collected_at", moment=moment, what="collection time"
            )
        )
    assert (errors is not None) == refused
