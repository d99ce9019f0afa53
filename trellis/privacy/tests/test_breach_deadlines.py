"""The notification deadlines of HIPAA 164.404-408 at the edges of every band: 499/500/501 people, discovery on
Dec 31 and Jan 1, and day 60."""

import datetime as dt

import pytest

from trellis.privacy.breach_deadlines import deadlines, parse_residents


@pytest.mark.parametrize(
    ("discovered", "last_day"),
    [
        (dt.date(2026, 3, 2), dt.date(2026, 5, 1)),  # day 60 counted in calendar days
        (dt.date(2026, 12, 31), dt.date(2027, 3, 1)),  # across the year end
        (dt.date(2027, 1, 1), dt.date(2027, 3, 2)),
        (dt.date(2027, 12, 31), dt.date(2028, 2, 29)),  # a leap year's Feb 29 is day 60
    ],
)
def test_it_gives_individuals_sixty_calendar_days_from_discovery(
    discovered: dt.date, last_day: dt.date
) -> None:
    result = deadlines(discovered_on=discovered, affected=1, residents_by_state={}, over_500_in_a_state=False)
    assert result.individuals == last_day
    assert (result.individuals - discovered).days == 60


@pytest.mark.parametrize(
    ("affected", "yearly", "hhs"),
    [
        (499, True, dt.date(2027, 3, 1)),  # 60 days after Dec 31 of the discovery year
        (500, False, dt.date(2026, 8, 14)),  # with the individuals
        (501, False, dt.date(2026, 8, 14)),
    ],
)
def test_it_tells_hhs_at_once_from_500_people_and_in_the_yearly_log_below(
    affected: int, yearly: bool, hhs: dt.date
) -> None:
    result = deadlines(
        discovered_on=dt.date(2026, 6, 15),
        affected=affected,
        residents_by_state={},
        over_500_in_a_state=False,
    )
    assert result.hhs_in_yearly_log is yearly
    assert result.hhs == hhs


@pytest.mark.parametrize(
    ("discovered", "hhs"),
    [
        (dt.date(2026, 12, 31), dt.date(2027, 3, 1)),  # discovered on the last day: the log for 2026
        (dt.date(2027, 1, 1), dt.date(2028, 2, 29)),  # a day later: the log for 2027, due in a leap year
    ],
)
def test_the_yearly_log_follows_the_calendar_year_of_discovery(discovered: dt.date, hhs: dt.date) -> None:
    result = deadlines(
        discovered_on=discovered, affected=10, residents_by_state={}, over_500_in_a_state=False
    )
    assert result.hhs == hhs


@pytest.mark.parametrize(
    ("states", "over_500", "media"),
    [
        ({"NY": 499}, False, False),
        ({"NY": 500}, False, False),  # "more than 500 residents": exactly 500 is not
        ({"NY": 501}, False, True),
        ({"NY": 400, "NJ": 400}, False, False),  # 800 people, but no state above 500
        ({}, True, True),  # the count by state is not known, the director says it is above 500
    ],
)
def test_it_needs_the_media_only_above_500_residents_of_one_state(
    states: dict[str, int], over_500: bool, media: bool
) -> None:
    discovered = dt.date(2026, 6, 15)
    result = deadlines(
        discovered_on=discovered, affected=1000, residents_by_state=states, over_500_in_a_state=over_500
    )
    assert result.media == (dt.date(2026, 8, 14) if media else None)


def test_it_reads_residents_by_state_and_names_a_bad_entry() -> None:
    assert parse_residents("NY: 320, nj 12\n\nNY 1") == {"NY": 321, "NJ": 12}
    assert parse_residents("") == {}
    with pytest.raises(ValueError, match="“NY: lots”"):
        parse_residents("NY: lots")
    with pytest.raises(ValueError, match="“320”"):
        parse_residents("320")
