"""Weekly hours against the program minimum: table-driven, with the band edges."""

import datetime as dt

import pytest

from trellis.attendance.compliance import (
    WeekInput,
    WeekStatus,
    enrolled_weekdays,
    evaluate_week,
    minutes_attended,
)

MONDAY = dt.date(2026, 11, 16)
SUNDAY = MONDAY + dt.timedelta(days=6)
NINE_HOURS = 9 * 60


def week(**overrides: object) -> WeekInput:
    values: dict[str, object] = {
        "monday": MONDAY,
        "today": SUNDAY + dt.timedelta(days=1),
        "minimum_minutes": NINE_HOURS,
        "enrolled_from": dt.date(2026, 10, 1),
        "enrolled_until": None,
        "attended_minutes": 0,
        "remaining_scheduled_minutes": 0,
    }
    values.update(overrides)
    return WeekInput(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("attended", "status"),
    [
        (NINE_HOURS - 1, WeekStatus.BELOW),  # one minute short of 9 h is below
        (NINE_HOURS, WeekStatus.MET),  # exactly 9 h meets ASAM 2.1's adult minimum
        (NINE_HOURS + 1, WeekStatus.MET),
        (0, WeekStatus.BELOW),
    ],
)
def test_it_holds_a_finished_week_to_the_minimum(attended: int, status: WeekStatus) -> None:
    assert evaluate_week(week(attended_minutes=attended)).status == status


@pytest.mark.parametrize(
    ("attended", "remaining", "status"),
    [
        (360, 180, WeekStatus.ON_TRACK),  # 6 h done, 3 h still ahead: can still make 9 h
        (360, 179, WeekStatus.AT_RISK),  # one minute short even attending everything left
        (540, 0, WeekStatus.MET),
        (0, 540, WeekStatus.ON_TRACK),
    ],
)
def test_it_looks_ahead_in_the_current_week(attended: int, remaining: int, status: WeekStatus) -> None:
    wednesday = MONDAY + dt.timedelta(days=2)
    result = evaluate_week(
        week(today=wednesday, attended_minutes=attended, remaining_scheduled_minutes=remaining)
    )
    assert result.status == status


@pytest.mark.parametrize(
    ("enrolled_from", "enrolled_until", "weekdays", "required"),
    [
        (dt.date(2026, 10, 1), None, 5, 540),
        (MONDAY + dt.timedelta(days=2), None, 3, 324),  # admitted Wednesday: 3 of 5 weekdays of 9 h
        (dt.date(2026, 10, 1), MONDAY + dt.timedelta(days=1), 1, 108),  # discharged after Monday
        (MONDAY + dt.timedelta(days=5), None, 0, 0),  # starts Saturday: nothing required this week
        (MONDAY + dt.timedelta(days=7), None, 0, 0),  # starts next week
    ],
)
def test_it_prorates_a_partial_week(
    enrolled_from: dt.date, enrolled_until: dt.date | None, weekdays: int, required: int
) -> None:
    assert enrolled_weekdays(MONDAY, enrolled_from, enrolled_until) == weekdays
    result = evaluate_week(week(enrolled_from=enrolled_from, enrolled_until=enrolled_until))
    assert result.required_minutes == required
    assert (result.status == WeekStatus.NOT_REQUIRED) == (weekdays == 0)


def test_it_does_not_hold_program_cancellations_against_the_client() -> None:
    # given a holiday cancelled a 3-hour session
    result = evaluate_week(week(attended_minutes=360, cancelled_by_program_minutes=180))
    # then 6 hours meet the week
    assert result.required_minutes == 360
    assert result.status == WeekStatus.MET


def test_it_uses_the_program_minimum_for_adolescents() -> None:
    assert evaluate_week(week(minimum_minutes=360, attended_minutes=360)).status == WeekStatus.MET
    assert evaluate_week(week(minimum_minutes=360, attended_minutes=359)).status == WeekStatus.BELOW


START = dt.datetime(2026, 11, 16, 9, 0, tzinfo=dt.UTC)
END = START + dt.timedelta(hours=3)


@pytest.mark.parametrize(
    ("arrived", "left", "present", "minutes"),
    [
        (None, None, True, 180),
        (START + dt.timedelta(minutes=20), None, True, 160),
        (None, END - dt.timedelta(minutes=45), True, 135),
        (
            START - dt.timedelta(minutes=10),
            END + dt.timedelta(minutes=10),
            True,
            180,
        ),  # clipped to the session
        (START + dt.timedelta(minutes=30), START + dt.timedelta(minutes=90), True, 60),
        (None, None, False, 0),
    ],
)
def test_it_counts_minutes_inside_the_session(
    arrived: dt.datetime | None, left: dt.datetime | None, present: bool, minutes: int
) -> None:
    got = minutes_attended(
        session_start=START, session_end=END, arrived_at=arrived, left_at=left, present=present
    )
    assert got == minutes
