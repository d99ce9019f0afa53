"""/api/v1/measures/responses/: a client's measures, scoped to who may see them and audited; created through the service."""

from typing import Any

import pytest
from rest_framework.test import APIClient

from conftest import World
from trellis.measures.models import MeasureResponse, SafetyTask
from trellis.measures.tests import given
from trellis.privacy.models import AuditEvent

URL = "/api/v1/measures/responses/"


def as_user(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def measures(world: World) -> None:
    given.record(world.carol, world.alice, answers=given.phq9(1))
    given.record(world.dave, world.bob)


@pytest.mark.parametrize(
    ("persona", "status", "clients"),
    [
        ("alice", 200, {"Carol"}),
        ("bob", 200, {"Dave"}),
        ("nora", 200, {"Carol"}),
        ("dana", 200, {"Carol", "Dave"}),
        ("bill", 403, None),  # billing sees attendance, never clinical measures
        ("amy", 403, None),
        ("adam", 403, None),
    ],
)
def test_it_lists_only_the_measures_a_persona_may_see(
    world: World, measures: None, persona: str, status: int, clients: set[str] | None
) -> None:
    response = as_user(getattr(world, persona)).get(URL)
    assert response.status_code == status
    if clients is not None:
        names = {world.carol.pk: "Carol", world.dave.pk: "Dave"}
        assert {
            names[MeasureResponse.objects.get(pk=r["id"]).client_id] for r in response.json()["results"]
        } == clients


def test_it_hides_carol_from_bob_even_when_asked_by_id(world: World, measures: None) -> None:
    response = as_user(world.bob).get(URL, {"client": str(world.carol.pk)})
    assert response.json()["results"] == []


def test_it_audits_each_client_listed(world: World, measures: None) -> None:
    as_user(world.alice).get(URL, {"client": str(world.carol.pk)})
    assert AuditEvent.objects.filter(client=world.carol, action="view", detail="api measures").count() == 1


def test_it_records_a_measure_and_its_safety_task(world: World) -> None:
    # when
    body = {"client": str(world.carol.pk), "instrument": "phq9", "answers": given.phq9(2)}
    response = as_user(world.alice).post(URL, body, format="json")
    # then
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["total"], data["band"], data["reported_by"]) == (7, "mild", "staff")
    assert data["safety_tasks"] == [str(SafetyTask.objects.get().pk)]


def test_it_refuses_incomplete_answers_naming_the_item_and_saves_nothing(world: World) -> None:
    body = {"client": str(world.carol.pk), "instrument": "phq9", "answers": [0, 0, None, 0, 0, 0, 0, 0, 0]}
    response = as_user(world.alice).post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json()["item"] == 3
    assert not MeasureResponse.objects.exists()


def test_it_refuses_a_client_out_of_reach_as_not_existing(world: World) -> None:
    body = {"client": str(world.carol.pk), "instrument": "phq9", "answers": [0] * 9}
    response = as_user(world.bob).post(URL, body, format="json")
    assert response.status_code == 400
    assert "does not exist" in response.json()["client"][0]
    assert not MeasureResponse.objects.exists()


def test_it_refuses_billing_a_write(world: World) -> None:
    body = {"client": str(world.carol.pk), "instrument": "phq9", "answers": [0] * 9}
    assert as_user(world.bill).post(URL, body, format="json").status_code == 403
