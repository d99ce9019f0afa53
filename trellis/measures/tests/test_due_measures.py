"""Which scheduled measures are due or overdue for the clients a user sees, in a fixed number of queries."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from trellis.accounts.models import User
from trellis.measures import selectors, services
from trellis.measures.schedule import DueState
from trellis.measures.tests import given

pytestmark = pytest.mark.django_db
MONDAY = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)  # 10:00 in New York; Carol admitted Nov 2


@pytest.fixture
def schedules(world: Any) -> None:
    for instrument, every in (("phq9", 14), ("gad7", 14), ("bam", 7)):
        services.set_measure_schedule(
            program=world.program, instrument=instrument, every_days=every, set_by=world.dana
        )


def _states(user: Any) -> dict[tuple[str, str], tuple[DueState, dt.date]]:
    return {
        (d.client.legal_first_name, d.due.instrument): (d.due.state, d.due.due_on)
        for d in selectors.list_due_measures(user=user, now=MONDAY)
    }


@time_machine.travel(MONDAY, tick=False)
def test_it_lists_what_is_due_or_overdue_and_skips_what_is_upcoming(world: Any, schedules: None) -> None:
    # given Carol had a PHQ-9 on Nov 10 (next Nov 24) and a BAM on Nov 16 (due today); never a GAD-7
    given.record(world.carol, world.alice, administered_at=dt.datetime(2026, 11, 10, 15, 0, tzinfo=dt.UTC))
    bam = [0] * 13 + [0] + [0] * 3
    given.record(
        world.carol,
        world.alice,
        instrument="bam",
        answers=bam,
        administered_at=dt.datetime(2026, 11, 16, 15, 0, tzinfo=dt.UTC),
    )
    # when / then
    assert _states(world.alice) == {
        ("Carol", "bam"): (DueState.DUE, dt.date(2026, 11, 23)),
        ("Carol", "gad7"): (DueState.OVERDUE, dt.date(2026, 11, 2)),
    }


def test_it_shows_bob_only_his_own_clients(world: Any, schedules: None) -> None:
    assert {name for name, _ in _states(world.bob)} == {"Dave"}
    assert {name for name, _ in _states(world.dana)} == {"Carol", "Dave"}
    assert _states(world.bill) == {}


def test_it_ignores_discharged_clients(world: Any, schedules: None) -> None:
    episode = world.carol_enrollment.episode
    episode.discharged_on, episode.discharge_reason = dt.date(2026, 11, 20), 1
    episode.save()
    assert _states(world.alice) == {}


def _add_clients(world: Any, count: int) -> None:
    for _ in range(count):
        client = factories.ClientFactory.create(site=world.site_a)
        factories.EpisodeFactory.create(client=client, program=world.program)
        given.record(client, world.alice)


@time_machine.travel(MONDAY, tick=False)
def test_it_runs_the_same_queries_for_10_and_100_clients(world: Any, schedules: None) -> None:
    _add_clients(world, 10)
    cache.clear()  # read afresh: kept memberships and counts would differ by state
    with CaptureQueriesContext(connection) as with_10:
        selectors.list_due_measures(user=User.objects.get(pk=world.alice.pk), now=MONDAY)
    _add_clients(world, 90)
    cache.clear()  # read afresh: kept memberships and counts would differ by state
    with CaptureQueriesContext(connection) as with_100:
        due = selectors.list_due_measures(user=User.objects.get(pk=world.alice.pk), now=MONDAY)
    assert len(due) >= 100
    assert len(with_10) == len(with_100)
