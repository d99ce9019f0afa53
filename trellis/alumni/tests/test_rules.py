"""The follow-up windows (30, 60 and 90 days after discharge, 7 days either side) and when answers call for a
call back: table-driven, at the edges of every window."""

import datetime as dt

import pytest

from trellis.alumni import rules

DISCHARGED = dt.date(2026, 1, 1)


@pytest.mark.parametrize(
    ("days_after", "milestone"),
    [(22, None), (23, 30), (30, 30), (37, 30), (38, None), (52, None), (53, 60), (67, 60), (68, None),
     (83, 90), (97, 90), (98, None)],
)  # fmt: skip
def test_it_opens_each_window_a_week_before_its_day_and_closes_it_a_week_after(
    days_after: int, milestone: int | None
) -> None:
    found = rules.open_window(discharged_on=DISCHARGED, today=DISCHARGED + dt.timedelta(days=days_after))
    assert (found.milestone if found else None) == milestone


def _bam(**items: int) -> list[int | None]:
    answers: list[int | None] = [0] * 17
    answers[4] = answers[6] = None  # asked only after a day of use
    for name, value in items.items():
        answers[int(name[1:]) - 1] = value
    return answers


@pytest.mark.parametrize(
    ("answers", "using_since", "calls_back"),
    [
        (_bam(), "no", False),
        (_bam(), "rather_not_say", False),
        (_bam(), "yes", True),  # the self-report alone
        (_bam(i4=1, i5=0), "no", True),  # a day of drinking
        (_bam(i6=1, i7=1), "no", True),  # a day of drug use
        (_bam(i8=2), "no", False),  # cravings moderately
        (_bam(i8=3), "no", True),  # considerably
    ],
)
def test_use_or_strong_cravings_call_for_a_call_back(
    answers: list[int | None], using_since: str, calls_back: bool
) -> None:
    assert rules.warrants_call_back(answers, using_since=using_since) is calls_back
