"""Why a client could not get their weekly minimum, in words a coordinator understands, and what would fix it.

The explanation comes from looking at the client's availability against the groups that run and the seats
left in the final schedule, not from the solver's status: "Available evenings only; the evening track's
groups on Tuesday and Thursday are full."
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from trellis.scheduling.solver.eligibility import admits, effective_capacities, fits_availability
from trellis.scheduling.solver.model import (
    Client,
    ClientWeek,
    DayPart,
    Explanation,
    Placement,
    Problem,
    Window,
)
from trellis.scheduling.solver.wording import weekday_name, weekdays_phrase

EVENING_STARTS = 16 * 60 + 30
MORNING_ENDS = 13 * 60
DAY_OPENS, DAY_CLOSES = 8 * 60, 21 * 60


def explain_shortfalls(
    problem: Problem, placements: tuple[Placement, ...], weeks: tuple[ClientWeek, ...]
) -> tuple[Explanation, ...]:
    """One explanation per client whose scheduled week falls short of their phase."""
    short = {week.client_id: week for week in weeks if not week.meets_minimum}
    if not short:
        return ()
    seats_left = effective_capacities(problem)
    attended: dict[str, set[str]] = defaultdict(set)
    for placement in placements:
        seats_left[placement.group_id] -= 1
        attended[placement.client_id].add(placement.group_id)
    analysis = _Analysis(problem, seats_left)
    return tuple(
        analysis.explain(client, short[client.id], attended[client.id])
        for client in problem.clients
        if client.id in short
    )


def describe_availability(windows: tuple[Window, ...]) -> str:
    """ "Available evenings only", "Available mornings only, on Monday and Friday", and the like."""
    if not windows:
        return "No availability given"
    days = {w.weekday for w in windows}
    on_days = f", on {weekdays_phrase(days)}" if len(days) < 5 else ""
    if all(w.start >= EVENING_STARTS for w in windows):
        return f"Available evenings only{on_days}"
    if all(w.end <= MORNING_ENDS for w in windows):
        return f"Available mornings only{on_days}"
    if on_days:
        return f"Available only on {weekdays_phrase(days)}"
    # Availability stored as "everything but work/childcare" gives a day several windows: say where.
    broken = {w.weekday for w in windows if not (w.start <= DAY_OPENS and w.end >= DAY_CLOSES)}
    if broken:
        return f"Busy at times on {weekdays_phrase(broken)}"
    return "Available every weekday"


class _Analysis:
    def __init__(self, problem: Problem, seats_left: dict[str, int]) -> None:
        self.problem = problem
        self.seats_left = seats_left
        self.open_groups = [g for g in problem.groups if g.weekday not in problem.holidays]

    def explain(self, client: Client, week: ClientWeek, attended: set[str]) -> Explanation:
        phase = client.phase
        days_short = max(0, phase.days_per_week - week.days)
        minutes_short = max(0, phase.min_weekly_minutes - week.minutes)
        reason, fixes = self._reason(client, attended)
        if days_short == 0 and minutes_short > 0:
            reason = (
                f"Scheduled {week.days} days but only {week.minutes} of the {phase.min_weekly_minutes} "
                f"weekly minutes: the groups that fit are short."
            )
            fixes = ["add a longer or second group on the client's days", "review the phase's minimum"]
        return Explanation(client.id, reason, tuple(dict.fromkeys(fixes)), minutes_short, days_short)

    def _reason(self, client: Client, attended: set[str]) -> tuple[str, list[str]]:
        track = f"the {client.track} track"
        admitted = [g for g in self.open_groups if admits(client, g)]
        if not admitted:
            return (
                f"No groups of {track} run at site {client.site} this week.",
                [f"open a {client.track} group", *self._other_tracks(client)],
            )
        fitting = [g for g in admitted if fits_availability(client, g)]
        availability = describe_availability(client.availability)
        fitting_days = {g.weekday for g in fitting}
        needed = client.phase.days_per_week
        if len(fitting_days) < needed:
            return self._too_few_days(client, availability, fitting_days)
        attended_days = {g.weekday for g in fitting if g.id in attended}
        full_days = sorted(
            day
            for day in fitting_days - attended_days
            if all(self.seats_left[g.id] <= 0 for g in fitting if g.weekday == day)
        )
        part = _day_part_words(g.day_part for g in fitting)
        # "the evening track's groups", not "the evening track's evening groups".
        track_part = "" if part.strip() == client.track else part
        if not full_days:
            free = sorted(fitting_days - attended_days)
            return (
                f"{availability}; {track}'s {track_part}groups on {weekdays_phrase(free)} still have seats, "
                "but the search stopped before using them.",
                ["propose the week again with more time"],
            )
        reason = f"{availability}; {track}'s {track_part}groups on {weekdays_phrase(full_days)} are full."
        days_or = " or ".join(weekday_name(d) for d in full_days[:2])
        fixes = [
            f"open another {part}group on {days_or}",
            "offer a waitlist place",
            *self._other_tracks(client),
        ]
        return reason, fixes

    def _too_few_days(
        self, client: Client, availability: str, fitting_days: set[int]
    ) -> tuple[str, list[str]]:
        needed = client.phase.days_per_week
        track = f"the {client.track} track"
        if fitting_days:
            plural = "s" if len(fitting_days) > 1 else ""
            fit = f"{track}'s groups fit on only {len(fitting_days)} day{plural} ({weekdays_phrase(fitting_days)})"
        else:
            fit = f"none of {track}'s groups fit"
        reason = f"{availability}; {fit}, and the phase needs {needed} days."
        holidays = sorted(self.problem.holidays)
        if holidays:
            verb = "are holidays" if len(holidays) > 1 else "is a holiday"
            reason += f" {weekdays_phrase(holidays)} {verb} this week."
        free_days = {w.weekday for w in client.availability} - set(self.problem.holidays)
        uncovered = free_days - fitting_days
        fixes = self._other_tracks(client)
        if uncovered:
            fixes.append(
                f"open a {client.track} track group on {' or '.join(weekdays_phrase([d]) for d in sorted(uncovered)[:2])} at a time the client can attend"
            )
        if len(free_days) < needed:
            fixes.append(f"review the phase: the client can come only {len(free_days)} days a week")
        fixes.append("ask whether the client's availability can widen")
        return reason, fixes

    def _other_tracks(self, client: Client) -> list[str]:
        """Tracks at the client's site whose groups with free seats fit the client on enough days."""
        days_by_track: dict[str, set[int]] = defaultdict(set)
        for group in self.open_groups:
            if group.site != client.site or self.seats_left[group.id] <= 0:
                continue
            if group.population is not None and group.population not in client.attributes:
                continue
            if fits_availability(client, group):
                for track in group.tracks - {client.track}:
                    days_by_track[track].add(group.weekday)
        enough = [t for t, days in sorted(days_by_track.items()) if len(days) >= client.phase.days_per_week]
        return [f"move to the {track} track" for track in enough]


def _day_part_words(parts: Iterable[DayPart]) -> str:
    counted = Counter(parts)
    if len(counted) == 1:
        only = next(iter(counted))
        return "evening " if only == DayPart.EVENING else "day "
    return ""
