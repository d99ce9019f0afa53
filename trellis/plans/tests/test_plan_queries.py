"""The plan page and the due list run a number of queries that does not grow with objectives or clients."""

import datetime as dt
from typing import Any

import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from trellis.plans.choices import PlanStatus
from trellis.plans.models import TreatmentPlan
from trellis.plans.tests.given import draft_plan, signed_plan

NOW = dt.datetime(2026, 11, 18, 15, 0, tzinfo=dt.UTC)


def _queries(user: Any, url: str) -> int:
    cache.clear()  # the page read afresh: Today keeps its parts rendered (attendance.today_kept)
    browser = Browser()
    browser.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _plan_page_queries(world: Any, episode: Any, objectives: int, *, signed: bool) -> int:
    build = signed_plan if signed else draft_plan
    with time_machine.travel(NOW, tick=False):
        plan = build(episode=episode, author=world.alice, problems=2, objectives=objectives // 2)
        return _queries(world.alice, reverse("plans:plan", args=[plan.pk]))


def test_it_reads_the_plan_page_in_constant_queries(world: Any) -> None:
    # given two plans of 10 and 100 objectives, as drafts (with every add form) and signed
    other = factories.EpisodeFactory.create(
        client=factories.ClientFactory.create(site=world.site_a), program=world.program
    )
    small = _plan_page_queries(world, world.carol_enrollment.episode, 10, signed=False)
    large = _plan_page_queries(world, other, 100, signed=False)
    # then the page costs the same
    assert small == large, (small, large)


def test_it_reads_the_signed_plan_page_and_pdf_in_constant_queries(world: Any) -> None:
    other = factories.EpisodeFactory.create(
        client=factories.ClientFactory.create(site=world.site_a), program=world.program
    )
    small = _plan_page_queries(world, world.carol_enrollment.episode, 10, signed=True)
    large = _plan_page_queries(world, other, 100, signed=True)
    assert small == large, (small, large)


def _clients_with_plans_due(world: Any, count: int) -> None:
    """`count` clients whose plans were signed 26 days ago, and a tenth as many with unsigned drafts."""
    for n in range(count + count // 10):
        episode = factories.EpisodeFactory.create(
            client=factories.ClientFactory.create(site=world.site_a), program=world.program
        )
        signed = n < count
        TreatmentPlan.objects.create(
            episode=episode,
            status=PlanStatus.ACTIVE if signed else PlanStatus.DRAFT,
            effective_on=dt.date(2026, 10, 23) if signed else None,
            created_by=world.alice,
        )


def test_it_reads_the_due_list_and_today_in_constant_queries(world: Any) -> None:
    # given 10 clients with reviews due, then 100
    _clients_with_plans_due(world, 10)
    with time_machine.travel(NOW, tick=False):
        small = (_queries(world.alice, reverse("plans:due")), _queries(world.alice, reverse("today")))
    _clients_with_plans_due(world, 90)
    with time_machine.travel(NOW, tick=False):
        browser = Browser()
        browser.force_login(world.alice)
        assert browser.get(reverse("plans:due")).content.decode().count("Due in 4 days") == 100
        cache.clear()  # Today afresh both times: its worklist panel is kept per reader (worklist.kept)
        large = (_queries(world.alice, reverse("plans:due")), _queries(world.alice, reverse("today")))

    # then neither page's query count grows with the clients
    assert small == large, (small, large)
