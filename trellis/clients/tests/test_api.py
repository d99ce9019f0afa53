"""The clients API: list and search, read, register, change; bad input names the field and writes nothing."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from conftest import World
from tests import factories as typed_factories
from trellis.accounts.models import User
from trellis.clients.models import Client
from trellis.privacy.models import AuditEvent

# factory_boy types a factory call as the factory, not the model instance it returns.
factories: Any = typed_factories

URL = "/api/v1/clients/"


def as_user(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_it_lists_the_clients_of_my_site(world: World) -> None:
    # given Alice at Northside, where Carol is treated
    # when she lists clients
    response = as_user(world.alice).get(URL)
    # then she sees Carol, with her chart number, and nobody from Lakeside
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(row["display_name"], row["chart_number"]) for row in rows] == [
        ("Carol Northcott", world.carol.chart_number)
    ]


def test_it_searches_by_name_and_chart_number(world: World) -> None:
    # given two Northside clients
    factories.ClientFactory(site=world.site_a, legal_first_name="Erin", legal_last_name="Osei")
    client = as_user(world.alice)
    # when searching by part of a name, and by chart number
    by_name = client.get(URL, {"search": "northc"}).json()["results"]
    by_chart = client.get(URL, {"search": world.carol.chart_number}).json()["results"]
    nobody = client.get(URL, {"search": "Lakewood"}).json()["results"]
    # then only the matching client comes back
    assert [row["id"] for row in by_name] == [str(world.carol.pk)]
    assert [row["id"] for row in by_chart] == [str(world.carol.pk)]
    assert nobody == []


def test_it_lists_only_clients_in_treatment_when_asked(world: World) -> None:
    # given a Northside client who is registered but not admitted
    factories.ClientFactory(site=world.site_a, legal_first_name="Erin", legal_last_name="Osei")
    # when listing active clients
    rows = as_user(world.alice).get(URL, {"active": "true"}).json()["results"]
    # then only Carol, who has an open episode, is listed
    assert [row["legal_first_name"] for row in rows] == ["Carol"]


def test_it_pages_the_list(world: World) -> None:
    # given three Northside clients
    for name in ("Ava", "Bea"):
        factories.ClientFactory(site=world.site_a, legal_first_name=name, legal_last_name="Aaron")
    # when asking for two at a time
    page = as_user(world.alice).get(URL, {"limit": 2, "offset": 2}).json()
    # then the count covers all and the last page holds the third
    assert page["count"] == 3
    assert [row["legal_last_name"] for row in page["results"]] == ["Northcott"]


def test_it_reads_a_client_with_contacts(world: World) -> None:
    # given Carol has an emergency contact
    world.carol.contacts.create(name="Rita Northcott", relationship="sister", is_emergency_contact=True)
    # when Nora opens her record
    body = as_user(world.nora).get(f"{URL}{world.carol.pk}/").json()
    # then the record and the contact come back
    assert body["legal_last_name"] == "Northcott"
    assert body["contacts"][0]["name"] == "Rita Northcott"
    assert body["contacts"][0]["is_emergency_contact"] is True


def test_it_registers_a_client_through_the_service(world: World) -> None:
    # given Amy in admissions
    payload = {
        "site": str(world.site_a.pk),
        "legal_first_name": "Erin",
        "legal_last_name": "Osei",
        "pronouns": "she/her",
        "date_of_birth": "1990-02-14",
        "populations": ["women", "veterans"],
    }
    # when she registers a client
    response = as_user(world.amy).post(URL, payload, format="json")
    # then the client exists with a chart number, and the registration is audited once
    assert response.status_code == 201, response.json()
    erin = Client.objects.get(pk=response.json()["id"])
    assert erin.chart_number.startswith("T")
    assert erin.populations == ["women", "veterans"]
    assert response.json()["chart_number"] == erin.chart_number
    assert list(AuditEvent.objects.filter(client=erin).values_list("action", flat=True)) == ["create"]


def test_it_changes_only_the_fields_sent(world: World) -> None:
    # given Carol's record
    # when Alice sets her preferred name and pronouns
    response = as_user(world.alice).patch(
        f"{URL}{world.carol.pk}/", {"preferred_name": "Caz", "pronouns": "they/them"}, format="json"
    )
    # then those change, the legal name stays, and the audit names the fields but not the values
    assert response.status_code == 200
    assert response.json()["display_name"] == "Caz Northcott"
    world.carol.refresh_from_db()
    assert (world.carol.legal_first_name, world.carol.pronouns) == ("Carol", "they/them")
    event = AuditEvent.objects.get(client=world.carol, action="update")
    assert event.detail == "changed preferred_name, pronouns"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"legal_first_name": "Erin"}, "legal_last_name"),
        ({"legal_first_name": "Erin", "legal_last_name": "Osei", "populations": ["martians"]}, "populations"),
        ({"legal_first_name": "Erin", "legal_last_name": "Osei", "email": "not an email"}, "email"),
        (
            {"legal_first_name": "Erin", "legal_last_name": "Osei", "date_of_birth": "14/02/1990"},
            "date_of_birth",
        ),
        ({"legal_first_name": "Erin", "legal_last_name": "Osei", "site": "not-a-uuid"}, "site"),
    ],
)
def test_it_refuses_bad_registrations_naming_the_field(
    world: World, payload: dict[str, Any], field: str
) -> None:
    # given a registration with one thing wrong
    payload = {"site": str(world.site_a.pk), **payload}
    clients_before = Client.objects.count()
    # when Amy sends it
    response = as_user(world.amy).post(URL, payload, format="json")
    # then it is refused naming the field, and nothing is written
    assert response.status_code == 400
    assert field in response.json()
    assert Client.objects.count() == clients_before
    assert not AuditEvent.objects.exists()


def test_it_refuses_to_blank_a_legal_name(world: World) -> None:
    # given Carol's record
    # when someone tries to clear her legal last name
    response = as_user(world.alice).patch(f"{URL}{world.carol.pk}/", {"legal_last_name": ""}, format="json")
    # then it is refused naming the field and the name stays
    assert response.status_code == 400
    assert "legal_last_name" in response.json()
    world.carol.refresh_from_db()
    assert world.carol.legal_last_name == "Northcott"


@pytest.mark.parametrize("url", [URL, f"{URL}?search=a"])
def test_it_lists_in_a_fixed_number_of_queries(world: World, url: str) -> None:
    # given a handful of Northside clients, then many more
    def queries() -> int:
        client = as_user(User.objects.get(pk=world.alice.pk))  # fresh, as in a real request
        client.get(url)  # her memberships, kept since, as on every later call
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    factories.ClientFactory.create_batch(3, site=world.site_a, legal_last_name="Adams")
    few = queries()
    factories.ClientFactory.create_batch(30, site=world.site_a, legal_last_name="Adams")
    # when the list is read again
    many = queries()
    # then it costs the same number of queries
    assert many == few
