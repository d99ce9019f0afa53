"""The baseline the solver is measured against: place clients one by one into the first groups with room.

This is roughly what a coordinator does with a spreadsheet: keep manual placements, then walk the client
list and fill each client's week from the earliest group that fits, one group a day, until the phase's
days are reached. It respects every hard rule but ignores preferences, cohorts and balance.
"""

from __future__ import annotations

from trellis.scheduling.solver.eligibility import effective_capacities, eligible_groups
from trellis.scheduling.solver.model import Group, Placement, Problem


def greedy_placements(
    problem: Problem, eligible: dict[str, tuple[Group, ...]] | None = None
) -> list[Placement]:
    """A hard-feasible schedule built first-come, first-served in client order."""
    eligible = eligible if eligible is not None else eligible_groups(problem)
    seats = effective_capacities(problem)
    groups = {g.id: g for g in problem.groups}
    placements: list[Placement] = []
    days_taken: dict[str, set[int]] = {}
    for client in problem.clients:
        manual = [groups[gid] for gid in sorted(client.manual_group_ids) if gid in groups]
        days_taken[client.id] = {g.weekday for g in manual}
        for group in manual:
            seats[group.id] -= 1
            placements.append(Placement(client_id=client.id, group_id=group.id))
    for client in problem.clients:
        taken = days_taken[client.id]
        for group in eligible[client.id]:
            if len(taken) >= client.phase.days_per_week:
                break
            if group.weekday in taken or seats[group.id] <= 0:
                continue
            seats[group.id] -= 1
            taken.add(group.weekday)
            placements.append(Placement(client_id=client.id, group_id=group.id))
    return sorted(placements)
