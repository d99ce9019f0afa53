"""A client who cannot reach their minimum gets a reason and a fix a coordinator can act on."""

from __future__ import annotations

from trellis.scheduling.solver import Explanation, Problem, solve_week
from trellis.scheduling.solver.tests.builders import EVENING, MORNING, client, group, problem, windows

EVENINGS_ONLY = windows(span=(17 * 60, 22 * 60))


def explanation_for(week: Problem, client_id: str) -> Explanation:
    schedule = solve_week(week)
    found = [e for e in schedule.explanations if e.client_id == client_id]
    assert len(found) == 1, schedule.explanations
    return found[0]


def evening_track(*, capacity: int) -> list:  # type: ignore[type-arg]
    return [
        group(f"eve-{d}", weekday=d, span=EVENING, track="evening", capacity=capacity, target=capacity)
        for d in (1, 3)
    ]


def test_it_says_the_evening_groups_are_full() -> None:
    # given the evening track meets Tuesday and Thursday, one seat each, and Alice already holds both;
    # Bob, a new admission also free only in the evenings, needs two days
    week = problem(
        [
            client(
                "alice",
                days=2,
                minutes=360,
                track="evening",
                available=EVENINGS_ONLY,
                published_group_ids=frozenset({"eve-1", "eve-3"}),
            ),
            client("bob", days=2, minutes=360, track="evening", available=EVENINGS_ONLY),
        ],
        evening_track(capacity=1),
    )

    # when the week is solved
    explanation = explanation_for(week, "bob")

    # then the reason names his availability and the full days, and the fixes include a new group and a waitlist
    assert explanation.reason == (
        "Available evenings only; the evening track's groups on Tuesday and Thursday are full."
    )
    assert "open another evening group on Tuesday or Thursday" in explanation.fixes
    assert "offer a waitlist place" in explanation.fixes
    assert (explanation.days_short, explanation.minutes_short) == (2, 360)


def test_it_suggests_the_track_whose_groups_fit() -> None:
    # given Carol is on the day track but now works days; the evening track has room
    week = problem(
        [client("carol", days=2, minutes=360, track="day", available=EVENINGS_ONLY)],
        [group("day-mon", weekday=0, span=MORNING), *evening_track(capacity=10)],
    )

    # when the week is solved
    explanation = explanation_for(week, "carol")

    # then the reason says no day-track group fits and the first fix is the evening track
    assert explanation.reason.startswith("Available evenings only; none of the day track's groups fit")
    assert explanation.fixes[0] == "move to the evening track"


def test_it_points_at_the_phase_when_the_client_has_too_few_days() -> None:
    # given Dan can come only Monday and Wednesday but his phase asks for three days
    week = problem(
        [client("dan", days=3, minutes=540, available=windows(days=(0, 2)))],
        [group(f"g{d}", weekday=d) for d in range(5)],
    )

    # when the week is solved
    explanation = explanation_for(week, "dan")

    # then it explains the two days against three and suggests reviewing the phase
    assert "fit on only 2 days (Monday and Wednesday), and the phase needs 3 days" in explanation.reason
    assert "review the phase: the client can come only 2 days a week" in explanation.fixes
    assert explanation.days_short == 1


def test_it_mentions_the_holiday_that_took_a_day() -> None:
    # given Monday is a holiday and Erin's three-day phase has only Monday to Wednesday groups
    week = problem(
        [client("erin", days=3, minutes=540)],
        [group(f"g{d}", weekday=d) for d in range(3)],
        holidays=frozenset({0}),
    )

    # when the week is solved
    explanation = explanation_for(week, "erin")

    # then the holiday is named
    assert "Monday is a holiday this week." in explanation.reason


def test_it_says_when_no_group_of_the_track_runs() -> None:
    # given Fay's track has no groups at her site
    week = problem([client("fay", days=3, minutes=540, track="women")], [group("g0", weekday=0)])

    # when the week is solved
    explanation = explanation_for(week, "fay")

    # then the reason says so and suggests opening one
    assert explanation.reason == "No groups of the women track run at site north this week."
    assert "open a women group" in explanation.fixes


def test_clients_who_meet_their_minimum_get_no_explanation() -> None:
    # given room for everyone
    week = problem(
        [client(f"c{i}", days=2, minutes=360) for i in range(4)],
        [group(f"g{d}", weekday=d) for d in range(3)],
    )

    # when the week is solved
    schedule = solve_week(week)

    # then everyone meets their minimum and nobody is explained
    assert all(w.meets_minimum for w in schedule.client_weeks)
    assert schedule.explanations == ()
