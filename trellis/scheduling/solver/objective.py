"""What makes one schedule better than another, and an independent check of the hard rules.

``evaluate`` scores any set of placements from the raw problem, never from a solver's own model, so the
CP-SAT schedule and the greedy baseline are compared on exactly the same terms, and a solver bug that
breaks a hard rule shows up as a violation instead of hiding inside the model.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from trellis.scheduling.solver.eligibility import admits, effective_capacities, fits_availability
from trellis.scheduling.solver.model import Client, ClientWeek, Group, Placement, Problem


@dataclass(frozen=True)
class Weights:
    """Costs of the soft rules, all in one place. Larger means the solver tries harder to avoid it.

    The shortfall weights dwarf the others on purpose: the weekly minimum is a hard rule (ASAM 2.1 asks
    >= 9 h/week for adults) that is only relaxed for a client whose availability or the program's capacity
    makes it impossible, so no preference may ever be bought with a missed day. Among shortfalls, the
    number of clients below their minimum counts first: a client at 9 h/week is in IOP, one at 6 h is not,
    so it is better that one client misses two days than two clients one day each.
    """

    unmet: int = 1_000_000  # per client below their phase's days or minutes
    day_short: int = 100_000  # per required day the client is not scheduled
    minute_short: int = 500  # per minute below the phase's weekly minimum
    moved: int = 60  # per published placement taken away (re-solves should move as few people as possible)
    day_part: int = 20  # per placement outside the client's day/evening preference
    cohort: int = 10  # per placement outside the recurring groups the client attended last week
    population: int = 8  # per placement outside the client's preferred population group (e.g. women's)
    size: int = 3  # per client above or below a group's target size (10-12 is the clinical target)
    load: int = 2  # per client a facilitator sees beyond their fair share of the site's week

    @property
    def shortfall_terms(self) -> tuple[str, ...]:
        return ("unmet", "days_short", "minutes_short")


DEFAULT_WEIGHTS = Weights()
SOFT_TERMS = ("moved", "day_part", "cohort", "population", "size", "load")


@dataclass(frozen=True)
class Evaluation:
    """A schedule's hard-rule violations, per-client totals and weighted cost per term."""

    violations: tuple[str, ...]
    client_weeks: tuple[ClientWeek, ...]
    breakdown: dict[str, int]

    @property
    def soft(self) -> int:
        """The weighted preference cost, leaving out minimum-hours shortfall."""
        return sum(self.breakdown[term] for term in SOFT_TERMS)

    @property
    def total(self) -> int:
        return sum(self.breakdown.values())

    @property
    def clients_meeting_minimum(self) -> int:
        return sum(week.meets_minimum for week in self.client_weeks)


def preference_costs(client: Client, group: Group, weights: Weights) -> tuple[int, int, int]:
    """(day/evening, cohort, population) cost of placing this client in this group."""
    day_part = weights.day_part if client.day_part_preference not in (None, group.day_part) else 0
    changed_cohort = client.last_week_series_ids and group.series not in client.last_week_series_ids
    cohort = weights.cohort if changed_cohort else 0
    population = weights.population if client.population_preference not in (None, group.population) else 0
    return day_part, cohort, population


def fair_loads(problem: Problem) -> dict[str, int]:
    """Facilitator id -> placements they would see if the site's demand were spread evenly over its groups."""
    demand: Counter[str] = Counter()
    for client in problem.clients:
        demand[client.site] += client.phase.days_per_week
    open_groups = [g for g in problem.groups if g.weekday not in problem.holidays and g.facilitator_id]
    per_site = Counter(g.site for g in open_groups)
    per_facilitator: Counter[tuple[str, str]] = Counter((g.site, g.facilitator_id or "") for g in open_groups)
    fair: Counter[str] = Counter()
    for (site, facilitator_id), count in per_facilitator.items():
        fair[facilitator_id] += math.ceil(demand[site] * count / per_site[site])
    return dict(fair)


def evaluate(
    problem: Problem, placements: Iterable[Placement], weights: Weights = DEFAULT_WEIGHTS
) -> Evaluation:
    """Score placements against the problem: violations of hard rules plus every weighted cost."""
    chosen = sorted(set(placements))
    clients = {c.id: c for c in problem.clients}
    groups = {g.id: g for g in problem.groups}
    known = [p for p in chosen if p.client_id in clients and p.group_id in groups]
    by_client: dict[str, list[Group]] = defaultdict(list)
    for placement in known:
        by_client[placement.client_id].append(groups[placement.group_id])
    violations = [*_unknown_references(chosen, clients, groups), *_hard_violations(problem, known, by_client)]
    weeks = tuple(_client_week(client, by_client[client.id]) for client in problem.clients)
    breakdown = _breakdown(problem, by_client, weights)
    return Evaluation(violations=tuple(violations), client_weeks=weeks, breakdown=breakdown)


