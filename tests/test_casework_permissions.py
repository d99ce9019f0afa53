"""Every casework page and action for each role: case manager, peer specialist, clinician, biller, the other
site's clinician, the director, another organization's director, and nobody signed in.

Cami (case manager) and Pete (peer recovery specialist) work at Northside with Alice; Bob at Lakeside must not
find Carol's casework (404); Olga directs another organization (404 for every Riverside object). A peer
specialist and a biller do no case management (403). Anonymous visitors are sent to sign in (302).
"""

import copy
from typing import Any

import pytest
import time_machine
from django.test import Client as Browser
from django.urls import reverse

from conftest import World
from tests import factories
from trellis.accounts.roles import Role
from trellis.casework import services
from trellis.casework.tests.given import NOW, screened

PERSONAS = ["cami", "pete", "alice", "bill", "bob", "dana", "olga", "anonymous"]

# page -> expected status of a GET for each persona, in PERSONAS order
MATRIX: dict[str, tuple[int, ...]] = {
    "caseload": (200, 403, 200, 403, 200, 200, 200, 302),
    "screen_carol": (200, 403, 200, 403, 404, 200, 404, 302),
    "screening_carol": (200, 403, 200, 403, 404, 200, 404, 302),
    "case_plan_carol": (200, 403, 200, 403, 404, 200, 404, 302),
    # From the chart: a redirect to the open episode's case plan.
    "client_case_plan_carol": (302, 403, 302, 403, 404, 302, 404, 302),
}
# POSTs. An empty form is refused on the page (400) past the role and site checks; the others redirect back.
WRITES: dict[str, tuple[int, ...]] = {
    "screen_carol": (400, 403, 400, 403, 404, 400, 404, 302),
    "add_to_plan_carol": (302, 403, 302, 403, 404, 302, 404, 302),
    "add_need_carol": (400, 403, 400, 403, 404, 400, 404, 302),
    "add_goal_carol": (400, 403, 400, 403, 404, 400, 404, 302),
    "add_task_carol": (400, 403, 400, 403, 404, 400, 404, 302),
    "assign_carol": (400, 403, 400, 403, 404, 400, 404, 302),
    "need_status_carol": (302, 403, 302, 403, 404, 302, 404, 302),
    "complete_task_carol": (302, 403, 302, 403, 404, 302, 404, 302),
}
BODIES: dict[str, dict[str, str]] = {"need_status_carol": {"status": "met"}}


@pytest.fixture
def world(module_world: World, db: None) -> World:
    return copy.deepcopy(module_world)


@pytest.fixture(scope="module")
def people(module_world: World) -> dict[str, Any]:
    def staff(name: str, role: str) -> Any:
        return factories.UserFactory.create(
            username=name.lower(), first_name=name, last_name="Test", role=role, sites=[module_world.site_a],
            programs=[module_world.program],
        )  # fmt: skip

    return {"cami": staff("Cami", Role.CASE_MANAGER), "pete": staff("Pete", Role.PEER_SPECIALIST)}


@pytest.fixture(scope="module")
def urls(module_world: World, people: dict[str, Any]) -> dict[str, str]:
    world, cami = module_world, people["cami"]
    episode = world.carol_enrollment.episode
    with time_machine.travel(NOW, tick=False):
        screening = screened(client=world.carol, by=cami, living_situation="no_steady")
        need = services.add_need(episode=episode, domain="legal", description="Court", added_by=cami)
        task = services.add_task(
            episode=episode, goal=None, description="Call", owner=cami, due_on=NOW.date(), added_by=cami
        )
    episode_pk = {"pk": episode.pk}
    return {
        "caseload": reverse("casework:caseload"),
        "screen_carol": reverse("casework:screen", kwargs={"client_pk": world.carol.pk}),
        "screening_carol": reverse("casework:screening", kwargs={"pk": screening.pk}),
        "case_plan_carol": reverse("casework:case_plan", kwargs=episode_pk),
        "client_case_plan_carol": reverse("casework:client", kwargs={"client_pk": world.carol.pk}),
        "add_to_plan_carol": reverse(
            "casework:add_to_plan", kwargs={"pk": screening.pk, "domain": "housing"}
        ),
        "add_need_carol": reverse("casework:add_need", kwargs=episode_pk),
        "add_goal_carol": reverse("casework:add_goal", kwargs=episode_pk),
        "add_task_carol": reverse("casework:add_task", kwargs=episode_pk),
        "assign_carol": reverse("casework:assign", kwargs=episode_pk),
        "need_status_carol": reverse("casework:need_status", kwargs={"pk": need.pk}),
        "complete_task_carol": reverse("casework:complete_task", kwargs={"pk": task.pk}),
    }


def _browser(world: World, people: dict[str, Any], persona: str) -> Browser:
    browser = Browser()
    if persona != "anonymous":
        browser.force_login(people.get(persona) or getattr(world, persona))
    return browser


@pytest.mark.parametrize("page", MATRIX)
@pytest.mark.parametrize("persona", PERSONAS)
def test_it_allows_or_denies_each_page(
    world: World, people: dict[str, Any], urls: dict[str, str], page: str, persona: str
) -> None:
    with time_machine.travel(NOW, tick=False):
        response = _browser(world, people, persona).get(urls[page])
    assert response.status_code == MATRIX[page][PERSONAS.index(persona)]
    if persona in ("bob", "olga") and response.status_code == 200:
        assert "Northcott" not in response.content.decode()


@pytest.mark.parametrize("action", WRITES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_it_allows_or_denies_each_write(
    world: World, people: dict[str, Any], urls: dict[str, str], action: str, persona: str
) -> None:
    with time_machine.travel(NOW, tick=False):
        response = _browser(world, people, persona).post(urls[action], BODIES.get(action, {}))
    assert response.status_code == WRITES[action][PERSONAS.index(persona)]
    if persona == "anonymous":
        assert "/login" in response["Location"] or "login" in response["Location"]
