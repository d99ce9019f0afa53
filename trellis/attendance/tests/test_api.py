"""The attendance API: record and correct through the service; impossible input names the field, writes nothing."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from conftest import World
from tests import factories as typed_factories
from trellis.accounts.models import User
from trellis.attendance import services
from trellis.attendance.models import AttendanceRecord
from trellis.privacy.models import AuditEvent

# factory_boy types a factory call as the factory, not the model instance it returns.
factories: Any = typed_factories

URL = "/api/v1/attendance/"


def as_user(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def session(world: World) -> Any:
    return factories.GroupSessionFactory(group=world.group_a, date=dt.date(2026, 11, 23))


def at(session: Any, minutes: int) -> str:
    moment: dt.datetime = session.starts_at + dt.timedelta(minutes=minutes)
    return moment.isoformat()


def test_it_records_a_late_arrival_with_its_minutes(world: World, session: Any) -> None:
    # given Monday's three-hour group
    payload = {
        "session": str(session.pk),
        "client": str(world.carol.pk),
        "status": "late",
        "arrived_at": at(session, 30),
    }
    # when Nora marks Carol late by half an hour
    response = as_user(world.nora).post(URL, payload, format="json")
    # then the record is created with 150 minutes and the change is audited
    assert response.status_code == 201, response.json()
    assert (response.json()["status"], response.json()["minutes_attended"]) == ("late", 150)
    assert (
        AuditEvent.objects.filter(client=world.carol, action="create", detail="attendance: late").count() == 1
    )


def test_it_corrects_a_record_sent_again(world: World, session: Any) -> None:
    # given Carol was marked absent
    client = as_user(world.alice)
    payload = {"session": str(session.pk), "client": str(world.carol.pk), "status": "unexcused"}
    assert client.post(URL, payload, format="json").status_code == 201
    # when she is marked present for the same session
    response = client.post(URL, {**payload, "status": "present"}, format="json")
    # then the one record is corrected (200) and the audit shows what it was
    assert response.status_code == 200
    assert AttendanceRecord.objects.get().minutes_attended == 180
    assert AuditEvent.objects.filter(detail="attendance: unexcused -> present").count() == 1


def test_it_corrects_a_record_by_its_address(world: World, session: Any) -> None:
    # given Carol was marked present
    record = services.record_attendance(
        session=session, client=world.carol, status="present", recorded_by=world.alice
    )
    # when Alice says she left an hour before the end
    payload = {"status": "left_early", "left_at": at(session, 120)}
    response = as_user(world.alice).put(f"{URL}{record.pk}/", payload, format="json")
    # then the record carries the new status and minutes
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["minutes_attended"]) == ("left_early", 120)


def test_it_lists_by_session_and_by_client(world: World, session: Any) -> None:
    # given Carol's attendance on two days
    wednesday = factories.GroupSessionFactory(group=world.group_a, date=dt.date(2026, 11, 25))
    for each in (session, wednesday):
        services.record_attendance(
            session=each, client=world.carol, status="present", recorded_by=world.alice
        )
    client = as_user(world.bill)
    # when Bill lists by session, then by client
    by_session = client.get(URL, {"session": str(session.pk)}).json()["results"]
    by_client = client.get(URL, {"client": str(world.carol.pk)}).json()["results"]
    # then he gets one and then both, in date order
    assert [row["session_date"] for row in by_session] == ["2026-11-23"]
    assert [row["session_date"] for row in by_client] == ["2026-11-23", "2026-11-25"]


def test_it_refuses_a_departure_before_arrival(world: World, session: Any) -> None:
    # given Carol arriving an hour in and leaving half an hour in
    payload = {
        "session": str(session.pk),
        "client": str(world.carol.pk),
        "status": "left_early",
        "arrived_at": at(session, 60),
        "left_at": at(session, 30),
    }
    # when it is recorded
    response = as_user(world.alice).post(URL, payload, format="json")
    # then it is refused naming left_at, and nothing is written
    assert response.status_code == 400
    assert response.json() == {"left_at": ["Departure must be after arrival."]}
    assert not AttendanceRecord.objects.exists()
    assert not AuditEvent.objects.exists()


def test_it_refuses_a_client_not_on_the_roster(world: World, session: Any) -> None:
    # given Erin, a Northside client Alice may see, who is not enrolled in the session's track
    erin = factories.ClientFactory(site=world.site_a, legal_first_name="Erin")
    payload = {"session": str(session.pk), "client": str(erin.pk), "status": "present"}
    # when Alice records her as present
    response = as_user(world.alice).post(URL, payload, format="json")
    # then it is refused naming the client, and nothing is written
    assert response.status_code == 400
    assert "not on the session's roster" in response.json()["client"][0]
    assert not AttendanceRecord.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"status": "asleep"}, "status"),
        ({"status": "late"}, "arrived_at"),  # late with no arrival time
        ({"status": "unexcused", "arrived_at": "2026-11-23T14:10:00Z"}, "arrived_at"),
        ({"status": "present", "arrived_at": "not a time"}, "arrived_at"),
        ({"session": "00000000-0000-0000-0000-000000000000"}, "session"),
    ],
)
def test_it_refuses_impossible_attendance(
    world: World, session: Any, changes: dict[str, Any], field: str
) -> None:
    # given a record with one thing wrong
    payload = {"session": str(session.pk), "client": str(world.carol.pk), "status": "present", **changes}
    # when it is sent
    response = as_user(world.alice).post(URL, payload, format="json")
    # then it names the field and writes nothing
    assert response.status_code == 400
    assert field in response.json()
    assert not AttendanceRecord.objects.exists()


def test_it_refuses_a_bad_correction_and_keeps_the_record(world: World, session: Any) -> None:
    # given Carol marked present
    record = services.record_attendance(
        session=session, client=world.carol, status="present", recorded_by=world.alice
    )
    # when a correction has her leave before she arrived
    payload = {"status": "left_early", "arrived_at": at(session, 60), "left_at": at(session, 30)}
    response = as_user(world.alice).put(f"{URL}{record.pk}/", payload, format="json")
    # then it names left_at and the record is as it was
    assert response.status_code == 400
    assert "left_at" in response.json()
    record.refresh_from_db()
    assert (record.status, record.minutes_attended) == ("present", 180)


def test_it_lists_in_a_fixed_number_of_queries(world: World, session: Any) -> None:
    # given a session's attendance that grows
    world.track_a.capacity = 50
    world.track_a.save(update_fields=["capacity"])

    def queries() -> int:
        client = as_user(User.objects.get(pk=world.alice.pk))
        client.get(URL, {"session": str(session.pk)})  # her memberships, kept since, as on every later call
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, {"session": str(session.pk)}).status_code == 200
        return len(captured)

    def attend(count: int) -> None:
        for _ in range(count):
            episode = factories.EpisodeFactory(
                client=factories.ClientFactory(site=world.site_a), program=world.program
            )
            factories.EnrollmentFactory(episode=episode, track=world.track_a, phase=world.phase3)
            services.record_attendance(
                session=session, client=episode.client, status="present", recorded_by=world.alice
            )

    attend(2)
    few = queries()
    attend(20)
    # when the list is read again
    many = queries()
    # then it costs the same
    assert many == few
