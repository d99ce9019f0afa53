"""The weekly scheduling solver: pure Python on OR-Tools CP-SAT, dataclasses in and out, no Django.

Call ``solve_week(problem, options=SolveOptions(seed=..., time_limit_seconds=...))`` with a ``Problem``;
bad input raises ``InvalidProblem`` (a ``ValueError``) before anything is solved.
"""

from trellis.scheduling.solver.engine import solve_week
from trellis.scheduling.solver.greedy import greedy_placements
from trellis.scheduling.solver.model import (
    Client,
    ClientWeek,
    DayPart,
    Explanation,
    Facilitator,
    Group,
    Phase,
    Placement,
    Problem,
    Room,
    Schedule,
    SolveOptions,
    SolveStatus,
    Window,
)
from trellis.scheduling.solver.objective import DEFAULT_WEIGHTS, Evaluation, Weights, evaluate
from trellis.scheduling.solver.validate import InvalidProblem, validate_problem

__all__ = [
    "DEFAULT_WEIGHTS",
    "Client",
    "ClientWeek",
    "DayPart",
    "Evaluation",
    "Explanation",
    "Facilitator",
    "Group",
    "InvalidProblem",
    "Phase",
    "Placement",
    "Problem",
    "Room",
    "Schedule",
    "SolveOptions",
    "SolveStatus",
    "Weights",
    "Window",
    "evaluate",
    "greedy_placements",
    "solve_week",
    "validate_problem",
]
