"""The same week and seed always give the same schedule, so a proposal can be reproduced and reviewed."""

from __future__ import annotations

import dataclasses

import pytest

from trellis.scheduling.solver import Schedule, SolveOptions, SolveStatus, solve_week
from trellis.scheduling.solver.tests.builders import random_week


def comparable(schedule: Schedule) -> Schedule:
    """The schedule without its wall-clock time, the one field that may differ between runs."""
    return dataclasses.replace(schedule, solve_seconds=0.0)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_it_repeats_exactly_for_the_same_seed(seed: int) -> None:
    # given a random program of 40 clients
    week = random_week(seed=seed, clients=40)
    options = SolveOptions(seed=seed, time_limit_seconds=5, workers=2)

    # when it is solved three times with the same seed
    runs = [comparable(solve_week(week, options=options)) for _ in range(3)]

    # then placements, objective, bound, status and explanations are identical
    assert runs[0].placements
    assert runs[0] == runs[1] == runs[2]


def test_it_repeats_when_the_search_is_cut_short() -> None:
    # given a larger program and a budget too small to prove optimality
    week = random_week(seed=9, clients=300, tracks=("day",), series=8)
    # (the wall-clock guard is widened so a loaded test machine cannot stop the search before its budget)
    options = SolveOptions(seed=9, time_limit_seconds=3, workers=1, clock_guard_factor=20)

    # when it is solved twice
    first, second = (comparable(solve_week(week, options=options)) for _ in range(2))

    # then the search stopped early (on deterministic time, not the clock) and the results are identical
    assert first.status is not SolveStatus.OPTIMAL
    assert first == second


def test_it_does_not_depend_on_the_number_of_parallel_pieces() -> None:
    # given a program that splits into one piece per track
    week = random_week(seed=4, clients=40)

    # when it is solved with one lane and with two
    one = comparable(solve_week(week, options=SolveOptions(seed=4, workers=1)))
    two = comparable(solve_week(week, options=SolveOptions(seed=4, workers=2)))

    # then the schedules are the same
    assert one.components == 2
    assert one == two
