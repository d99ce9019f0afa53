"""Input checks that run before any solving: bad input gets a clear message and publishes nothing.

Every message names the offending client, group, facilitator or room so staff can fix it at the source.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator

from trellis.scheduling.solver.model import (
    MINUTES_PER_DAY,
    Client,
    Facilitator,
    Group,
    Problem,
    Room,
    Window,
)
from trellis.scheduling.solver.wording import clock, weekday_name


class InvalidProblem(ValueError):
    """The week cannot be scheduled as given; ``problems`` lists every reason found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("Cannot schedule this week: " + " ".join(problems))


def validate_problem(problem: Problem) -> None:
    """Raise InvalidProblem listing every input error; return quietly when the week can be solved."""
    errors = list(_all_errors(problem))
    if errors:
        raise InvalidProblem(errors)


def _all_errors(problem: Problem) -> Iterator[str]:
    yield from _duplicate_ids("client", (c.id for c in problem.clients))
    yield from _duplicate_ids("group", (g.id for g in problem.groups))
    yield from _duplicate_ids("facilitator", (f.id for f in problem.facilitators))
    yield from _duplicate_ids("room", (r.id for r in problem.rooms))
    facilitators = {f.id: f for f in problem.facilitators}
    rooms = {r.id: r for r in problem.rooms}
    groups = {g.id: g for g in problem.groups}
    for facilitator in problem.facilitators:
        yield from _facilitator_errors(facilitator)
    for room in problem.rooms:
        if room.capacity < 1:
            yield f"Room {room.id} has capacity {room.capacity}; it must seat at least one person."
    for group in problem.groups:
        yield from _group_errors(group, facilitators, rooms)
    yield from _double_bookings(problem.groups, key="facilitator")
    yield from _double_bookings(problem.groups, key="room")
    yield from _facilitator_day_limits(problem.groups, facilitators)
    for client in problem.clients:
        yield from _client_errors(client, groups, problem.holidays)
    yield from _manual_overflow(problem.clients, groups, rooms)


def _duplicate_ids(kind: str, ids: Iterable[str]) -> Iterator[str]:
    for item_id, count in sorted(Counter(ids).items()):
        if count > 1:
            yield f"The {kind} id {item_id} is used {count} times; ids must be unique."


def _window_errors(owner: str, windows: tuple[Window, ...]) -> Iterator[str]:
    for window in windows:
        day = weekday_name(window.weekday)
        if not 0 <= window.weekday <= 6:
            yield f"{owner}: availability on {day} is not a day of the week (0 Monday to 6 Sunday)."
        elif window.end <= window.start:
            yield (
                f"{owner}: availability on {day} ends ({clock(window.end)}) "
                f"before it starts ({clock(window.start)})."
            )
        elif window.start < 0 or window.end > MINUTES_PER_DAY:
            yield f"{owner}: availability on {day} must lie within one day (00:00-24:00)."


def _facilitator_errors(facilitator: Facilitator) -> Iterator[str]:
    yield from _window_errors(f"Facilitator {facilitator.id}", facilitator.availability)
    if facilitator.max_minutes_per_day <= 0:
        yield f"Facilitator {facilitator.id} has no working minutes per day."


def _group_errors(
    group: Group, facilitators: dict[str, Facilitator], rooms: dict[str, Room]
) -> Iterator[str]:
    name = f"Group {group.id}"
    yield from _group_shape_errors(group)
    if not group.facilitator_id:
        yield f"{name} has no facilitator."
    elif group.facilitator_id not in facilitators:
        yield f"{name}: facilitator {group.facilitator_id} is not on staff."
    else:
        yield from _facilitator_fit_errors(group, facilitators[group.facilitator_id])
    if not group.room_id:
        yield f"{name} has no room."
    elif group.room_id not in rooms:
        yield f"{name}: room {group.room_id} does not exist."


def _group_shape_errors(group: Group) -> Iterator[str]:
    name = f"Group {group.id}"
    if not 0 <= group.weekday <= 6:
        yield f"{name}: weekday {group.weekday} is not a day of the week (0 Monday to 6 Sunday)."
    if group.duration <= 0:
        yield f"{name} has a duration of {group.duration} minutes; it must be positive."
    if group.start < 0 or group.end > MINUTES_PER_DAY:
        yield f"{name} must start and end within one day."
    if group.capacity < 1:
        yield f"{name} has capacity {group.capacity}; it must hold at least one client."
    if group.target_size < 1:
        yield f"{name} has target size {group.target_size}; it must be at least one."
    if not group.tracks:
        yield f"{name} belongs to no track."


