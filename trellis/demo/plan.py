"""Planning synthetic client paths: admission, step-downs, dropping out, discharge and how each client attends.

Pure; no Django. A plan says what happened to whom and when; the loaders (generator.py through the services,
bulk.py with bulk inserts) turn plans into rows. Everything is drawn from one random.Random, so a seed gives
the same program every time.
"""

import bisect
import datetime as dt
import math
import random
from dataclasses import dataclass, field
from enum import StrEnum

# Days a week a client attends in each phase of the taper (programs.Phase.days_per_week).
PHASE_DAYS = {1: 5, 2: 4, 3: 3}


class Outcome(StrEnum):
    ACTIVE = "active"
    WAITLISTED = "waitlisted"  # admitted, waiting for a place in a full track
    COMPLETED = "completed"
    DROPPED_OUT = "dropped_out"
    TRANSFERRED = "transferred"  # stepped up to a higher level of care elsewhere
    INCARCERATED = "incarcerated"


class Style(StrEnum):
    STEADY = "steady"
    STRUGGLING = "struggling"


@dataclass(frozen=True)
class TrackSlot:
    """What the planner needs to know of a track: where it runs, on which days, and for whom."""

    key: str
    site_key: str
    weekdays: tuple[int, ...]
    population: str = ""
    min_capacity: int = 12
    # A track planned to be exactly full today: its capacity is its census, so the next client waits.
    full: bool = False


@dataclass(frozen=True)
class Step:
    """An enrollment from a day on, at a phase; the first one starts at admission."""

    starts_on: dt.date
    phase: int
    reason: str  # "" at admission, else an episodes EnrollmentEndReason value: "step_down", "step_up"


@dataclass
class ClientPath:
    """One client's planned episode in a track."""

    index: int
    track_key: str
    site_key: str
    admitted_on: dt.date
    outcome: Outcome = Outcome.ACTIVE
    style: Style = Style.STEADY
    steps: list[Step] = field(default_factory=list)
    discharged_on: dt.date | None = None
    last_attended_on: dt.date | None = None  # dropouts miss every session after this day
    day_offset: int = 0  # which of the group's days a client below full time comes on

    def step_on(self, day: dt.date) -> Step | None:
        """The enrollment in force on a day, or None when not enrolled."""
        if self.discharged_on is not None and day > self.discharged_on:
            return None
        current = None
        for step in self.steps:
            if step.starts_on <= day:
                current = step
        return current

    def attends_on(self, day: dt.date, weekdays: tuple[int, ...]) -> bool:
        step = self.step_on(day)
        return step is not None and day.weekday() in scheduled_days(
            weekdays, PHASE_DAYS[step.phase], self.day_offset
        )


def scheduled_days(weekdays: tuple[int, ...], days_per_week: int, offset: int) -> set[int]:
    """The group days a client comes on: all of them, or `days_per_week` spread across the week."""
    count = len(weekdays)
    if days_per_week >= count:
        return set(weekdays)
    return {weekdays[(offset + math.ceil(i * count / days_per_week)) % count] for i in range(days_per_week)}


