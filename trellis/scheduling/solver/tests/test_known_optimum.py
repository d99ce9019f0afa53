"""Tiny weeks whose best schedule can be found by trying every possibility: the solver must match it."""

from __future__ import annotations

import itertools

import pytest

from trellis.scheduling.solver import (
    DayPart,
    Placement,
    Problem,
    SolveOptions,
    SolveStatus,
    evaluate,
    solve_week,
)
from trellis.scheduling.solver.eligibility import eligible_groups
from trellis.scheduling.solver.tests.builders import EVENING, MORNING, client, group, problem, windows


def brute_force_best(week: Problem) -> int:
    """The lowest total cost over every hard-feasible combination of eligible placements."""
    eligible = eligible_groups(week)
    options = [[Placement(client_id=c.id, group_id=g.id) for g in eligible[c.id]] for c in week.clients]
    best: int | None = None
    per_client = [
        [combo for k in range(len(opts) + 1) for combo in itertools.combinations(opts, k)] for opts in options
    ]
    for choice in itertools.product(*per_client):
        scored = evaluate(week, [p for combo in choice for p in combo])
        if not scored.violations and (best is None or scored.total < best):
            best = scored.total
    assert best is not None
    return best


TINY_WEEKS = {
    "day/evening preference decides the group": problem(
        [
            client("alice", days=1, minutes=180, day_part_preference=DayPart.EVENING),
            client("bob", days=1, minutes=180, day_part_preference=DayPart.DAY),
        ],
        [
            group("mon-am", weekday=0, span=MORNING, target=1),
            group("mon-pm", weekday=0, span=EVENING, target=1),
        ],
    ),
    "last week's cohort wins a tie": problem(
        [client("carol", days=1, minutes=180, last_week_series_ids=frozenset({"tue-am"}))],
        [group("mon-am", weekday=0, target=1), group("tue-am", weekday=1, target=1)],
    ),
    "group sizes balance toward the target": problem(
        [client(name, days=1, minutes=180) for name in ("dan", "erin", "frank", "gina")],
        [
            group("mon-a", weekday=0, target=2, capacity=4),
            group("mon-b", weekday=0, span=(13 * 60, 16 * 60), target=2, capacity=4),
        ],
    ),
    "a full group leaves one client short": problem(
        [client(name, days=2, minutes=360) for name in ("hal", "ivy", "jo")],
        [group("mon", weekday=0, capacity=2, target=2), group("tue", weekday=1, capacity=2, target=2)],
    ),
    "a women's group admits only women": problem(
        [
            client(
                "kim", days=1, minutes=180, attributes=frozenset({"women"}), population_preference="women"
            ),
            client("lou", days=1, minutes=180),
        ],
        [group("mon-w", weekday=0, population="women", target=1), group("tue", weekday=1, target=1)],
    ),
    "availability rules out most groups": problem(
        [client("max", days=2, minutes=360, available=windows(days=(1, 3), span=(17 * 60, 22 * 60)))],
        [group(f"g{d}", weekday=d, span=EVENING if d % 2 else MORNING, target=1) for d in range(5)],
    ),
}


@pytest.mark.parametrize("week", TINY_WEEKS.values(), ids=TINY_WEEKS.keys())
def test_it_finds_the_proven_best_schedule(week: Problem) -> None:
    # given a week small enough to try every schedule
    best = brute_force_best(week)

    # when the solver proposes the week
    schedule = solve_week(week, options=SolveOptions(seed=3, time_limit_seconds=5))

    # then it proves optimality and its cost is the brute-force best, with no hard-rule violation
    checked = evaluate(week, schedule.placements)
    assert schedule.status is SolveStatus.OPTIMAL
    assert checked.violations == ()
    assert schedule.objective == checked.total == best
    assert schedule.best_bound == best
    assert schedule.gap == 0.0


def test_it_honours_preferences_when_nothing_else_is_at_stake() -> None:
    # given Alice prefers evenings and Bob days, with one seat of each on Monday
    week = TINY_WEEKS["day/evening preference decides the group"]

    # when the week is solved
    schedule = solve_week(week)

    # then each is placed in the group matching their preference
    assert set(schedule.placements) == {
        Placement(client_id="alice", group_id="mon-pm"),
        Placement(client_id="bob", group_id="mon-am"),
    }


def test_it_keeps_manual_placements_even_against_preference() -> None:
    # given staff placed Nina in a morning group although she prefers evenings
    week = problem(
        [
            client(
                "nina",
                days=1,
                minutes=180,
                day_part_preference=DayPart.EVENING,
                manual_group_ids=frozenset({"mon-am"}),
            )
        ],
        [group("mon-am", weekday=0, span=MORNING), group("tue-pm", weekday=1, span=EVENING)],
    )

    # when the week is solved
    schedule = solve_week(week)

    # then the manual placement stands and nothing is added beyond her one day
    assert schedule.placements == (Placement(client_id="nina", group_id="mon-am"),)


def test_its_objective_is_the_independent_evaluation_of_its_placements() -> None:
    # given a week where every soft term is in play
    week = problem(
        [
            client(
                f"c{i}",
                days=2 + i % 2,
                minutes=(2 + i % 2) * 180,
                day_part_preference=DayPart.EVENING if i % 3 else DayPart.DAY,
                last_week_series_ids=frozenset({f"g{i % 4}"}),
                published_group_ids=frozenset({f"g{(i + 1) % 5}"}),
            )
            for i in range(9)
        ],
        [
            group(
                f"g{d}",
                weekday=d,
                span=EVENING if d % 2 else MORNING,
                capacity=6,
                target=5,
                facilitator="ann",
            )
            for d in range(5)
        ],
    )

    # when the week is solved
    schedule = solve_week(week)

    # then the solver's reported objective and breakdown are exactly what the checker computes
    checked = evaluate(week, schedule.placements)
    assert schedule.objective == checked.total
    assert schedule.breakdown == checked.breakdown
