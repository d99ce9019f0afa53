"""Weekly hours against the program minimum: table-driven, with the band edges and the issue's own examples.

ASAM level 2.1: at least 9 hours a week for adults, 6 for adolescents (ASAM Criteria 3rd ed., 2013; REFERENCE.md
section 2). A partial week owes the minimum in proportion to the sessions offered while enrolled (Trellis
issue 11): a Friday admission to a Monday-Thursday track owes nothing, and attending everything offered is
never "below minimum".
"""

import datetime as dt

import pytest

from trellis.attendance.compliance import (
    WeekInput,
    WeekStatus,
    enrolled_days,
    evaluate_week,
    minutes_attended,
)

MONDAY = dt.date(2026, 11, 16)
SUNDAY = MONDAY + dt.timedelta(days=6)
NINE_HOURS = 9 * 60
MON_TO_FRI = {MONDAY + dt.timedelta(days=n): 180 for n in range(5)}  # a 3-hour group each weekday
MON_TO_THU = {MONDAY + dt.timedelta(days=n): 180 for n in range(4)}


def day(n: int) -> dt.date:
    return MONDAY + dt.timedelta(days=n)


def week(**overrides: object) -> WeekInput:
    values: dict[str, object] = {
        "monday": MONDAY,
        "today": SUNDAY + dt.timedelta(days=1),
        "minimum_minutes": NINE_HOURS,
        "enrolled_from": dt.date(2026, 10, 1),
        "enrolled_until": None,
        "attended_minutes": 0,
        "remaining_scheduled_minutes": 0,
        "offered_by_day": MON_TO_FRI,
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
    ("enrolled_from", "enrolled_until", "days", "required"),
    [
        (dt.date(2026, 10, 1), None, 7, 540),
        (day(2), None, 5, 324),  # admitted Wednesday: 3 of 5 offered sessions, 9 h * 3/5
        (dt.date(2026, 10, 1), day(1), 1, 108),  # discharged after Monday: 1 of 5 sessions
        (day(4), None, 3, 108),  # admitted Friday: 1 of 5 sessions
        (day(5), None, 2, 0),  # starts Saturday: nothing offered, nothing required this week
        (day(7), None, 0, 0),  # starts next week
    ],
)
def test_it_prorates_a_partial_week_by_the_sessions_offered(
    enrolled_from: dt.date, enrolled_until: dt.date | None, days: int, required: int
) -> None:
    assert len(enrolled_days(MONDAY, enrolled_from, enrolled_until)) == days
    result = evaluate_week(week(enrolled_from=enrolled_from, enrolled_until=enrolled_until))
    assert result.required_minutes == required
    assert (result.status == WeekStatus.NOT_REQUIRED) == (required == 0)


def test_a_friday_admission_to_a_monday_to_thursday_track_owes_nothing_that_week() -> None:
    # given a client admitted on Friday to a track whose groups meet Monday to Thursday
    result = evaluate_week(week(enrolled_from=day(4), offered_by_day=MON_TO_THU))
    # then nothing was offered to them, so nothing is required and they are not below the minimum
    assert result.required_minutes == 0
    assert result.status == WeekStatus.NOT_REQUIRED


@pytest.mark.parametrize(
    ("admitted", "required"),
    [
        (day(0), 540),  # the whole week: 9 h
        (day(1), 405),  # Tue-Thu: 3 of 4 sessions, 9 h * 3/4
        (day(2), 270),  # Wed-Thu: 2 of 4
        (day(3), 135),  # Thursday only: 1 of 4
        (day(4), 0),  # Friday: nothing offered
    ],
)
def test_it_prorates_by_the_tracks_own_days_not_by_weekdays(admitted: dt.date, required: int) -> None:
    result = evaluate_week(week(enrolled_from=admitted, offered_by_day=MON_TO_THU))
    assert result.required_minutes == required


def test_a_closure_before_admission_does_not_lower_the_requirement() -> None:
    # given a client admitted on Wednesday and a closure on the Monday before
    result = evaluate_week(week(enrolled_from=day(2), closed_by_day={day(0): 180}))
    # then they owe 3 of 5 sessions' share of 9 h, as if there had been no closure
    assert result.required_minutes == 324


def test_a_closure_during_enrollment_is_not_held_against_the_client() -> None:
    # given a client admitted on Wednesday and a closure on the Thursday after
    result = evaluate_week(week(enrolled_from=day(2), closed_by_day={day(3): 180}, attended_minutes=360))
    # then the closed 3 hours come off their share: 324 - 180
    assert result.required_minutes == 144
    assert result.status == WeekStatus.MET


def test_it_does_not_hold_program_cancellations_against_the_client() -> None:
    # given a holiday closed a 3-hour session in a full week
    result = evaluate_week(week(attended_minutes=360, closed_by_day={day(3): 180}))
    # then 6 hours meet the week
    assert result.required_minutes == 360
    assert result.status == WeekStatus.MET


@pytest.mark.parametrize(
    ("admitted", "offered", "closed"),
    [
        (day(3), MON_TO_THU, {}),  # admitted Thursday: the one session offered
        (day(2), MON_TO_THU, {day(3): 180}),  # Wednesday, Thursday closed
        (day(0), {day(0): 180, day(2): 180}, {}),  # a full week of a track offering only 6 h
        (day(0), {day(0): 180, day(1): 60}, {day(0): 180}),  # only one hour left open all week
        (day(1), MON_TO_FRI, {}),
    ],
)
def test_attending_everything_offered_is_never_below_minimum(
    admitted: dt.date, offered: dict[dt.date, int], closed: dict[dt.date, int]
) -> None:
    # given a client who attended every open session offered while enrolled
    open_minutes = sum(m - closed.get(d, 0) for d, m in offered.items() if d >= admitted)
    result = evaluate_week(
        week(
            enrolled_from=admitted,
            offered_by_day=offered,
            closed_by_day=closed,
            attended_minutes=open_minutes,
        )
    )
    # then the week is met
    assert result.status == WeekStatus.MET
    assert result.required_minutes <= open_minutes


def test_a_week_with_every_enrolled_day_closed_requires_nothing() -> None:
    result = evaluate_week(week(enrolled_from=day(3), offered_by_day=MON_TO_THU, closed_by_day={day(3): 180}))
    assert (result.required_minutes, result.status) == (0, WeekStatus.NOT_REQUIRED)


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
