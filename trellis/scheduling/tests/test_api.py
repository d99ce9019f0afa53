"""The groups and sessions API: set up a group, list sessions by day or span, open a session's roster."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from conftest import World
from tests import factories as typed_factories
from trellis.accounts.models import User
from trellis.attendance import services as attendance_services
from trellis.privacy.models import AuditEvent
from trellis.scheduling.models import RecurringGroup

# factory_boy types a factory call as the factory, not the model instance it returns.
factories: Any = typed_factories

GROUPS = "/api/v1/groups/"
SESSIONS = "/api/v1/sessions/"
MONDAY = dt.date(2026, 11, 23)


def as_user(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def group_payload(world: World, **changes: Any) -> dict[str, Any]:
    return {
        "track": str(world.track_a.pk),
        "name": "Relapse prevention",
        "weekdays": [1, 3],
        "starts_at": "13:00",
        "duration_minutes": 90,
        "room": str(world.group_a.room_id),
        "facilitator": world.alice.pk,
        "active_from": "2026-12-01",
        **changes,
    }


def test_it_lists_the_groups_of_my_sites(world: World) -> None:
    # given a group at each site
    # when Alice (Northside) and Dana (both) list groups
    alices = as_user(world.alice).get(GROUPS).json()["results"]
    danas = as_user(world.dana).get(GROUPS, {"track": str(world.track_b.pk)}).json()["results"]
    # then Alice sees Northside's, and Dana can narrow to Lakeside's track
    assert [(row["name"], row["weekdays"]) for row in alices] == [("Morning process group", [0, 2, 4])]
    assert [row["name"] for row in danas] == ["Evening process group"]


def test_it_creates_a_group_through_the_service(world: World) -> None:
    # given Adam, who sets programs up
    # when he creates a Tuesday/Thursday group
    response = as_user(world.adam).post(GROUPS, group_payload(world, weekdays=[3, 1, 3]), format="json")
    # then it exists, its days cleaned up, and its creation is audited (with no client)
    assert response.status_code == 201, response.json()
    assert response.json()["weekdays"] == [1, 3]
    group = RecurringGroup.objects.get(pk=response.json()["id"])
    assert AuditEvent.objects.get(object_id=str(group.pk)).client_id is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"weekdays": []}, "weekdays"),
        ({"weekdays": [7]}, "weekdays"),
        ({"duration_minutes": 10}, "duration_minutes"),
        ({"starts_at": "25:00"}, "starts_at"),
        ({"facilitator": 0}, "facilitator"),
    ],
)
def test_it_refuses_a_bad_group(world: World, changes: dict[str, Any], field: str) -> None:
    # given a group with one thing wrong
    # when Dana creates it
    response = as_user(world.dana).post(GROUPS, group_payload(world, **changes), format="json")
    # then it names the field and writes nothing
    assert response.status_code == 400
    assert field in response.json()
    assert RecurringGroup.objects.count() == 2


def test_it_refuses_a_room_at_another_site(world: World) -> None:
    # given a Lakeside room, which Dana may use, and the Northside track
    lakeside_room = world.group_b.room_id
    # when she puts a Northside group in it
    payload = group_payload(world, room=str(lakeside_room))
    response = as_user(world.dana).post(GROUPS, payload, format="json")
    # then the service refuses it naming the room
    assert response.status_code == 400
    assert "another site" in response.json()["room"][0]
    assert RecurringGroup.objects.count() == 2


def test_it_lists_sessions_by_day_and_by_span(world: World) -> None:
    # given group A meets Monday, Wednesday and Friday
    for day in (MONDAY, MONDAY + dt.timedelta(days=2), MONDAY + dt.timedelta(days=4)):
        factories.GroupSessionFactory(group=world.group_a, date=day)
    client = as_user(world.alice)
    # when Alice asks for Monday, and for Monday to Wednesday
    monday = client.get(SESSIONS, {"date": "2026-11-23"}).json()
    span = client.get(SESSIONS, {"from": "2026-11-23", "to": "2026-11-25"}).json()
    # then she gets one, then two sessions, in order
    assert [row["date"] for row in monday["results"]] == ["2026-11-23"]
    assert [row["date"] for row in span["results"]] == ["2026-11-23", "2026-11-25"]
    assert monday["results"][0]["group_name"] == "Morning process group"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date": "2026-11-23", "from": "2026-11-23", "to": "2026-11-24"}, "date"),
        ({"from": "2026-11-23"}, "to"),
        ({"to": "2026-11-23"}, "from"),
        ({"from": "2026-11-23", "to": "2026-11-22"}, "to"),
        ({"from": "2026-01-01", "to": "2026-12-31"}, "to"),
        ({"date": "yesterday"}, "date"),
    ],
)
def test_it_refuses_a_bad_span(world: World, params: dict[str, str], field: str) -> None:
    # given a query with one thing wrong
    # when Alice lists sessions with it
    response = as_user(world.alice).get(SESSIONS, params)
    # then it names the parameter
    assert response.status_code == 400
    assert field in response.json()


def test_it_shows_a_session_with_its_roster_and_attendance(world: World) -> None:
    # given Monday's session; Carol is enrolled and was marked present, Erin enrolled and not yet marked
    session = factories.GroupSessionFactory(group=world.group_a, date=MONDAY)
    attendance_services.record_attendance(
        session=session, client=world.carol, status="present", recorded_by=world.alice
    )
    erin = factories.ClientFactory(site=world.site_a, legal_first_name="Erin", legal_last_name="Adams")
    factories.EnrollmentFactory(
        episode=factories.EpisodeFactory(client=erin, program=world.program),
        track=world.track_a,
        phase=world.phase1,
    )
    # when Nora opens it
    body = as_user(world.nora).get(f"{SESSIONS}{session.pk}/").json()
    # then the roster lists both in name order, with Carol's attendance and none yet for Erin
    roster = [
        (line["client_name"], line["attendance"] and line["attendance"]["status"]) for line in body["roster"]
    ]
    assert roster == [("Erin Adams", None), ("Carol Northcott", "present")]
    assert body["roster"][1]["attendance"]["minutes_attended"] == 180


def test_it_shows_administrators_a_session_without_its_clients(world: World) -> None:
    # given Monday's session with Carol on its roster
    session = factories.GroupSessionFactory(group=world.group_a, date=MONDAY)
    # when Adam, an administrator, opens it
    body = as_user(world.adam).get(f"{SESSIONS}{session.pk}/").json()
    # then he sees the session but no client, and nothing is logged as viewed
    assert (body["group_name"], body["roster"]) == ("Morning process group", [])
    assert not AuditEvent.objects.exists()


def test_it_opens_a_session_in_a_fixed_number_of_queries(world: World) -> None:
    # given a session whose roster grows
    session = factories.GroupSessionFactory(group=world.group_a, date=MONDAY)
    world.track_a.capacity = 50
    world.track_a.save(update_fields=["capacity"])

    def queries() -> int:
        client = as_user(User.objects.get(pk=world.alice.pk))
        client.get(f"{SESSIONS}{session.pk}/")  # her memberships, kept since, as on every later call
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{SESSIONS}{session.pk}/").status_code == 200
        return len(captured)

    def enroll(count: int) -> None:
        for _ in range(count):
            episode = factories.EpisodeFactory(
                client=factories.ClientFactory(site=world.site_a), program=world.program
            )
            factories.EnrollmentFactory(episode=episode, track=world.track_a, phase=world.phase3)
            attendance_services.record_attendance(
                session=session, client=episode.client, status="present", recorded_by=world.alice
            )

    enroll(2)
    few = queries()
    enroll(20)
    # when it is opened again
    many = queries()
    # then it costs the same
    assert many == few
