"""The case plan of an episode: needs, goals and tasks; who is assigned; overdue tasks on the worklist."""

import copy
import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import World
from trellis.casework import services
from trellis.casework.models import CaseAssignment, CaseNeed, CaseTask
from trellis.casework.tests.given import NOW
from trellis.worklist import selectors as worklist
from trellis.worklist.items import Kind

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


def test_it_keeps_needs_goals_and_tasks(world: World, support_staff: Any) -> None:
    # given Cami on Carol's case plan
    episode = world.carol_enrollment.episode
    browser = _as(support_staff.cami)
    # when she adds a legal need, a goal for it and a task she owns
    browser.post(
        reverse("casework:add_need", args=[episode.pk]),
        {"need-domain": "legal", "need-description": "Court date on Dec 10 about a license suspension"},
    )
    need = CaseNeed.objects.get(episode=episode)
    browser.post(
        reverse("casework:add_goal", args=[episode.pk]),
        {"goal-description": "License reinstated", "goal-need": need.pk},
    )
    goal = need.goals.get()
    browser.post(
        reverse("casework:add_task", args=[episode.pk]),
        {
            "task-description": "Call legal aid for an appointment",
            "task-owner": support_staff.cami.pk,
            "task-due_on": "2026-11-27",
            "task-goal": goal.pk,
        },
    )
    # then the case plan shows all three
    page = browser.get(reverse("casework:case_plan", args=[episode.pk])).content.decode()
    assert "Court date on Dec 10" in page
    assert "License reinstated" in page
    assert "Call legal aid for an appointment" in page
    # and marking the need met and the task done keeps them, changed
    task = CaseTask.objects.get()
    browser.post(reverse("casework:need_status", args=[need.pk]), {"status": "met"})
    browser.post(reverse("casework:complete_task", args=[task.pk]))
    need.refresh_from_db()
    task.refresh_from_db()
    assert need.status == "met"
    assert task.done_on == dt.date(2026, 11, 25)


def test_it_refuses_a_task_without_a_due_date_keeping_what_was_typed(
    world: World, support_staff: Any
) -> None:
    episode = world.carol_enrollment.episode
    response = _as(support_staff.cami).post(
        reverse("casework:add_task", args=[episode.pk]),
        {"task-description": "Ask about bus passes", "task-owner": support_staff.cami.pk, "task-due_on": ""},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="Ask about bus passes"' in page
    assert "This field is required." in page
    assert CaseTask.objects.count() == 0


def test_it_refuses_a_second_open_need_in_one_domain(world: World, support_staff: Any) -> None:
    episode = world.carol_enrollment.episode
    services.add_need(episode=episode, domain="food", description="Food bank", added_by=support_staff.cami)
    response = _as(support_staff.cami).post(
        reverse("casework:add_need", args=[episode.pk]),
        {"need-domain": "food", "need-description": "Groceries"},
    )
    assert response.status_code == 400
    assert "already has an open need" in response.content.decode()
    assert CaseNeed.objects.count() == 1


def test_a_case_manager_assigns_herself_but_only_a_director_assigns_another(
    world: World, support_staff: Any
) -> None:
    episode = world.carol_enrollment.episode
    url = reverse("casework:assign", args=[episode.pk])
    # when Alice (clinician) tries to give Carol to Cami, it is refused
    assert _as(world.alice).post(url, {"assign-case_manager": support_staff.cami.pk}).status_code == 400
    assert not CaseAssignment.objects.exists()
    # Cami takes Carol herself
    _as(support_staff.cami).post(url, {"assign-case_manager": support_staff.cami.pk})
    assert CaseAssignment.objects.get().case_manager == support_staff.cami
    # and Dana, the director, hands her to Alice
    _as(world.dana).post(url, {"assign-case_manager": world.alice.pk})
    assert CaseAssignment.objects.get().case_manager == world.alice


def test_an_overdue_task_is_on_its_owners_worklist(world: World, support_staff: Any) -> None:
    # given a task Cami owns, due yesterday
    episode = world.carol_enrollment.episode
    services.add_task(
        episode=episode, goal=None, description="Drop off the housing application", owner=support_staff.cami,
        due_on=dt.date(2026, 11, 24), added_by=support_staff.cami,
    )  # fmt: skip
    # then it is on the worklist, under Cami, overdue, without its text
    items = [i for i in worklist.list_items(user=support_staff.cami, now=NOW) if i.kind is Kind.CASE_TASK]
    assert [(i.staff.name, i.client_name, i.overdue, i.what) for i in items] == [
        ("Cami Test", world.carol.display_name, True, "Case plan task due Nov 24")
    ]


def test_a_screen_due_is_on_the_worklist_of_the_assigned_case_manager(
    world: World, support_staff: Any
) -> None:
    episode = world.carol_enrollment.episode
    services.assign_case_manager(
        episode=episode, case_manager=support_staff.cami, assigned_by=support_staff.cami
    )
    items = [i for i in worklist.list_items(user=support_staff.cami, now=NOW) if i.kind is Kind.NEEDS_SCREEN]
    assert [(i.staff.name, i.client_name, i.due_on, i.overdue) for i in items] == [
        ("Cami Test", world.carol.display_name, dt.date(2026, 11, 2), True)
    ]


def test_it_refuses_reopening_a_need_when_its_domain_has_another_open_one(
    world: World, support_staff: Any
) -> None:
    episode = world.carol_enrollment.episode
    cami = support_staff.cami
    met = services.add_need(episode=episode, domain="food", description="Food bank", added_by=cami)
    services.set_need_status(need=met, status="met", changed_by=cami)
    services.add_need(episode=episode, domain="food", description="Groceries again", added_by=cami)
    response = _as(cami).post(reverse("casework:need_status", args=[met.pk]), {"status": "open"})
    assert response.status_code == 400
    assert "already has another open need" in response.content.decode()
    met.refresh_from_db()
    assert met.status == "met"


def test_the_case_plan_page_runs_the_same_queries_for_few_rows_or_many(
    world: World, support_staff: Any
) -> None:
    episode, cami = world.carol_enrollment.episode, support_staff.cami
    browser = _as(cami)
    url = reverse("casework:case_plan", args=[episode.pk])

    def grow(n: int) -> None:
        goal = services.add_goal(episode=episode, need=None, description=f"Goal {n}", added_by=cami)
        for day in (20, 30):
            services.add_task(
                episode=episode, goal=goal, description=f"Task {n}", owner=cami,
                due_on=dt.date(2026, 11, day), added_by=cami,
            )  # fmt: skip

    grow(0)
    browser.get(url)
    with CaptureQueriesContext(connection) as few:
        browser.get(url)
    for n in range(1, 5):
        grow(n)
    browser.get(url)  # the nav's count, kept per reader, is read again once after each change
    with CaptureQueriesContext(connection) as many:
        page = browser.get(url).content.decode()
    assert page.count("Mark done") == 10
    assert len(many) == len(few)
