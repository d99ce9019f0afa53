"""Turning a site's week in the database into the solver's ``Problem``, and the solver's ids back into rows.

Ids given to the solver are primary keys as strings (a group occurrence is ``"<group pk>:<weekday>"``), so
the answer maps straight back; the solver's messages are reworded with names (see ``WeekProblem.label``).
Tracks are passed by name (unique per site) because the solver's explanations speak of "the <track> track".
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from trellis.accounts.models import Credential
from trellis.core import clock
from trellis.episodes.models import Enrollment
from trellis.programs.choices import TimeOfDay
from trellis.programs.models import Holiday, Room, Site
from trellis.scheduling import solver
from trellis.scheduling.inputs import (
    Commitment,
    FacilitatorHours,
    FacilitatorLimit,
    ManualPlacement,
    SchedulingPreference,
)
from trellis.scheduling.models import RecurringGroup
from trellis.scheduling.proposals import ProposedPlacement, ScheduleProposal

DAY_MINUTES = 24 * 60
# A group starting at or after 16:30 is an evening group, as in the solver's explanations.
EVENING_FROM = dt.time(16, 30)
LABELS = dict(Credential.LicenseType.choices)


@dataclass(frozen=True)
class Occurrence:
    """One weekly meeting of a recurring group in the week solved."""

    group: RecurringGroup
    date: dt.date


@dataclass(frozen=True)
class WeekProblem:
    problem: solver.Problem
    occurrences: dict[str, Occurrence]
    labels: dict[str, str]

    def label(self, message: str) -> str:
        """The solver's message with ids replaced by names (longest first: occurrence ids hold group ids)."""
        for key in sorted(self.labels, key=len, reverse=True):
            message = message.replace(key, self.labels[key])
        return message


def staff_id(user_pk: Any) -> str:
    # Users have integer keys; a bare "1" would be replaced inside every other number in a message.
    return f"staff-{user_pk}"


def occurrence_id(group_id: Any, weekday: int) -> str:
    return f"{group_id}:{weekday}"


def minutes(time: dt.time) -> int:
    return time.hour * 60 + time.minute


def free_windows(busy: Iterable[tuple[int, int]], *, weekday: int) -> list[solver.Window]:
    """The parts of a day outside the given busy stretches (minutes after midnight)."""
    windows, start = [], 0
    for busy_start, busy_end in sorted(busy):
        if busy_start > start:
            windows.append(solver.Window(weekday=weekday, start=start, end=busy_start))
        start = max(start, busy_end)
    if start < DAY_MINUTES:
        windows.append(solver.Window(weekday=weekday, start=start, end=DAY_MINUTES))
    return windows


def build_week_problem(*, site: Site, week_start: dt.date) -> WeekProblem:
    days = clock.week_days(week_start)
    holidays = set(
        Holiday.objects.filter(site=site, date__gte=days[0], date__lte=days[-1]).values_list(
            "date", flat=True
        )
    )
    groups = list(
        RecurringGroup.objects.filter(track__site=site, track__is_active=True).select_related(
            "track", "facilitator", "room"
        )
    )
    occurrences = {
        occurrence_id(g.pk, day.weekday()): Occurrence(g, day)
        for g in groups
        for day in days
        if g.meets_on(day)
    }
    labels: dict[str, str] = {}
    solver_groups = [_group(key, occ, site, labels) for key, occ in occurrences.items()]
    problem = solver.Problem(
        clients=tuple(_clients(site, week_start, occurrences, holidays)),
        groups=tuple(solver_groups),
        facilitators=tuple(_facilitators(groups, days[-1], labels)),
        rooms=tuple(_rooms(site, labels)),
        holidays=frozenset(day.weekday() for day in holidays),
    )
    return WeekProblem(problem=problem, occurrences=occurrences, labels=labels)


def _group(key: str, occ: Occurrence, site: Site, labels: dict[str, str]) -> solver.Group:
    group = occ.group
    labels[key] = f"{group.name} ({occ.date:%A})"
    facilitator = group.facilitator
    # A facilitator who left (inactive) counts as none: the group must not run on a ghost's name.
    staffed = facilitator.is_active
    evening = group.track.time_of_day == TimeOfDay.EVENING or group.starts_at >= EVENING_FROM
    return solver.Group(
        id=key,
        site=site.name,
        tracks=frozenset({group.track.name}),
        weekday=occ.date.weekday(),
        start=minutes(group.starts_at),
        duration=group.duration_minutes,
        capacity=group.capacity,
        target_size=min(group.target_size, group.capacity),
        facilitator_id=staff_id(facilitator.pk) if staffed else None,
        room_id=str(group.room_id),
        day_part=solver.DayPart.EVENING if evening else solver.DayPart.DAY,
        series_id=str(group.pk),
        required_credential=str(LABELS[group.required_credential]) if group.required_credential else None,
        population=group.track.population or None,
    )


