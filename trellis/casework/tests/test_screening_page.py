"""A case manager screens a client's social needs from the chart; positive domains become needs and problems."""

import copy
import re
from typing import Any

import pytest
import time_machine
from django.test import Client as Browser
from django.urls import reverse

from conftest import World
from trellis.casework.models import CaseNeed, NeedsScreening
from trellis.casework.tests.given import NOW, form_data, screened
from trellis.plans import services as plan_services
from trellis.plans.models import Problem, TreatmentPlan
from trellis.privacy.models import AuditEvent

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


def test_it_saves_a_screen_and_lists_its_positive_domains(world: World, support_staff: Any) -> None:
    # given Cami, case manager at Northside, on Carol's screen
    browser = _as(support_staff.cami)
    url = reverse("casework:screen", args=[world.carol.pk])
    assert "What is your living situation today?" in browser.get(url).content.decode()
    # when she records "no steady place" and food running out
    response = browser.post(url, form_data(living_situation="no_steady", food_ran_out="often"), follow=True)
    # then the result shows the two positive domains, each with a way onto the treatment plan
    page = response.content.decode()
    screening = NeedsScreening.objects.get(client=world.carol)
    assert screening.positive_domains == ["housing", "food"]
    assert screening.screened_by == support_staff.cami
    assert page.count("Add to treatment plan</button>") == 2
    # and both are open needs on the case plan
    assert sorted(CaseNeed.objects.filter(episode__client=world.carol).values_list("domain", flat=True)) == [
        "food",
        "housing",
    ]


def test_it_refuses_an_unanswered_question_keeping_the_answers_given(
    world: World, support_staff: Any
) -> None:
    # given Cami's screen with the transportation question left out
    data = form_data(living_situation="worried")
    del data["transport"]
    # when she saves it
    response = _as(support_staff.cami).post(reverse("casework:screen", args=[world.carol.pk]), data)
    # then it is refused, names the question, keeps what she chose, and stores nothing
    page = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was saved" in page
    assert "Choose an answer." in page
    assert re.search(r'<input[^>]*value="worried"[^>]*checked', page)
    assert NeedsScreening.objects.count() == 0
    assert CaseNeed.objects.count() == 0


def test_it_adds_a_positive_domain_to_the_draft_plan_once(world: World, support_staff: Any) -> None:
    # given a screen with housing positive and Carol's plan in draft
    screening = screened(client=world.carol, by=support_staff.cami, living_situation="no_steady")
    plan = plan_services.create_plan(episode=world.carol_enrollment.episode, created_by=world.alice)
    browser = _as(support_staff.cami)
    url = reverse("casework:add_to_plan", args=[screening.pk, "housing"])
    # when Cami adds housing to the plan
    page = browser.post(url, follow=True).content.decode()
    # then the draft has the housing problem, and the screen says it is already there
    assert list(plan.problems.values_list("statement", flat=True)) == [
        "Housing instability or unsafe housing (social needs screen: living situation positive)."
    ]
    assert "Already on the treatment plan" in page
    # and adding it again is refused, changing nothing
    again = browser.post(url)
    assert again.status_code == 400
    assert "already on the treatment plan" in again.content.decode()
    assert plan.problems.count() == 1


def test_it_adds_to_a_signed_plan_by_starting_a_new_version(world: World, support_staff: Any) -> None:
    # given Carol's plan is active (signed), as the plans app leaves it
    episode = world.carol_enrollment.episode
    active = TreatmentPlan.objects.create(
        episode=episode, created_by=world.alice, status="active", effective_on=NOW.date()
    )
    screening = screened(client=world.carol, by=support_staff.cami, transport="yes")
    # when Cami adds transportation
    _as(support_staff.cami).post(reverse("casework:add_to_plan", args=[screening.pk, "transport"]))
    # then the signed version is untouched and a new draft version carries the problem
    draft = TreatmentPlan.objects.get(episode=episode, status="draft")
    assert draft.version == active.version + 1
    assert draft.supersedes == active
    assert active.problems.count() == 0
    assert draft.problems.get().statement.startswith("Lack of reliable transportation")


def test_it_refuses_a_domain_the_screen_did_not_find(world: World, support_staff: Any) -> None:
    screening = screened(client=world.carol, by=support_staff.cami, transport="yes")
    response = _as(support_staff.cami).post(reverse("casework:add_to_plan", args=[screening.pk, "housing"]))
    assert response.status_code == 400
    assert Problem.objects.count() == 0


def test_its_audit_events_name_no_answer(world: World, support_staff: Any) -> None:
    # given a screen with housing and safety positive, added to the plan
    screening = screened(
        client=world.carol, by=support_staff.cami, living_situation="no_steady", safety_hurt="5", safety_scream="5",
        safety_insult="1", safety_threaten="1",
    )  # fmt: skip
    _as(support_staff.cami).post(reverse("casework:add_to_plan", args=[screening.pk, "housing"]))
    # then every event is on Carol's trail, and none spells out a domain, an answer or her name
    details = list(AuditEvent.objects.filter(client_id=world.carol.pk).values_list("detail", flat=True))
    assert "social needs screen recorded, 2 positive domains" in details
    words = ("housing", "safety", "steady", "shelter", "Carol", "Northcott", "hurt")
    assert [d for d in details if any(w.lower() in d.lower() for w in words)] == []


def test_the_chart_shows_the_screen_due_then_its_result(world: World, support_staff: Any) -> None:
    browser = _as(support_staff.cami)
    chart = reverse("clients:chart", args=[world.carol.pk])
    # given Carol, admitted Nov 2 and never screened: her screen is overdue
    assert "Social needs screen overdue" in browser.get(chart).content.decode()
    # when she is screened with housing positive
    screened(client=world.carol, by=support_staff.cami, living_situation="worried")
    # then the chart shows the result and the open need, and the next screen 90 days on
    page = browser.get(chart).content.decode()
    assert "1 positive domain" in page
    assert ">Housing</span>" in page
    assert "Next social needs screen Feb 23, 2027" in page


def test_the_chart_has_no_casework_panel_for_a_peer_specialist(world: World, support_staff: Any) -> None:
    page = _as(support_staff.pete).get(reverse("clients:chart", args=[world.carol.pk])).content.decode()
    assert "Social needs and case plan" not in page