def _facilitator_fit_errors(group: Group, facilitator: Facilitator) -> Iterator[str]:
    needed = group.required_credential
    if needed and needed not in facilitator.credentials:
        yield f"Facilitator {facilitator.id} lacks the {needed} credential required by group {group.id}."
    if not any(
        w.covers(weekday=group.weekday, start=group.start, end=group.end) for w in facilitator.availability
    ):
        yield (
            f"Facilitator {facilitator.id} is not available for group {group.id} "
            f"({weekday_name(group.weekday)} {clock(group.start)}-{clock(group.end)})."
        )


def _double_bookings(groups: tuple[Group, ...], *, key: str) -> Iterator[str]:
    by_owner: dict[tuple[str, int], list[Group]] = defaultdict(list)
    for group in groups:
        owner = group.facilitator_id if key == "facilitator" else group.room_id
        if owner:
            by_owner[(owner, group.weekday)].append(group)
    for (owner, weekday), booked in sorted(by_owner.items()):
        booked.sort(key=lambda g: (g.start, g.id))
        for earlier, later in itertools.pairwise(booked):
            if later.start < earlier.end:
                subject = "Facilitator" if key == "facilitator" else "Room"
                yield (
                    f"{subject} {owner} is booked for overlapping groups {earlier.id} and {later.id} "
                    f"on {weekday_name(weekday)}."
                )


def _facilitator_day_limits(groups: tuple[Group, ...], facilitators: dict[str, Facilitator]) -> Iterator[str]:
    minutes: Counter[tuple[str, int]] = Counter()
    for group in groups:
        if group.facilitator_id in facilitators:
            minutes[(group.facilitator_id, group.weekday)] += group.duration
    for (facilitator_id, weekday), total in sorted(minutes.items()):
        limit = facilitators[facilitator_id].max_minutes_per_day
        if total > limit:
            yield (
                f"Facilitator {facilitator_id} would run {total} minutes of groups "
                f"on {weekday_name(weekday)}, "
                f"more than their maximum of {limit}."
            )


def _client_errors(client: Client, groups: dict[str, Group], holidays: frozenset[int]) -> Iterator[str]:
    name = f"Client {client.id}"
    yield from _window_errors(name, client.availability)
    if not 1 <= client.phase.days_per_week <= 7:
        yield f"{name}: phase asks for {client.phase.days_per_week} days a week; it must be 1 to 7."
    if client.phase.min_weekly_minutes < 0:
        yield f"{name}: the weekly minimum cannot be negative."
    manual = sorted(client.manual_group_ids)
    for group_id in manual:
        group = groups.get(group_id)
        if group is None:
            yield f"{name} is manually placed in group {group_id}, which does not exist this week."
        elif group.weekday in holidays:
            holiday = weekday_name(group.weekday)
            yield f"{name} is manually placed in group {group_id} on a holiday ({holiday})."
        elif group.site != client.site:
            yield f"{name} is manually placed in group {group_id} at another site."
    days = Counter(groups[g].weekday for g in manual if g in groups)
    for weekday, count in sorted(days.items()):
        if count > 1:
            day = weekday_name(weekday)
            yield f"{name} is manually placed in {count} groups on {day}; one a day is the limit."
    if len(manual) > client.phase.days_per_week:
        allowed = client.phase.days_per_week
        yield f"{name} has {len(manual)} manual placements but the phase allows {allowed} days."


def _manual_overflow(
    clients: tuple[Client, ...], groups: dict[str, Group], rooms: dict[str, Room]
) -> Iterator[str]:
    placed = Counter(group_id for client in clients for group_id in client.manual_group_ids)
    for group_id, count in sorted(placed.items()):
        group = groups.get(group_id)
        if group is None:
            continue
        room = rooms.get(group.room_id or "")
        holds = min(group.capacity, room.capacity) if room else group.capacity
        if count > holds:
            yield f"Group {group_id} has {count} manual placements but holds only {holds}."
