"""Small builders for solver tests: sensible defaults, override only what the test is about."""

from __future__ import annotations

import random

from trellis.scheduling.solver import (
    Client,
    DayPart,
    Facilitator,
    Group,
    Phase,
    Problem,
    Room,
    Window,
)

EVENING = (18 * 60, 21 * 60)
MORNING = (9 * 60, 12 * 60)
WEEKDAYS = (0, 1, 2, 3, 4)


def windows(
    days: tuple[int, ...] = WEEKDAYS, span: tuple[int, int] = (8 * 60, 22 * 60)
) -> tuple[Window, ...]:
    return tuple(Window(weekday=day, start=span[0], end=span[1]) for day in days)


def client(
    client_id: str,
    *,
    days: int = 3,
    minutes: int = 540,
    track: str = "day",
    available: tuple[Window, ...] | None = None,
    **fields: object,
) -> Client:
    return Client(
        id=client_id,
        site="north",
        track=track,
        phase=Phase(days_per_week=days, min_weekly_minutes=minutes),
        availability=windows() if available is None else available,
        **fields,  # type: ignore[arg-type]
    )


def group(
    group_id: str,
    *,
    weekday: int,
    span: tuple[int, int] = MORNING,
    capacity: int = 12,
    target: int = 10,
    track: str = "day",
    facilitator: str | None = "",
    room: str | None = None,
    **fields: object,
) -> Group:
    return Group(
        id=group_id,
        site="north",
        tracks=frozenset({track}),
        weekday=weekday,
        start=span[0],
        duration=span[1] - span[0],
        capacity=capacity,
        target_size=target,
        facilitator_id=f"fac-{group_id}" if facilitator == "" else facilitator,
        room_id=room if room is not None else f"room-{group_id}",
        day_part=DayPart.EVENING if span[0] >= 17 * 60 else DayPart.DAY,
        **fields,  # type: ignore[arg-type]
    )


def problem(
    clients: list[Client],
    groups: list[Group],
    *,
    facilitators: list[Facilitator] | None = None,
    rooms: list[Room] | None = None,
    holidays: frozenset[int] = frozenset(),
) -> Problem:
    if facilitators is None:
        ids = sorted({g.facilitator_id for g in groups if g.facilitator_id})
        facilitators = [staff(f) for f in ids]
    if rooms is None:
        rooms = [
            Room(id=room_id, capacity=30) for room_id in sorted({g.room_id for g in groups if g.room_id})
        ]
    return Problem(
        clients=tuple(clients),
        groups=tuple(groups),
        facilitators=tuple(facilitators),
        rooms=tuple(rooms),
        holidays=holidays,
    )


def staff(facilitator_id: str, *, credentials: frozenset[str] = frozenset({"LADC"})) -> Facilitator:
    return Facilitator(
        id=facilitator_id,
        credentials=credentials,
        availability=windows(days=(0, 1, 2, 3, 4, 5, 6), span=(0, 24 * 60)),
        max_minutes_per_day=24 * 60,
    )


def random_week(
    *, seed: int, clients: int, tracks: tuple[str, ...] = ("day", "evening"), series: int = 1
) -> Problem:
    """A random program: ``series`` morning and evening groups per weekday per track, mixed availability."""
    rng = random.Random(seed)
    groups = [
        group(
            f"{track}-{slot}{number}-{day}",
            weekday=day,
            span=span,
            track=track,
            capacity=rng.choice((4, 5, 6)),
            target=4,
            facilitator=f"{track}-{slot}{number}-lead",
            series_id=f"{track}-{slot}{number}",
        )
        for track in tracks
        for number in range(series)
        for slot, span in (("am", MORNING), ("pm", EVENING))
        for day in WEEKDAYS
    ]
    people = []
    for index in range(clients):
        days = rng.choice((3, 4, 5))
        free_days = tuple(sorted(rng.sample(WEEKDAYS, k=rng.choice((3, 4, 5)))))
        span = rng.choice(((8 * 60, 13 * 60), (17 * 60, 22 * 60), (8 * 60, 22 * 60)))
        people.append(
            client(
                f"client{index:03d}",
                days=days,
                minutes=days * 180,
                track=rng.choice(tracks),
                available=windows(days=free_days, span=span),
                day_part_preference=rng.choice((DayPart.DAY, DayPart.EVENING, None)),
                last_week_series_ids=frozenset({rng.choice([g.series for g in groups])}),
            )
        )
    return problem(people, groups)
