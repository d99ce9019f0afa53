"""The independent checker catches every kind of hard-rule break, so the benchmark need not trust the solver."""

from __future__ import annotations

import pytest

from trellis.scheduling.solver import Placement, evaluate, greedy_placements, solve_week
from trellis.scheduling.solver.tests.builders import EVENING, client, group, problem, random_week, windows

WEEK = problem(
    [
        client("alice", days=1, minutes=180, available=windows(days=(0, 1))),
        client("bob", days=1, minutes=180, manual_group_ids=frozenset({"tue"})),
        client("carol", days=2, minutes=360),
    ],
    [
        group("mon", weekday=0, capacity=1),
        group("mon-eve", weekday=0, span=EVENING),
        group("tue", weekday=1),
        group("wed", weekday=2),
        group("thu-women", weekday=3, population="women"),
    ],
)


def place(*pairs: tuple[str, str]) -> list[Placement]:
    return [Placement(client_id=c, group_id=g) for c, g in pairs]


BROKEN = {
    "over capacity": (
        place(("alice", "mon"), ("carol", "mon"), ("bob", "tue")),
        "Group mon has 2 clients but seats 1.",
    ),
    "two groups one day": (
        place(("carol", "mon"), ("carol", "mon-eve"), ("bob", "tue")),
        "Client carol is in more than one group on the same day.",
    ),
    "outside availability": (
        place(("alice", "wed"), ("bob", "tue")),
        "Client alice is in group wed outside their availability.",
    ),
    "population restriction": (
        place(("carol", "thu-women"), ("bob", "tue")),
        "Client carol is in group thu-women, outside their site, track or population.",
    ),
    "more days than the phase": (
        place(("alice", "mon"), ("alice", "tue"), ("bob", "tue")),
        "Client alice attends 2 days; the phase allows 1.",
    ),
    "manual placement dropped": (
        place(("alice", "mon")),
        "Client bob's manual placement in tue was not kept.",
    ),
    "unknown group": (
        place(("bob", "tue"), ("alice", "fri")),
        "Placement alice -> fri names an unknown client or group.",
    ),
}


@pytest.mark.parametrize(("placements", "violation"), BROKEN.values(), ids=BROKEN.keys())
def test_it_reports_each_broken_rule(placements: list[Placement], violation: str) -> None:
    # given a schedule that breaks one hard rule
    # when it is checked
    checked = evaluate(WEEK, placements)

    # then that rule is reported
    assert violation in checked.violations


@pytest.mark.parametrize("seed", [21, 22])
def test_solver_and_greedy_schedules_pass_the_check_and_the_solver_costs_no_more(seed: int) -> None:
    # given a random program
    week = random_week(seed=seed, clients=40)

    # when both the solver and the greedy baseline schedule it
    solved = evaluate(week, solve_week(week).placements)
    greedy = evaluate(week, greedy_placements(week))

    # then neither breaks a hard rule, and the solver is at least as good on minimums and total cost
    assert solved.violations == greedy.violations == ()
    assert solved.clients_meeting_minimum >= greedy.clients_meeting_minimum
    assert solved.total <= greedy.total


def test_it_splits_the_program_by_track_when_nothing_is_shared() -> None:
    # given two tracks with their own groups and facilitators
    week = random_week(seed=5, clients=30, tracks=("day", "evening", "women"))

    # when the week is solved
    schedule = solve_week(week)

    # then each track is solved as its own piece
    assert schedule.components == 3
