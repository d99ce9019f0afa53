"""The solver's vocabulary: one week's scheduling problem in, one proposed schedule out.

Times are minutes after midnight in the site's local time; weekdays are 0 (Monday) to 6 (Sunday).
A *group* here is one weekly occurrence (e.g. "Evening process group, Tuesday 18:00"); occurrences of the
same recurring group share a ``series_id``, which is what "the same cohort as last week" means.
Groups arrive with their facilitator and room already assigned by staff; the solver places clients.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

MINUTES_PER_DAY = 24 * 60
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class DayPart(enum.StrEnum):
    """Whether a group runs during the working day or in the evening."""

    DAY = "day"
    EVENING = "evening"


class SolveStatus(enum.StrEnum):
    """How far the search got: OPTIMAL is proven best, FEASIBLE is the best found within the time limit."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Window:
    """A stretch of time on one weekday when someone can attend or work, e.g. Tuesday 17:30-21:00."""

    weekday: int
    start: int
    end: int

    def covers(self, *, weekday: int, start: int, end: int) -> bool:
        return self.weekday == weekday and self.start <= start and end <= self.end


@dataclass(frozen=True)
class Phase:
    """The client's current step of care: days a week and minimum weekly minutes (IOP adults >= 540)."""

    days_per_week: int
    min_weekly_minutes: int


@dataclass(frozen=True)
class Client:
    """An enrolled client to place into this week's groups."""

    id: str
    site: str
    track: str
    phase: Phase
    availability: tuple[Window, ...]
    attributes: frozenset[str] = frozenset()
    day_part_preference: DayPart | None = None
    population_preference: str | None = None
    last_week_series_ids: frozenset[str] = frozenset()
    manual_group_ids: frozenset[str] = frozenset()
    published_group_ids: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Group:
    """One weekly occurrence of a group session with its fixed facilitator and room."""

    id: str
    site: str
    tracks: frozenset[str]
    weekday: int
    start: int
    duration: int
    capacity: int
    target_size: int
    facilitator_id: str | None
    room_id: str | None
    day_part: DayPart
    series_id: str = ""
    required_credential: str | None = None
    population: str | None = None

    @property
    def end(self) -> int:
        return self.start + self.duration

    @property
    def series(self) -> str:
        return self.series_id or self.id


@dataclass(frozen=True)
class Facilitator:
    """A clinician who runs groups, with credentials (e.g. "LADC", "LCSW") and working hours."""

    id: str
    credentials: frozenset[str]
    availability: tuple[Window, ...]
    max_minutes_per_day: int = 8 * 60


@dataclass(frozen=True)
class Room:
    """A room and how many people it seats."""

    id: str
    capacity: int


@dataclass(frozen=True)
class Problem:
    """Everything needed to propose one week's schedule."""

    clients: tuple[Client, ...]
    groups: tuple[Group, ...]
    facilitators: tuple[Facilitator, ...]
    rooms: tuple[Room, ...]
    holidays: frozenset[int] = frozenset()


@dataclass(frozen=True)
class SolveOptions:
    """Search settings. Same problem + same seed + same options -> the same schedule.

    ``workers`` is how many independent pieces (sites, tracks) are searched side by side, each on one
    thread; ``use_greedy_hint`` seeds the search with the greedy week (slower on most weeks).
    A search stops on CP-SAT's deterministic time; the wall clock, at ``time_limit_seconds`` times
    ``clock_guard_factor``, only guards it. On a loaded machine the guard can stop a search first, and then
    the result depends on the load: a larger factor trades the time bound for exact repeatability.
    """

    seed: int = 0
    time_limit_seconds: float = 10.0
    workers: int = 2
    use_greedy_hint: bool = False
    clock_guard_factor: float = 1.0


@dataclass(frozen=True, order=True)
class Placement:
    """One client attending one group occurrence."""

    client_id: str
    group_id: str


@dataclass(frozen=True)
class ClientWeek:
    """A client's resulting week: minutes and days scheduled against their phase."""

    client_id: str
    minutes: int
    days: int
    meets_minimum: bool


@dataclass(frozen=True)
class Explanation:
    """Why a client's minimum could not be met, in a coordinator's words, and what would fix it."""

    client_id: str
    reason: str
    fixes: tuple[str, ...]
    minutes_short: int
    days_short: int

    @property
    def text(self) -> str:
        return f"{self.reason} Try: {'; '.join(self.fixes)}." if self.fixes else self.reason


@dataclass(frozen=True)
class Schedule:
    """The proposed week: placements, per-client totals, search quality and explanations."""

    placements: tuple[Placement, ...]
    client_weeks: tuple[ClientWeek, ...]
    objective: int
    best_bound: int
    status: SolveStatus
    solve_seconds: float
    explanations: tuple[Explanation, ...] = ()
    components: int = 1
    breakdown: dict[str, int] = field(default_factory=dict)

    @property
    def gap(self) -> float:
        """Relative distance between the schedule found and the proven lower bound (0.0 = proven best)."""
        if self.objective <= 0:
            return 0.0
        return max(0.0, (self.objective - self.best_bound) / self.objective)