def _facilitators(groups: list[RecurringGroup], last_day: dt.date, labels: dict[str, str]) -> list[Any]:
    staff = {g.facilitator.pk: g.facilitator for g in groups if g.facilitator.is_active}
    credentials: dict[Any, set[str]] = defaultdict(set)
    for row in Credential.objects.filter(user_id__in=staff).values("user_id", "license_type", "expires_on"):
        if row["expires_on"] is None or row["expires_on"] >= last_day:
            credentials[row["user_id"]].add(str(LABELS[row["license_type"]]))
    hours: dict[Any, list[solver.Window]] = defaultdict(list)
    for window in FacilitatorHours.objects.filter(user_id__in=staff):
        hours[window.user_id].append(
            solver.Window(window.weekday, minutes(window.starts_at), minutes(window.ends_at))
        )
    limits = dict(
        FacilitatorLimit.objects.filter(user_id__in=staff).values_list("user_id", "max_minutes_per_day")
    )
    whole_week = tuple(solver.Window(day, 0, DAY_MINUTES) for day in range(7))
    result = []
    for pk, user in staff.items():
        labels[staff_id(pk)] = user.get_full_name() or user.username
        result.append(
            solver.Facilitator(
                id=staff_id(pk),
                credentials=frozenset(credentials[pk]),
                availability=tuple(hours[pk]) or whole_week,
                max_minutes_per_day=limits.get(pk, 480),
            )
        )
    return result


def _rooms(site: Site, labels: dict[str, str]) -> list[solver.Room]:
    rooms = []
    for room in Room.objects.filter(site=site):
        labels[str(room.pk)] = f"room {room.name}"
        rooms.append(solver.Room(id=str(room.pk), capacity=room.capacity))
    return rooms


def _enrollments(site: Site, week_start: dt.date) -> dict[Any, Enrollment]:
    """Each client's latest enrollment in force during the week at this site's tracks."""
    rows = (
        Enrollment.objects.overlapping(week_start, week_start + dt.timedelta(days=7))
        .filter(track__site=site, track__is_active=True, episode__discharged_on__isnull=True)
        .select_related("track__program", "episode__client")
        .order_by("starts_on")
    )
    return {e.episode.client_id: e for e in rows}


def _clients(
    site: Site, week_start: dt.date, occurrences: dict[str, Occurrence], holidays: set[dt.date]
) -> list[solver.Client]:
    enrollments = _enrollments(site, week_start)
    busy: dict[Any, dict[int, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    for c in Commitment.objects.filter(client_id__in=enrollments):
        busy[c.client_id][c.weekday].append((minutes(c.starts_at), minutes(c.ends_at)))
    preferences = dict(
        SchedulingPreference.objects.filter(client_id__in=enrollments).values_list("client_id", "day_part")
    )
    pins: dict[Any, set[str]] = defaultdict(set)
    for pin in ManualPlacement.objects.filter(client_id__in=enrollments):
        key = occurrence_id(pin.group_id, pin.weekday)
        if key in occurrences and occurrences[key].date not in holidays:
            pins[pin.client_id].add(key)
    published, series = _published(site, week_start, occurrences)
    return [
        solver.Client(
            id=str(pk),
            site=site.name,
            track=e.track.name,
            phase=solver.Phase(
                days_per_week=e.days_per_week, min_weekly_minutes=e.track.program.min_weekly_minutes
            ),
            availability=tuple(_availability(e, week_start, busy[pk])),
            attributes=frozenset(e.episode.client.populations or ()),
            day_part_preference=solver.DayPart(preferences[pk]) if preferences.get(pk) else None,
            last_week_series_ids=frozenset(series[pk]),
            manual_group_ids=frozenset(pins[pk]),
            published_group_ids=frozenset(published[pk]),
        )
        for pk, e in enrollments.items()
    ]


def _availability(
    enrollment: Enrollment, week_start: dt.date, busy: dict[int, list[tuple[int, int]]]
) -> list[solver.Window]:
    windows = []
    for day in clock.week_days(week_start):
        enrolled = enrollment.starts_on <= day and (enrollment.ends_on is None or day < enrollment.ends_on)
        if enrolled:
            windows.extend(free_windows(busy.get(day.weekday(), []), weekday=day.weekday()))
    return windows


def _published(
    site: Site, week_start: dt.date, occurrences: dict[str, Occurrence]
) -> tuple[dict[Any, set[str]], dict[Any, set[str]]]:
    """From the latest published week up to this one: placements to keep, and each client's cohorts."""
    latest = (
        ScheduleProposal.objects.filter(
            site=site, week_start__lte=week_start, status=ScheduleProposal.Status.PUBLISHED
        )
        .order_by("-week_start")
        .first()
    )
    published: dict[Any, set[str]] = defaultdict(set)
    series: dict[Any, set[str]] = defaultdict(set)
    if latest is None:
        return published, series
    for client_id, group_id, day in ProposedPlacement.objects.filter(proposal=latest).values_list(
        "client_id", "group_id", "date"
    ):
        series[client_id].add(str(group_id))
        key = occurrence_id(group_id, day.weekday())
        if key in occurrences:
            published[client_id].add(key)
    return published, series
