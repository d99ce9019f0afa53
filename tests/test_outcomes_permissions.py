"""Outcome dashboards (issue 14) for every role: who may see which site's and program's figures.

Directors see every site of their organization and clinicians their own sites: the figures describe care, so
the staff who give and direct it read them. Billers have their own reports (billing:reports); admissions,
nurses, case managers, peer specialists and administrators see no outcome dashboard (minimum necessary:
small counts at a small site can point to a person). Another organization's site or program does not exist.
"""

import copy
from typing import Any

import pytest
from django.urls import reverse

from conftest import SupportStaff, World, _staff
from trellis.accounts.roles import Role

PERSONAS = ["cami", "pete", "alice", "bob", "amy", "nora", "bill", "dana", "adam", "olga"]

# page -> expected status for each persona, in PERSONAS order
MATRIX: dict[str, tuple[int, ...]] = {
    "network": (403, 403, 200, 200, 403, 403, 403, 200, 403, 200),
    "network_csv": (403, 403, 200, 200, 403, 403, 403, 200, 403, 200),
    "site_a": (403, 403, 200, 404, 403, 403, 403, 200, 403, 404),
    "site_a_csv": (403, 403, 200, 404, 403, 403, 403, 200, 403, 404),
    "site_b": (403, 403, 404, 200, 403, 403, 403, 200, 403, 404),
    "program": (403, 403, 200, 200, 403, 403, 403, 200, 403, 404),
    "program_csv": (403, 403, 200, 200, 403, 403, 403, 200, 403, 404),
}


@pytest.fixture
def world(module_world: World, db: None) -> World:
    return copy.deepcopy(module_world)


@pytest.fixture(scope="module")
def module_support(module_world: World) -> SupportStaff:
    return SupportStaff(
        cami=_staff("Cami", Role.CASE_MANAGER, [module_world.site_a], module_world.program),
        pete=_staff("Pete", Role.PEER_SPECIALIST, [module_world.site_a], module_world.program),
    )


def _urls(world: World) -> dict[str, str]:
    return {
        "network": reverse("outcomes:network"),
        "network_csv": reverse("outcomes:network_csv"),
        "site_a": reverse("outcomes:site", kwargs={"pk": world.site_a.pk}),
        "site_a_csv": reverse("outcomes:site_csv", kwargs={"pk": world.site_a.pk}),
        "site_b": reverse("outcomes:site", kwargs={"pk": world.site_b.pk}),
        "program": reverse("outcomes:program", kwargs={"pk": world.program.pk}),
        "program_csv": reverse("outcomes:program_csv", kwargs={"pk": world.program.pk}),
    }


def _persona(world: World, support: SupportStaff, name: str) -> Any:
    return getattr(support, name) if name in ("cami", "pete") else getattr(world, name)


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_answers_each_role_as_designed(
    world: World, module_support: SupportStaff, client: Any, persona: str
) -> None:
    # given a member of staff
    client.force_login(_persona(world, module_support, persona))
    urls = _urls(world)
    # when they open each dashboard and export
    answers = {page: client.get(url).status_code for page, url in urls.items()}
    # then each answers as the matrix says
    expected = {page: MATRIX[page][PERSONAS.index(persona)] for page in MATRIX}
    assert answers == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_the_header_link_only_to_those_who_may_open_it(
    world: World, module_support: SupportStaff, client: Any, persona: str
) -> None:
    client.force_login(_persona(world, module_support, persona))
    page = client.get(reverse("today")).content.decode()
    may = MATRIX["network"][PERSONAS.index(persona)] == 200
    assert (f'href="{reverse("outcomes:network")}"' in page) is may


def test_it_sends_anonymous_visitors_to_log_in(world: World, client: Any) -> None:
    for url in _urls(world).values():
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
