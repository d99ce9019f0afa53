"""Proposing a week: validate, split into independent pieces, solve each with CP-SAT, explain shortfalls."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from trellis.scheduling.solver.cpsat import Context, PieceResult, SearchSettings, solve_piece
from trellis.scheduling.solver.decompose import Component, split_problem
from trellis.scheduling.solver.eligibility import effective_capacities, eligible_groups
from trellis.scheduling.solver.explain import explain_shortfalls
from trellis.scheduling.solver.greedy import greedy_placements
from trellis.scheduling.solver.model import Placement, Problem, Schedule, SolveOptions, SolveStatus
from trellis.scheduling.solver.objective import DEFAULT_WEIGHTS, Weights, evaluate, fair_loads
from trellis.scheduling.solver.validate import validate_problem

# Every piece gets at least this long, however small, so tiny pieces still reach a proof of optimality.
MIN_PIECE_SECONDS = 0.5


def solve_week(
    problem: Problem, *, options: SolveOptions | None = None, weights: Weights = DEFAULT_WEIGHTS
) -> Schedule:
    """The proposed schedule for the week; raises InvalidProblem (a ValueError) on bad input."""
    options = options or SolveOptions()
    started = time.perf_counter()
    validate_problem(problem)
    eligible = eligible_groups(problem)
    context = Context(
        clients={c.id: c for c in problem.clients},
        groups={g.id: g for g in problem.groups},
        eligible=eligible,
        capacities=effective_capacities(problem),
        fair_loads=fair_loads(problem),
        holidays=problem.holidays,
        weights=weights,
    )
    pieces = split_problem(problem, eligible)
    greedy = set(greedy_placements(problem, eligible))
    results = _solve_pieces(context, pieces, options, greedy, started)
    placements = tuple(sorted(p for result in results for p in result.placements))
    evaluation = evaluate(problem, placements, weights)
    baseline = evaluate(problem, greedy, weights)
    if baseline.total < evaluation.total:
        # A search cut short by the time limit can end worse than the greedy week; never propose that.
        placements, evaluation = tuple(sorted(greedy)), baseline
    return Schedule(
        placements=placements,
        client_weeks=evaluation.client_weeks,
        objective=evaluation.total,
        best_bound=min(evaluation.total, sum(r.bound for r in results)),
        status=_overall_status(results),
        solve_seconds=time.perf_counter() - started,
        explanations=explain_shortfalls(problem, placements, evaluation.client_weeks),
        components=len(pieces),
        breakdown=evaluation.breakdown,
    )


def _solve_pieces(
    context: Context,
    pieces: list[Component],
    options: SolveOptions,
    greedy: set[Placement],
    started: float,
) -> list[PieceResult]:
    # Pieces run side by side, one search thread each (CP-SAT releases the GIL while it searches). Each
    # gets a share of the budget in proportion to its size, in decision variables. The deterministic
    # share depends only on the input, so a search that stops on it repeats exactly; the clock is a guard.
    hint = greedy if options.use_greedy_hint else None
    sizes = [sum(len(context.eligible[c]) for c in piece.client_ids) + 1 for piece in pieces]
    lanes = max(1, min(options.workers, len(pieces)))
    guard = options.clock_guard_factor
    deadline = started + options.time_limit_seconds * guard

    def solve(index: int) -> PieceResult:
        share = options.time_limit_seconds * lanes * sizes[index] / sum(sizes)
        settings = SearchSettings(
            seed=options.seed,
            seconds=max(MIN_PIECE_SECONDS, min(share * guard, deadline - time.perf_counter())),
            deterministic_seconds=max(MIN_PIECE_SECONDS, min(share, options.time_limit_seconds)),
        )
        return solve_piece(context, pieces[index], settings, hint=hint, fallback=greedy)

    with ThreadPoolExecutor(max_workers=lanes) as pool:
        return list(pool.map(solve, range(len(pieces))))


def _overall_status(results: list[PieceResult]) -> SolveStatus:
    statuses = {r.status for r in results}
    if statuses <= {SolveStatus.OPTIMAL}:
        return SolveStatus.OPTIMAL
    if SolveStatus.INFEASIBLE in statuses:
        return SolveStatus.INFEASIBLE
    if SolveStatus.UNKNOWN in statuses:
        return SolveStatus.UNKNOWN
    return SolveStatus.FEASIBLE
