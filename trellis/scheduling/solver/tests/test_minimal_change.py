"""Re-solving a published week for one new admission moves nobody who already has a place."""

from __future__ import annotations

import dataclasses

from trellis.scheduling.solver import (
    DEFAULT_WEIGHTS,
    Client,
    Placement,
    Problem,
    Schedule,
    SolveOptions,
    solve_week,
)
from trellis.scheduling.solver.tests.builders import (
    EVENING,
    MORNING,
    client,
    group,
    problem,
    random_week,
    windows,
)


def published(week: Problem, schedule: Schedule) -> Problem:
    """The week with each client's proposed placements recorded as their published schedule."""
    placed: dict[str, set[str]] = {c.id: set() for c in week.clients}
    for placement in schedule.placements:
        placed[placement.client_id].add(placement.group_id)
    clients = tuple(dataclasses.replace(c, published_group_ids=frozenset(placed[c.id])) for c in week.clients)
    return dataclasses.replace(week, clients=clients)


def admit(week: Problem, newcomer: Client) -> Problem:
    return dataclasses.replace(week, clients=(*week.clients, newcomer))


def test_one_new_admission_only_adds_the_newcomers_placements() -> None:
    # given a published week with free seats in every group
    week = random_week(seed=11, clients=20, series=3)
    options = SolveOptions(seed=11)
    current = published(week, solve_week(week, options=options))
    before = set(solve_week(current, options=options).placements)

    # when Zoe is admitted and the week is re-solved
    zoe = client("zoe", days=3, minutes=540, track="day")
    after = solve_week(admit(current, zoe), options=options)

    # then everyone else keeps exactly their placements and Zoe gets her three days
    others_after = {p for p in after.placements if p.client_id != "zoe"}
    assert others_after == before
    assert after.breakdown["moved"] == 0
    assert sum(p.client_id == "zoe" for p in after.placements) == 3


def test_a_newcomer_who_needs_a_taken_seat_moves_only_the_one_person_who_can_move() -> None:
    # given Pat holds the only Monday-morning seat and could equally come Monday evening; Quinn holds
    # Tuesday morning; Yan, newly admitted, can come only Monday mornings
    week = problem(
        [
            client("pat", days=1, minutes=180, published_group_ids=frozenset({"mon-am"})),
            client("quinn", days=1, minutes=180, published_group_ids=frozenset({"tue-am"})),
        ],
        [
            group("mon-am", weekday=0, span=MORNING, capacity=1, target=1),
            group("mon-pm", weekday=0, span=EVENING, capacity=1, target=1),
            group("tue-am", weekday=1, span=MORNING, capacity=1, target=1),
        ],
    )
    yan = client("yan", days=1, minutes=180, available=windows(days=(0,), span=MORNING))

    # when Yan is admitted and the week re-solved
    after = solve_week(admit(week, yan))

    # then Pat moves to the evening, Yan takes the morning, and Quinn is untouched: one move in all
    assert set(after.placements) == {
        Placement(client_id="pat", group_id="mon-pm"),
        Placement(client_id="yan", group_id="mon-am"),
        Placement(client_id="quinn", group_id="tue-am"),
    }
    assert after.breakdown["moved"] == DEFAULT_WEIGHTS.moved