def weekday_on_or_before(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def next_monday(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=7 - day.weekday())


def random_weekday(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    day = first + dt.timedelta(days=rng.randrange((last - first).days + 1))
    return max(first, weekday_on_or_before(day)) if day.weekday() >= 5 else day


def _steps(rng: random.Random, admitted_on: dt.date, until: dt.date) -> list[Step]:
    """Phase 1 for two to three weeks, phase 2 as long again, then phase 3; a few step back up."""
    # About one in seven arrives stepping down from residential or PHP and starts at phase 2.
    phase = 2 if rng.random() < 0.15 else 1
    steps = [Step(starts_on=admitted_on, phase=phase, reason="")]
    day = admitted_on
    while phase < 3:
        day = next_monday(day + dt.timedelta(days=rng.randint(10, 17)))
        if day > until:
            return steps
        phase += 1
        steps.append(Step(starts_on=day, phase=phase, reason="step_down"))
    # A lapse in phase 3 brings a few clients back to four days a week for a while.
    if rng.random() < 0.08:
        day = next_monday(day + dt.timedelta(days=rng.randint(5, 12)))
        if day <= until:
            steps.append(Step(starts_on=day, phase=2, reason="step_up"))
    return steps


def settle(
    rng: random.Random, path: ClientPath, *, today: dt.date, stay_days: int, drop_after_days: int
) -> ClientPath:
    """Fill in the dates of a path whose outcome is chosen; an outcome that would lie ahead of today stays active."""
    yesterday = today - dt.timedelta(days=1)
    if path.outcome == Outcome.DROPPED_OUT:
        path.style = Style.STRUGGLING
        path.last_attended_on = path.admitted_on + dt.timedelta(days=drop_after_days)
        # Programs discharge after about two weeks without contact and repeated outreach.
        path.discharged_on = weekday_on_or_before(
            path.last_attended_on + dt.timedelta(days=rng.randint(12, 16))
        )
    elif path.outcome in {Outcome.COMPLETED, Outcome.TRANSFERRED, Outcome.INCARCERATED}:
        path.discharged_on = weekday_on_or_before(path.admitted_on + dt.timedelta(days=stay_days))
    if path.discharged_on is not None and (
        path.discharged_on > yesterday or path.discharged_on <= path.admitted_on
    ):
        path.outcome, path.discharged_on, path.last_attended_on = Outcome.ACTIVE, None, None
    if path.outcome == Outcome.WAITLISTED:
        return path
    until = min(d for d in (today, path.discharged_on, path.last_attended_on) if d is not None)
    path.steps = _steps(rng, path.admitted_on, until)
    path.day_offset = rng.randrange(5)
    return path


@dataclass(frozen=True)
class Mark:
    """How a client attended one session: a status (attendance AttendanceRecord.Status value) and times."""

    status: str
    late_minutes: int = 0
    early_minutes: int = 0


# Chance of each status for a session a client is scheduled for; the rest are present on time.
_CHANCES: dict[Style, tuple[tuple[str, float], ...]] = {
    Style.STEADY: (("late", 0.05), ("left_early", 0.025), ("excused", 0.02), ("unexcused", 0.01)),
    Style.STRUGGLING: (("late", 0.11), ("left_early", 0.06), ("excused", 0.06), ("unexcused", 0.08)),
}


def mark_for(rng: random.Random, path: ClientPath, day: dt.date) -> Mark:
    if path.last_attended_on is not None and day > path.last_attended_on:
        return Mark("unexcused")
    roll = rng.random()
    for status, chance in _CHANCES[path.style]:
        if roll < chance:
            if status == "late":
                return Mark(status, late_minutes=rng.choice((5, 10, 10, 15, 20, 25, 40)))
            if status == "left_early":
                return Mark(status, early_minutes=rng.choice((15, 30, 45, 60, 75)))
            return Mark(status)
        roll -= chance
    return Mark("present")


def capacities(paths: list[ClientPath], slots: list[TrackSlot], *, slack: int = 2) -> dict[str, int]:
    """The capacity each track needs so every planned enrollment fits, replayed in the order the loader uses.

    A track marked `full` gets exactly its census on the last enrollment, so a later client is refused and
    waitlisted; other tracks get `slack` places to spare, and never fewer than their minimum.
    """
    members: dict[str, list[ClientPath]] = {slot.key: [] for slot in slots}
    for path in paths:
        if path.steps:
            members[path.track_key].append(path)
    result = {}
    for slot in slots:
        result[slot.key] = (
            _peak(members[slot.key])
            if slot.full
            else max(slot.min_capacity, _peak(members[slot.key]) + slack)
        )
    return result


def _peak(members: list[ClientPath]) -> int:
    """The most members enrolled at once on any day an enrollment starts: counted by bisecting sorted
    admissions and ends, not by comparing every pair (a network has 200 clients a track over three years).
    A member is in from their admission to the day after discharge; every start falls inside its own span."""
    starts = sorted(p.steps[0].starts_on for p in members)
    ends = sorted(p.discharged_on + dt.timedelta(days=1) for p in members if p.discharged_on is not None)
    return max(
        (bisect.bisect_right(starts, step.starts_on) - bisect.bisect_right(ends, step.starts_on)
         for p in members for step in p.steps),
        default=0,
    )  # fmt: skip


def _pick(paths: list[ClientPath], count: int, *, min_days: int, today: dt.date) -> list[ClientPath]:
    """The earliest-admitted active paths with at least `min_days` behind them."""
    eligible = [p for p in paths if p.outcome == Outcome.ACTIVE and (today - p.admitted_on).days >= min_days]
    return eligible[:count]


def plan_demo(
    rng: random.Random,
    *,
    slots: list[TrackSlot],
    shares: dict[str, float],
    count: int,
    first: dt.date,
    today: dt.date,
) -> list[ClientPath]:
    """About `count` clients admitted since `first`: most active, a few discharged, a couple waiting for a full track."""
    by_key = {slot.key: slot for slot in slots}
    open_keys = [slot.key for slot in slots]
    waiting = [slot for slot in slots if slot.full]
    n_waiting = (2 if count >= 20 else 1) * len(waiting)
    paths = []
    for number in range(count - n_waiting):
        key = rng.choices(open_keys, [shares[k] for k in open_keys])[0]
        # A third were admitted in the window's first fortnight: groups are not empty in the early weeks, and
        # some clients have had time to finish or drop out.
        latest = first + dt.timedelta(days=13) if number < count // 3 else today
        paths.append(ClientPath(0, key, by_key[key].site_key, random_weekday(rng, first, latest)))
    for slot in waiting:
        for _ in range(n_waiting // len(waiting)):
            admitted = random_weekday(rng, today - dt.timedelta(days=6), today)
            paths.append(ClientPath(0, slot.key, slot.site_key, admitted, outcome=Outcome.WAITLISTED))
    # Waiting clients sort last on their day: the full track's last place goes to whoever came first.
    paths.sort(key=lambda p: (p.admitted_on, p.outcome == Outcome.WAITLISTED))
    for index, path in enumerate(paths):
        path.index = index
    # Clients of a track planned to be full are never discharged, so it stays full.
    movable = [p for p in paths if not by_key[p.track_key].full]
    for path in _pick(movable, max(1, round(count * 0.06)), min_days=44, today=today):
        path.outcome = Outcome.COMPLETED
    for path in _pick(movable, max(1, round(count * 0.05)), min_days=24, today=today):
        path.outcome = Outcome.DROPPED_OUT
    for outcome in (Outcome.TRANSFERRED, Outcome.INCARCERATED)[: 2 if count >= 40 else 1]:
        for path in _pick(movable, 1, min_days=20, today=today):
            path.outcome = outcome
    for path in paths:
        if path.outcome == Outcome.ACTIVE and rng.random() < 0.25:
            path.style = Style.STRUGGLING
        available = (today - path.admitted_on).days - 1
        settle(
            rng,
            path,
            today=today,
            stay_days=rng.randint(min(42, available), max(42, available))
            if path.outcome == Outcome.COMPLETED
            else rng.randint(14, max(14, available)),
            drop_after_days=rng.randint(5, max(5, min(20, available - 17))),
        )
    return paths
