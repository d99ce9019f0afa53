"""Synthetic IOP programs for the scheduling benchmark, the same program for the same seed.

A program has sites; each site runs a day track (morning 09:00-12:00 and afternoon 13:00-16:00 groups)
and an evening track (18:00-21:00), every recurring group meeting Monday to Friday for three hours, with
about one recurring group per 15 clients and some groups for women only. Clients look like a real census:
day workers who can only come in the evening (some not every evening), people free all day, people free
only in the morning, parents free during school hours, and a few whose track no longer fits their hours.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from trellis.scheduling.solver import Client, DayPart, Facilitator, Group, Phase, Problem, Room, Window

WEEKDAYS = (0, 1, 2, 3, 4)
SLOTS = {"morning": (9 * 60, 12 * 60), "afternoon": (13 * 60, 16 * 60), "evening": (18 * 60, 21 * 60)}
TRACK_OF_SLOT = {"morning": "day", "afternoon": "day", "evening": "evening"}
GROUP_MINUTES = 180
TARGET_SIZE = 12
CAPACITY = 14
OCCURRENCES_PER_CLINICIAN = 10  # 30 h of groups a week; the rest is individual work
# Phase mix: (days a week, share of the census); the weekly minimum is days x 3 hours (ASAM 2.1 >= 9 h).
PHASES = ((5, 0.2), (4, 0.3), (3, 0.5))


@dataclass(frozen=True)
class Persona:
    """A kind of client: track, the hours they can come, and which group slots those hours fit."""

    name: str
    share: float
    track: str
    span: tuple[int, int]
    slots: tuple[str, ...]


PERSONAS = (
    Persona("day worker", 0.42, "evening", (17 * 60 + 30, 21 * 60 + 30), ("evening",)),
    Persona("free all day", 0.28, "day", (8 * 60, 17 * 60), ("morning", "afternoon")),
    Persona("mornings only", 0.12, "day", (8 * 60, 12 * 60 + 30), ("morning",)),
    Persona("school hours", 0.15, "day", (9 * 60, 14 * 60 + 30), ("morning",)),
    Persona("new job, still on day track", 0.03, "day", (17 * 60 + 30, 21 * 60 + 30), ()),
)


def sites_for(clients: int) -> int:
    """One site per ~400 clients, as a growing provider opens clinics."""
    return max(1, round(clients / 400))


def generate_program(clients: int, *, seed: int) -> Problem:
    """A whole program of about ``clients`` clients, deterministic for the seed."""
    rng = random.Random(seed)
    site_count = sites_for(clients)
    all_clients: list[Client] = []
    all_groups: list[Group] = []
    all_staff: list[Facilitator] = []
    all_rooms: list[Room] = []
    for site_index in range(site_count):
        site = f"site{site_index + 1}"
        share = clients // site_count + (1 if site_index < clients % site_count else 0)
        census = [_persona_for(rng) for _ in range(share)]
        groups, staff, rooms = _site_groups(site, census, rng)
        all_groups += groups
        all_staff += staff
        all_rooms += rooms
        all_clients += [_client(site, i, persona, groups, rng) for i, persona in enumerate(census)]
    return Problem(
        clients=tuple(all_clients),
        groups=tuple(all_groups),
        facilitators=tuple(all_staff),
        rooms=tuple(all_rooms),
    )


def _persona_for(rng: random.Random) -> tuple[Persona, int]:
    persona = rng.choices(PERSONAS, weights=[p.share for p in PERSONAS])[0]
    days = rng.choices([d for d, _ in PHASES], weights=[w for _, w in PHASES])[0]
    return persona, days


def _series_per_slot(census: list[tuple[Persona, int]]) -> dict[str, int]:
    demand: dict[str, float] = dict.fromkeys(SLOTS, 0.0)
    for persona, days in census:
        for slot in persona.slots:
            demand[slot] += days / len(persona.slots)
    # Size to the target with ~5% slack, the way a program plans groups for its census.
    return {slot: max(1, math.ceil(demand[slot] * 1.05 / (len(WEEKDAYS) * TARGET_SIZE))) for slot in SLOTS}


def _site_groups(
    site: str, census: list[tuple[Persona, int]], rng: random.Random
) -> tuple[list[Group], list[Facilitator], list[Room]]:
    series = _series_per_slot(census)
    groups: list[Group] = []
    rooms = [
        Room(id=f"{site}-room{i + 1}", capacity=rng.choice((12, 14, 16, 16)))
        for i in range(max(series.values()))
    ]
    staff: list[Facilitator] = []
    for track in ("day", "evening"):
        slots = [slot for slot in SLOTS if TRACK_OF_SLOT[slot] == track]
        occurrences = sum(series[slot] for slot in slots) * len(WEEKDAYS)
        pool_size = max(
            max(series[slot] for slot in slots), math.ceil(occurrences / OCCURRENCES_PER_CLINICIAN)
        )
        pool = [_clinician(f"{site}-{track}-clin{i + 1}", track) for i in range(pool_size)]
        staff += pool
        for slot in slots:
            groups += _slot_groups(site, slot, series[slot], pool, rooms)
    return groups, staff, rooms


def _slot_groups(site: str, slot: str, count: int, pool: list[Facilitator], rooms: list[Room]) -> list[Group]:
    start, end = SLOTS[slot]
    groups = []
    for index in range(count):
        series_id = f"{site}-{slot}{index + 1}"
        women_only = count >= 3 and index == count - 1
        for weekday in WEEKDAYS:
            # Rotate clinicians by weekday so each runs a mix of groups; within a slot they never collide.
            clinician = pool[(index + weekday * 3 + (1 if slot == "afternoon" else 0) * count) % len(pool)]
            groups.append(
                Group(
                    id=f"{series_id}-d{weekday}",
                    site=site,
                    tracks=frozenset({TRACK_OF_SLOT[slot]}),
                    weekday=weekday,
                    start=start,
                    duration=end - start,
                    capacity=CAPACITY,
                    target_size=TARGET_SIZE,
                    facilitator_id=clinician.id,
                    room_id=rooms[index].id,
                    day_part=DayPart.EVENING if slot == "evening" else DayPart.DAY,
                    series_id=series_id,
                    required_credential="LADC",
                    population="women" if women_only else None,
                )
            )
    return groups


def _clinician(clinician_id: str, track: str) -> Facilitator:
    span = (8 * 60, 17 * 60) if track == "day" else (12 * 60, 22 * 60)
    return Facilitator(
        id=clinician_id,
        credentials=frozenset({"LADC", "LCSW"}),
        availability=tuple(Window(weekday=d, start=span[0], end=span[1]) for d in WEEKDAYS),
        max_minutes_per_day=8 * 60,
    )


def _client(
    site: str, index: int, persona_days: tuple[Persona, int], groups: list[Group], rng: random.Random
) -> Client:
    persona, days = persona_days
    available_days = list(WEEKDAYS)
    if rng.random() < 0.25:
        # Second jobs, custody days and appointments take out one or two weekdays.
        for day in rng.sample(WEEKDAYS, k=rng.choice((1, 2))):
            available_days.remove(day)
    woman = rng.random() < 0.35
    track_series = sorted(
        {g.series for g in groups if persona.track in g.tracks and (woman or g.population is None)}
    )
    last_week = (
        frozenset(rng.sample(track_series, k=1)) if track_series and rng.random() < 0.7 else frozenset()
    )
    return Client(
        id=f"{site}-client{index + 1:04d}",
        site=site,
        track=persona.track,
        phase=Phase(days_per_week=days, min_weekly_minutes=days * GROUP_MINUTES),
        availability=tuple(
            Window(weekday=d, start=persona.span[0], end=persona.span[1]) for d in available_days
        ),
        attributes=frozenset({"women"}) if woman else frozenset(),
        day_part_preference=_preference(persona, rng),
        population_preference="women" if woman and rng.random() < 0.5 else None,
        last_week_series_ids=last_week,
    )


def _preference(persona: Persona, rng: random.Random) -> DayPart | None:
    if persona.track == "evening":
        return DayPart.EVENING
    if persona.name == "free all day":
        # Free clients still often prefer a morning or afternoon; only those picky ones count as preferring day.
        return DayPart.DAY if rng.random() < 0.5 else None
    return DayPart.DAY
