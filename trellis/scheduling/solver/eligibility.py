"""Which groups each client may attend at all: the hard rules that do not depend on other clients.

Site, track, population restriction, holidays and the client's availability decide eligibility;
capacity and one-group-a-day are decided later, jointly, by the solver. Manual placements are always
eligible: staff chose them and the solver keeps them.
"""

from __future__ import annotations

from collections import defaultdict

from trellis.scheduling.solver.model import Client, Group, Problem


def fits_availability(client: Client, group: Group) -> bool:
    return any(w.covers(weekday=group.weekday, start=group.start, end=group.end) for w in client.availability)


def admits(client: Client, group: Group) -> bool:
    """True when the group's site, tracks and population restriction let this client in."""
    return (
        group.site == client.site
        and client.track in group.tracks
        and (group.population is None or group.population in client.attributes)
    )


def is_eligible(client: Client, group: Group, holidays: frozenset[int]) -> bool:
    if group.id in client.manual_group_ids:
        return True
    return admits(client, group) and group.weekday not in holidays and fits_availability(client, group)


def effective_capacities(problem: Problem) -> dict[str, int]:
    """Seats per group: the smaller of the group's hard maximum and its room's capacity."""
    rooms = {room.id: room.capacity for room in problem.rooms}
    return {g.id: min(g.capacity, rooms.get(g.room_id or "", g.capacity)) for g in problem.groups}


def eligible_groups(problem: Problem) -> dict[str, tuple[Group, ...]]:
    """Client id -> groups they may attend, in weekday/start order."""
    by_site_track: dict[tuple[str, str], list[Group]] = defaultdict(list)
    for group in sorted(problem.groups, key=lambda g: (g.weekday, g.start, g.id)):
        for track in group.tracks:
            by_site_track[(group.site, track)].append(group)
    groups = {g.id: g for g in problem.groups}
    result: dict[str, tuple[Group, ...]] = {}
    for client in problem.clients:
        candidates = {g.id: g for g in by_site_track.get((client.site, client.track), [])}
        candidates.update({gid: groups[gid] for gid in client.manual_group_ids if gid in groups})
        chosen = [g for g in candidates.values() if is_eligible(client, g, problem.holidays)]
        result[client.id] = tuple(sorted(chosen, key=lambda g: (g.weekday, g.start, g.id)))
    return result
