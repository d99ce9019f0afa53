"""Family-session and psychiatric-visit pages for every role, another site and another organization.

Cami (case manager) and Alice (clinician) write family-session notes; Pete (peer specialist) sees no clinical
record; Bill bills; Bob works at Lakeside and Olga at another organization, so Carol is not found for them.
Priya, a prescriber at Northside, is the only one who writes a psychiatric visit note: a director is not a
prescriber by role (trellis/accounts/roles.py).
"""

import copy
import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from conftest import World
from tests import factories
from trellis.accounts.roles import Role
from trellis.billing.tests.billing_factories import attend
from trellis.medications.tests.factories import order_for, prescriber_at
from trellis.notes.clinical_services import create_family_note, create_psychiatric_note
from trellis.notes.tests.clinical_given import DAP, family

NOW = dt.datetime(2026, 11, 23, 18, 0, tzinfo=dt.UTC)
PERSONAS = ["cami", "pete", "alice", "bill", "bob", "dana", "olga", "priya", "anonymous"]
LOGIN = 302  # anonymous: sent to log in

MATRIX: dict[str, tuple[int, ...]] = {
    "family_new_carol": (200, 403, 200, 403, 404, 200, 404, 200, LOGIN),
    "psychiatric_new_carol": (403, 403, 403, 403, 404, 403, 404, 200, LOGIN),
    # Once written, both are individual notes: read by whoever reads Carol's clinical record.
    "family_note_carol": (200, 403, 200, 403, 404, 200, 404, 200, LOGIN),
    "psychiatric_note_carol": (200, 403, 200, 403, 404, 200, 404, 200, LOGIN),
    # Who came with each client to a multi-family group: whoever takes attendance at the session's site.
    "multi_family_session_a": (200, 200, 200, 403, 404, 200, 404, 200, LOGIN),
}
# A write allowed redirects to the new note (302 too, but not to the log-in page).
WRITES: dict[str, tuple[int, ...]] = {
    "family_new_carol": (302, 403, 302, 403, 404, 302, 404, 302, LOGIN),
    "psychiatric_new_carol": (403, 403, 403, 403, 404, 403, 404, 302, LOGIN),
    "multi_family_session_a": (302, 302, 302, 403, 404, 302, 404, 302, LOGIN),
}


@pytest.fixture(scope="module")
def people(module_world: World) -> dict[str, Any]:
    with time_machine.travel(NOW, tick=False):
        world = module_world
        staff = {
            name.lower(): factories.UserFactory.create(
                username=f"{name.lower()}.clinical",
                first_name=name,
                last_name="Test",
                role=role,
                organization=world.organization,
                sites=[world.site_a],
                programs=[world.program],
            )
            for name, role in (("Cami", Role.CASE_MANAGER), ("Pete", Role.PEER_SPECIALIST))
        }
        priya = prescriber_at(world)
        sister, _ = family(world)
        world.group_a.family_group = True
        world.group_a.save(update_fields=["family_group"])
        attendance = attend(world, world.carol, NOW.date())
        order = order_for(world.carol, priya)
        family_note = create_family_note(
            client=world.carol, author=world.alice, service_date=NOW.date(), duration_minutes=50,
            note_format="dap", sections=DAP, client_present=True, contacts=[sister],
        )  # fmt: skip
        psychiatric_note = create_psychiatric_note(
            client=world.carol, author=priya, service="medication_management", service_date=NOW.date(),
            duration_minutes=25, note_format="dap", sections=DAP, order_actions={order.pk: "reviewed"},
        )  # fmt: skip
    return {
        **staff, "priya": priya, "sister": sister, "order": order, "family_note": family_note,
        "psychiatric_note": psychiatric_note,
        "attendance": attendance,
    }  # fmt: skip


@pytest.fixture
def world(module_world: World, db: None) -> Iterator[World]:
    with time_machine.travel(NOW, tick=False):
        yield copy.deepcopy(module_world)


@pytest.fixture
def urls(world: World, people: dict[str, Any]) -> dict[str, str]:
    carol = {"client_pk": world.carol.pk}
    return {
        "family_new_carol": reverse("notes:family_new", kwargs=carol),
        "psychiatric_new_carol": reverse("notes:psychiatric_new", kwargs=carol),
        "family_note_carol": reverse("notes:individual", kwargs={"pk": people["family_note"].pk}),
        "psychiatric_note_carol": reverse("notes:individual", kwargs={"pk": people["psychiatric_note"].pk}),
        "multi_family_session_a": reverse(
            "notes:multi_family", kwargs={"session_pk": people["attendance"].session_id}
        ),
    }


def _bodies(people: dict[str, Any]) -> dict[str, dict[str, Any]]:
    common = {"format": "dap", "service_date": "2026-11-23", "duration_minutes": "45", **DAP}
    return {
        "family_new_carol": {**common, "client_present": "on", "participants": [str(people["sister"].pk)]},
        "psychiatric_new_carol": {
            **common,
            "service": "medication_management",
            f"order_{people['order'].pk}": "reviewed",
        },
        "multi_family_session_a": {
            "attendance": str(people["attendance"].pk),
            "participants": [str(people["sister"].pk)],
        },
    }


def _log_in(client: Any, world: World, people: dict[str, Any], persona: str) -> None:
    if persona != "anonymous":
        client.force_login(people.get(persona) or getattr(world, persona))


@pytest.mark.parametrize("page", MATRIX)
@pytest.mark.parametrize("persona", PERSONAS)
def test_it_allows_or_denies_each_page(
    world: World, client: Any, people: dict[str, Any], urls: dict[str, str], page: str, persona: str
) -> None:
    _log_in(client, world, people, persona)
    response = client.get(urls[page])
    assert response.status_code == MATRIX[page][PERSONAS.index(persona)]
    if persona == "anonymous":
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("action", WRITES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_it_allows_or_denies_each_write(
    world: World, client: Any, people: dict[str, Any], urls: dict[str, str], action: str, persona: str
) -> None:
    _log_in(client, world, people, persona)
    response = client.post(urls[action], _bodies(people)[action])
    assert response.status_code == WRITES[action][PERSONAS.index(persona)]
    if response.status_code == 302:
        went_to_log_in = response["Location"].startswith("/accounts/login/")
        assert went_to_log_in == (persona == "anonymous")
