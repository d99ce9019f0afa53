"""The CP-SAT model for one independent piece of the week.

x[client, group] = 1 places the client in the group. Hard: seats, one group a day, no more days than
the phase, manual placements kept; eligibility (site, track, population, availability, holidays) is
enforced by only creating variables for eligible pairs. The phase minimum is written with shortfall
variables priced far above every preference, so the model stays feasible and the shortfall is reported
and explained instead of the whole week failing. The objective is, term for term, ``objective.evaluate``.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass

from ortools.sat.python import cp_model

from trellis.scheduling.solver.decompose import Component
from trellis.scheduling.solver.model import Client, Group, Placement, SolveStatus
from trellis.scheduling.solver.objective import Weights, preference_costs


@dataclass(frozen=True)
class Context:
    """Facts about the whole week that every piece needs."""

    clients: dict[str, Client]
    groups: dict[str, Group]
    eligible: dict[str, tuple[Group, ...]]
    capacities: dict[str, int]
    fair_loads: dict[str, int]
    holidays: frozenset[int]
    weights: Weights


# CP-SAT's deterministic time runs at about half of wall time on the reference 2-core machine; stopping on
# it rather than on the clock (kept only as a guard) makes a time-limited search repeat exactly.
DETERMINISTIC_PER_SECOND = 0.4


@dataclass(frozen=True)
class SearchSettings:
    """CP-SAT parameters for one piece."""

    seed: int
    seconds: float
    deterministic_seconds: float


@dataclass(frozen=True)
class PieceResult:
    """What the search found for one piece."""

    placements: tuple[Placement, ...]
    objective: int
    bound: int
    status: SolveStatus
    seconds: float


_STATUS = {
    cp_model.OPTIMAL: SolveStatus.OPTIMAL,
    cp_model.FEASIBLE: SolveStatus.FEASIBLE,
    cp_model.INFEASIBLE: SolveStatus.INFEASIBLE,
}


class _PieceModel:
    def __init__(self, context: Context, piece: Component) -> None:
        self.context = context
        self.piece = piece
        self.model = cp_model.CpModel()
        self.x: dict[tuple[str, str], cp_model.IntVar] = {}
        self.cost: list[cp_model.LinearExprT] = []
        self.constant = 0

    def build(self) -> None:
        for client_id in self.piece.client_ids:
            self._add_client(self.context.clients[client_id])
        sizes = self._add_groups()
        self._add_loads(sizes)
        self.model.minimize(sum(self.cost) + self.constant)

    def _add_client(self, client: Client) -> None:
        weights, eligible = self.context.weights, self.context.eligible[client.id]
        by_day: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        for group in eligible:
            var = self.model.new_bool_var(f"x[{client.id},{group.id}]")
            self.x[(client.id, group.id)] = var
            by_day[group.weekday].append(var)
            if group.id in client.manual_group_ids:
                self.model.add(var == 1)
            self.cost.append(sum(preference_costs(client, group, weights)) * var)
            if group.id in client.published_group_ids:
                self.cost.append(-weights.moved * var)
        published = client.published_group_ids & self.context.groups.keys()
        self.constant += weights.moved * len(published)
        for day_vars in by_day.values():
            self.model.add_at_most_one(day_vars)
        attended = [self.x[(client.id, g.id)] for g in eligible]
        self._add_minimum(client, eligible, attended, by_day)

    def _add_minimum(
        self,
        client: Client,
        eligible: tuple[Group, ...],
        attended: list[cp_model.IntVar],
        by_day: dict[int, list[cp_model.IntVar]],
    ) -> None:
        phase, weights = client.phase, self.context.weights
        self.model.add(sum(attended) <= phase.days_per_week)
        # Lower bounds on the shortfall that availability alone forces; they tighten the proven bound.
        days_lb = max(0, phase.days_per_week - len(by_day))
        longest = sorted((max(g.duration for g in eligible if g.weekday == d) for d in by_day), reverse=True)
        minutes_lb = max(0, phase.min_weekly_minutes - sum(longest[: phase.days_per_week]))
        days_short = self.model.new_int_var(days_lb, phase.days_per_week, f"days_short[{client.id}]")
        minutes_short = self.model.new_int_var(
            minutes_lb, max(minutes_lb, phase.min_weekly_minutes), f"minutes_short[{client.id}]"
        )
        unmet = self.model.new_bool_var(f"unmet[{client.id}]")
        if days_lb or minutes_lb:
            self.model.add(unmet == 1)
        self.model.add(days_short <= phase.days_per_week * unmet)
        self.model.add(minutes_short <= phase.min_weekly_minutes * unmet)
        self.model.add(sum(attended) + days_short >= phase.days_per_week)
        self.model.add(
            sum(g.duration * self.x[(client.id, g.id)] for g in eligible) + minutes_short
            >= phase.min_weekly_minutes
        )
        self.cost.append(
            weights.unmet * unmet + weights.day_short * days_short + weights.minute_short * minutes_short
        )

    def _add_groups(self) -> dict[str, cp_model.LinearExprT]:
        members: dict[str, list[cp_model.IntVar]] = defaultdict(list)
        for (_, group_id), var in self.x.items():
            members[group_id].append(var)
        sizes: dict[str, cp_model.LinearExprT] = {}
        for group_id in self.piece.group_ids:
            group = self.context.groups[group_id]
            if group.weekday in self.context.holidays:
                continue
            size = sum(members[group_id])
            self.model.add(size <= self.context.capacities[group_id])
            sizes[group_id] = size
            self._add_size_balance(group, size)
        return sizes

    def _add_size_balance(self, group: Group, size: cp_model.LinearExprT) -> None:
        seats = self.context.capacities[group.id]
        over = self.model.new_int_var(0, max(0, seats - group.target_size), f"over[{group.id}]")
        under = self.model.new_int_var(0, group.target_size, f"under[{group.id}]")
        self.model.add(size - group.target_size == over - under)
        self.cost.append(self.context.weights.size * (over + under))

    def _add_loads(self, sizes: dict[str, cp_model.LinearExprT]) -> None:
        by_facilitator: dict[str, list[cp_model.LinearExprT]] = defaultdict(list)
        for group_id, size in sizes.items():
            by_facilitator[self.context.groups[group_id].facilitator_id or ""].append(size)
        for facilitator_id in self.piece.facilitator_ids:
            fair = self.context.fair_loads.get(facilitator_id, 0)
            load = sum(by_facilitator[facilitator_id])
            excess = self.model.new_int_var(0, 10_000, f"excess[{facilitator_id}]")
            self.model.add(excess >= load - fair)
            self.cost.append(self.context.weights.load * excess)

    def hint(self, placements: set[Placement]) -> None:
        for (client_id, group_id), var in self.x.items():
            self.model.add_hint(var, Placement(client_id=client_id, group_id=group_id) in placements)


def solve_piece(
    context: Context,
    piece: Component,
    settings: SearchSettings,
    *,
    hint: set[Placement] | None = None,
    fallback: set[Placement] | None = None,
) -> PieceResult:
    """Build and solve one piece; when the search finds nothing in time, use the fallback placements."""
    started = time.perf_counter()
    built = _PieceModel(context, piece)
    built.build()
    if hint is not None:
        built.hint(hint)
    solver = cp_model.CpSolver()
    solver.parameters.random_seed = settings.seed
    # One search thread per piece is what makes the result repeatable; pieces run side by side instead.
    # These models are nearly network flows, so a full LP relaxation (level 2, which keeps the
    # one-group-a-day rows that presolve would turn into clauses) proves optimality almost at once;
    # symmetry detection and probing cost more in presolve than they save here.
    solver.parameters.num_workers = 1
    solver.parameters.linearization_level = 2
    solver.parameters.symmetry_level = 0
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.max_time_in_seconds = settings.seconds
    solver.parameters.max_deterministic_time = settings.deterministic_seconds * DETERMINISTIC_PER_SECOND
    code = solver.solve(built.model)
    status = _STATUS.get(code, SolveStatus.UNKNOWN)
    seconds = time.perf_counter() - started
    if status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        chosen = tuple(
            sorted(Placement(client_id=c, group_id=g) for (c, g), var in built.x.items() if solver.value(var))
        )
        bound = math.ceil(solver.best_objective_bound - 1e-6)
        return PieceResult(chosen, round(solver.objective_value), bound, status, seconds)
    members = set(piece.client_ids)
    kept = tuple(sorted(p for p in fallback or set() if p.client_id in members))
    return PieceResult(kept, -1, math.floor(solver.best_objective_bound), status, seconds)
