"""Splitting a week into independent pieces so cost grows gently with program size.

Two clients belong to the same piece only when something links them: a group both may attend, or a
facilitator whose load both affect. In practice that is one piece per site, and one per track inside a
site when no group or clinician is shared across tracks.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from trellis.scheduling.solver.model import Group, Problem


@dataclass(frozen=True)
class Component:
    """One independently solvable piece: its clients, groups and the facilitators of those groups."""

    client_ids: tuple[str, ...]
    group_ids: tuple[str, ...]
    facilitator_ids: tuple[str, ...]


class _DisjointSets:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, node: str) -> str:
        self.parent.setdefault(node, node)
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def union(self, a: str, b: str) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            # Keep the smaller key as the root so the split does not depend on dict order.
            low, high = sorted((root_a, root_b))
            self.parent[high] = low


def split_problem(problem: Problem, eligible: dict[str, tuple[Group, ...]]) -> list[Component]:
    """Independent pieces, in a stable order; pieces with nothing to decide are merged into one."""
    sets = _DisjointSets()
    for group in problem.groups:
        sets.find(f"g:{group.id}")
        if group.facilitator_id:
            sets.union(f"g:{group.id}", f"f:{group.facilitator_id}")
    for client in problem.clients:
        sets.find(f"c:{client.id}")
        for group in eligible[client.id]:
            sets.union(f"c:{client.id}", f"g:{group.id}")
    members: dict[str, list[str]] = defaultdict(list)
    for node in list(sets.parent):
        members[sets.find(node)].append(node)
    decided = [_component(nodes) for _, nodes in sorted(members.items())]
    real = [c for c in decided if c.client_ids and c.group_ids]
    idle = [c for c in decided if not (c.client_ids and c.group_ids)]
    if idle:
        real.append(_merge(idle))
    return real


def _component(nodes: list[str]) -> Component:
    def of(kind: str) -> tuple[str, ...]:
        return tuple(sorted(node[2:] for node in nodes if node.startswith(kind)))

    return Component(client_ids=of("c:"), group_ids=of("g:"), facilitator_ids=of("f:"))


def _merge(components: list[Component]) -> Component:
    return Component(
        client_ids=tuple(sorted(i for c in components for i in c.client_ids)),
        group_ids=tuple(sorted(i for c in components for i in c.group_ids)),
        facilitator_ids=tuple(sorted(i for c in components for i in c.facilitator_ids)),
    )
