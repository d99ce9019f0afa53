"""A small Northside week for schedule tests: two day groups and a handful of clients, time frozen mid-week."""

import datetime as dt
from typing import Any

from tests import factories

NOW = dt.datetime(2026, 11, 18, 15, 0, tzinfo=dt.UTC)  # Wednesday; next week starts Monday 2026-11-23
NEXT_MONDAY = dt.date(2026, 11, 23)


def add_afternoon_group(world: Any) -> Any:
    """Tuesday/Thursday afternoons in Northside's day track, so a 3-day client can mix days."""
    return factories.RecurringGroupFactory.create(
        track=world.track_a,
        facilitator=world.alice,
        name="Afternoon skills group",
        weekdays=[1, 3],
        starts_at=dt.time(13, 0),
    )


def enroll(world: Any, first_name: str, *, phase: Any = None, starts_on: dt.date | None = None) -> Any:
    client = factories.ClientFactory.create(site=world.site_a, legal_first_name=first_name)
    episode = factories.EpisodeFactory.create(client=client, program=world.program)
    factories.EnrollmentFactory.create(
        episode=episode,
        track=world.track_a,
        phase=phase or world.phase3,
        days_per_week=(phase or world.phase3).days_per_week,
        starts_on=starts_on or episode.admitted_on,
    )
    return client
