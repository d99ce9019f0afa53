"""Bad input gets a clear message naming the offending item, and nothing is scheduled."""

from __future__ import annotations

import dataclasses

import pytest

from trellis.scheduling.solver import InvalidProblem, Problem, Window, solve_week
from trellis.scheduling.solver.tests.builders import client, group, problem, staff


def good_week() -> Problem:
    return problem(
        [client("alice", days=1, minutes=180)],
        [group("mon", weekday=0, facilitator="bob", required_credential="LADC", room="room1")],
    )


def with_group(**changes: object) -> Problem:
    week = good_week()
    return dataclasses.replace(week, groups=(dataclasses.replace(week.groups[0], **changes),))  # type: ignore[arg-type]


BAD_WEEKS = {
    "group without facilitator": (with_group(facilitator_id=None), "Group mon has no facilitator."),
    "facilitator not on staff": (
        with_group(facilitator_id="zed"),
        "Group mon: facilitator zed is not on staff.",
    ),
    "facilitator lacks credential": (
        with_group(required_credential="MD"),
        "Facilitator bob lacks the MD credential required by group mon.",
    ),
    "group without room": (with_group(room_id=None), "Group mon has no room."),
    "client availability ends before it starts": (
        dataclasses.replace(
            good_week(),
            clients=(client("alice", available=(Window(weekday=1, start=18 * 60, end=17 * 60),)),),
        ),
        "Client alice: availability on Tuesday ends (17:00) before it starts (18:00).",
    ),
    "facilitator availability ends before it starts": (
        dataclasses.replace(
            good_week(),
            facilitators=(
                dataclasses.replace(staff("bob"), availability=(Window(weekday=0, start=600, end=540),)),
            ),
        ),
        "Facilitator bob: availability on Monday ends (09:00) before it starts (10:00).",
    ),
    "facilitator double-booked": (
        problem(
            [client("alice")],
            [group("mon-a", weekday=0, facilitator="bob"), group("mon-b", weekday=0, facilitator="bob")],
        ),
        "Facilitator bob is booked for overlapping groups mon-a and mon-b on Monday.",
    ),
    "room double-booked": (
        problem([client("alice")], [group("a", weekday=2, room="r1"), group("b", weekday=2, room="r1")]),
        "Room r1 is booked for overlapping groups a and b on Wednesday.",
    ),
    "manual placement in a missing group": (
        problem([client("alice", manual_group_ids=frozenset({"gone"}))], [group("mon", weekday=0)]),
        "Client alice is manually placed in group gone, which does not exist this week.",
    ),
    "duplicate client ids": (
        problem([client("alice"), client("alice")], [group("mon", weekday=0)]),
        "The client id alice is used 2 times; ids must be unique.",
    ),
}


@pytest.mark.parametrize(("week", "message"), BAD_WEEKS.values(), ids=BAD_WEEKS.keys())
def test_it_refuses_bad_input_with_a_clear_message(week: Problem, message: str) -> None:
    # given a week with one mistake in it
    # when it is solved
    with pytest.raises(InvalidProblem) as refused:
        solve_week(week)

    # then the message names the offending item, and it is a ValueError for callers that catch those
    assert message in refused.value.problems
    assert isinstance(refused.value, ValueError)


def test_it_accepts_the_good_week() -> None:
    # given the same week without mistakes
    # when it is solved
    schedule = solve_week(good_week())

    # then alice is placed
    assert [p.client_id for p in schedule.placements] == ["alice"]


def test_it_lists_every_problem_at_once() -> None:
    # given a group with neither facilitator nor room
    week = with_group(facilitator_id=None, room_id=None)

    # when it is solved
    with pytest.raises(InvalidProblem) as refused:
        solve_week(week)

    # then both problems are reported together
    assert {"Group mon has no facilitator.", "Group mon has no room."} <= set(refused.value.problems)
