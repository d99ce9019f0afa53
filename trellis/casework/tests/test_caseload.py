"""The caseload: a case manager's clients with open needs, next task and screen state, in constant queries."""

import copy
import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import World
from tests import factories
from trellis.casework import services
from trellis.casework.tests.given import NOW, screened

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world(module_world: World, db: None) -> World:
    return copy.deepcopy(module_world)


def _as(user: Any) -> Browser:
    browser = Browser()
    browser.force_login(user)
    return browser


def _client_on_caseload(world: World, cami: Any, name: str) -> Any:
    client = factories.ClientFactory.create(site=world.site_a, legal_first_name=name, legal_last_name="Casey")
    episode = factories.EpisodeFactory.create(client=client, program=world.program)
    services.assign_case_manager(episode=episode, case_manager=cami, assigned_by=cami)
    services.add_need(episode=episode, domain="food", description="Food", added_by=cami)
    services.add_task(
        episode=episode, goal=None, description=f"Call {name}", owner=cami, due_on=dt.date(2026, 11, 20),
        added_by=cami,
    )  # fmt: skip
    screened(client=client, by=cami)
    return client


def test_it_lists_my_clients_with_needs_tasks_and_screens(world: World, support_staff: Any) -> None:
    cami = support_staff.cami
    _client_on_caseload(world, cami, "Wren")
    page = _as(cami).get(reverse("casework:caseload")).content.decode()
    assert "Wren Casey" in page
    assert "Call Wren" in page
    assert "1 overdue" in page
    assert "Nov 25, 2026" in page  # screened today
    assert world.carol.display_name not in page  # not assigned to her


def test_it_runs_the_same_queries_for_one_client_or_five(world: World, support_staff: Any) -> None:
    cami = support_staff.cami
    browser = _as(cami)
    _client_on_caseload(world, cami, "Ash")
    browser.get(reverse("casework:caseload"))
    cache.clear()  # read afresh: kept memberships and counts would differ by state
    with CaptureQueriesContext(connection) as one:
        browser.get(reverse("casework:caseload"))
    for name in ("Bo", "Cy", "Di", "Ed"):
        _client_on_caseload(world, cami, name)
    cache.clear()  # read afresh: kept memberships and counts would differ by state
    with CaptureQueriesContext(connection) as five:
        page = browser.get(reverse("casework:caseload")).content.decode()
    assert page.count("Casey</a>") == 5
    assert len(five) == len(one)


def test_a_director_reads_a_case_managers_caseload(world: World, support_staff: Any) -> None:
    _client_on_caseload(world, support_staff.cami, "Fay")
    page = _as(world.dana).get(reverse("casework:caseload"), {"case_manager": support_staff.cami.pk})
    assert "Fay Casey" in page.content.decode()


def test_a_case_manager_cannot_pick_another_caseload(world: World, support_staff: Any) -> None:
    _client_on_caseload(world, support_staff.cami, "Gus")
    page = _as(world.alice).get(reverse("casework:caseload"), {"case_manager": support_staff.cami.pk})
    assert "Gus Casey" not in page.content.decode()


def test_a_director_of_another_organization_sees_nothing_of_it(world: World, support_staff: Any) -> None:
    _client_on_caseload(world, support_staff.cami, "Hal")
    response = _as(world.olga).get(reverse("casework:caseload"), {"case_manager": support_staff.cami.pk})
    assert response.status_code == 404
