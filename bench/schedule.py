"""Scheduling benchmark: the CP-SAT solver against a greedy baseline on synthetic programs.

Run from the repository root: ``.venv/bin/python bench/schedule.py [--sizes 60,600,3000] [--seed 7]``.
Every schedule is re-checked by ``objective.evaluate`` from the raw problem (not by the solver), and a
client who misses their minimum without an explanation counts as a violation. Prints a table, then one
JSON line: a list with one object per program size.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from schedule_data import generate_program

from trellis.scheduling.solver import Problem, SolveOptions, evaluate, greedy_placements, solve_week
from trellis.scheduling.solver.eligibility import eligible_groups

# Wall-clock budgets per size, inside the targets (600 clients: 10 s; 3,000 clients: 60 s).
TIME_LIMITS = {60: 5.0, 600: 8.0, 3000: 50.0}
COLUMNS = (
    ("clients", 7),
    ("groups", 6),
    ("staff", 5),
    ("pieces", 6),
    ("seconds", 8),
    ("status", 8),
    ("hard_viol", 9),
    ("greedy_viol", 11),
    ("meet_min", 8),
    ("greedy_meet", 11),
    ("can_meet", 8),
    ("explained", 9),
    ("soft", 7),
    ("greedy_soft", 11),
    ("objective", 10),
    ("greedy_obj", 10),
    ("bound", 10),
    ("gap_pct", 7),
)


def availability_allows(problem: Problem) -> int:
    """Clients whose availability alone (ignoring everyone else) would let them reach their minimum."""
    eligible = eligible_groups(problem)
    count = 0
    for client in problem.clients:
        longest_by_day: dict[int, int] = {}
        for group in eligible[client.id]:
            longest_by_day[group.weekday] = max(longest_by_day.get(group.weekday, 0), group.duration)
        best = sorted(longest_by_day.values(), reverse=True)[: client.phase.days_per_week]
        count += len(best) >= client.phase.days_per_week and sum(best) >= client.phase.min_weekly_minutes
    return count


def run_size(clients: int, *, seed: int, time_limit: float) -> dict[str, object]:
    problem = generate_program(clients, seed=seed)
    greedy = evaluate(problem, greedy_placements(problem))
    schedule = solve_week(problem, options=SolveOptions(seed=seed, time_limit_seconds=time_limit, workers=2))
    checked = evaluate(problem, schedule.placements)
    explained = {e.client_id for e in schedule.explanations}
    unexplained = [
        w.client_id for w in checked.client_weeks if not w.meets_minimum and w.client_id not in explained
    ]
    return {
        "clients": len(problem.clients),
        "groups": len(problem.groups),
        "recurring_groups": len({g.series for g in problem.groups}),
        "staff": len(problem.facilitators),
        "pieces": schedule.components,
        "seconds": round(schedule.solve_seconds, 2),
        "time_limit": time_limit,
        "status": schedule.status.value,
        "hard_viol": len(checked.violations) + len(unexplained),
        "greedy_viol": len(greedy.violations),
        "meet_min": checked.clients_meeting_minimum,
        "greedy_meet": greedy.clients_meeting_minimum,
        "can_meet": availability_allows(problem),
        "explained": len(explained),
        "soft": checked.soft,
        "greedy_soft": greedy.soft,
        "objective": checked.total,
        "greedy_obj": greedy.total,
        "bound": schedule.best_bound,
        "gap_pct": round(100 * schedule.gap, 3),
        "solver_breakdown": checked.breakdown,
        "greedy_breakdown": greedy.breakdown,
    }


def write_table(rows: list[dict[str, object]]) -> None:
    sys.stdout.write(" ".join(name.rjust(width) for name, width in COLUMNS) + "\n")
    for row in rows:
        sys.stdout.write(" ".join(str(row[name]).rjust(width) for name, width in COLUMNS) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="60,600,3000")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        started = time.perf_counter()
        rows.append(run_size(size, seed=args.seed, time_limit=TIME_LIMITS.get(size, 60.0)))
        sys.stderr.write(f"{size} clients done in {time.perf_counter() - started:.1f} s\n")
    write_table(rows)
    sys.stdout.write(json.dumps(rows) + "\n")


if __name__ == "__main__":
    main()