def _client_week(client: Client, attended: list[Group]) -> ClientWeek:
    minutes = sum(g.duration for g in attended)
    days = len({g.weekday for g in attended})
    meets = minutes >= client.phase.min_weekly_minutes and days >= client.phase.days_per_week
    return ClientWeek(client_id=client.id, minutes=minutes, days=days, meets_minimum=meets)


def _unknown_references(
    chosen: list[Placement], clients: dict[str, Client], groups: dict[str, Group]
) -> Iterator[str]:
    for placement in chosen:
        if placement.client_id not in clients or placement.group_id not in groups:
            yield f"Placement {placement.client_id} -> {placement.group_id} names an unknown client or group."


def _hard_violations(
    problem: Problem, known: list[Placement], by_client: dict[str, list[Group]]
) -> Iterator[str]:
    for client in problem.clients:
        yield from _client_violations(client, by_client[client.id], problem.holidays)
    capacity = effective_capacities(problem)
    sizes = Counter(p.group_id for p in known)
    for group_id, size in sorted(sizes.items()):
        if size > capacity[group_id]:
            yield f"Group {group_id} has {size} clients but seats {capacity[group_id]}."
    yield from _staff_violations(problem, set(sizes))


def _client_violations(client: Client, attended: list[Group], holidays: frozenset[int]) -> Iterator[str]:
    attended_ids = {g.id for g in attended}
    for group in attended:
        if group.id in client.manual_group_ids:
            continue
        if not admits(client, group):
            yield f"Client {client.id} is in group {group.id}, outside their site, track or population."
        if group.weekday in holidays:
            yield f"Client {client.id} is in group {group.id} on a holiday."
        if not fits_availability(client, group):
            yield f"Client {client.id} is in group {group.id} outside their availability."
    days = Counter(g.weekday for g in attended)
    if any(count > 1 for count in days.values()):
        yield f"Client {client.id} is in more than one group on the same day."
    if len(days) > client.phase.days_per_week:
        yield f"Client {client.id} attends {len(days)} days; the phase allows {client.phase.days_per_week}."
    for group_id in sorted(client.manual_group_ids - attended_ids):
        yield f"Client {client.id}'s manual placement in {group_id} was not kept."


def _staff_violations(problem: Problem, used: set[str]) -> Iterator[str]:
    facilitators = {f.id: f for f in problem.facilitators}
    active = [g for g in problem.groups if g.id in used]
    for group in active:
        facilitator = facilitators.get(group.facilitator_id or "")
        if facilitator is None or group.room_id is None:
            yield f"Group {group.id} runs without a facilitator or room."
        elif group.required_credential and group.required_credential not in facilitator.credentials:
            yield f"Group {group.id} is run by {facilitator.id}, who lacks {group.required_credential}."
    for key in ("facilitator", "room"):
        booked: dict[tuple[str, int], list[Group]] = defaultdict(list)
        for group in active:
            owner = group.facilitator_id if key == "facilitator" else group.room_id
            booked[(owner or "", group.weekday)].append(group)
        for (owner, _), same_day in sorted(booked.items()):
            same_day.sort(key=lambda g: g.start)
            if any(b.start < a.end for a, b in itertools.pairwise(same_day)):
                yield f"The {key} {owner} is in two groups at once."


def _breakdown(problem: Problem, by_client: dict[str, list[Group]], weights: Weights) -> dict[str, int]:
    terms: Counter[str] = Counter({term: 0 for term in (*weights.shortfall_terms, *SOFT_TERMS)})
    group_ids = {g.id for g in problem.groups}
    for client in problem.clients:
        attended = by_client[client.id]
        days_short = max(0, client.phase.days_per_week - len({g.weekday for g in attended}))
        minutes_short = max(0, client.phase.min_weekly_minutes - sum(g.duration for g in attended))
        terms["unmet"] += weights.unmet * (days_short > 0 or minutes_short > 0)
        terms["days_short"] += weights.day_short * days_short
        terms["minutes_short"] += weights.minute_short * minutes_short
        kept = {g.id for g in attended}
        terms["moved"] += weights.moved * len((client.published_group_ids & group_ids) - kept)
        for group in attended:
            day_part, cohort, population = preference_costs(client, group, weights)
            terms["day_part"] += day_part
            terms["cohort"] += cohort
            terms["population"] += population
    sizes = Counter(g.id for attended in by_client.values() for g in attended)
    load: Counter[str] = Counter()
    for group in problem.groups:
        if group.weekday in problem.holidays:
            continue
        terms["size"] += weights.size * abs(sizes[group.id] - group.target_size)
        load[group.facilitator_id or ""] += sizes[group.id]
    for facilitator_id, fair in fair_loads(problem).items():
        terms["load"] += weights.load * max(0, load[facilitator_id] - fair)
    return dict(terms)
