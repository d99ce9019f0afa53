"""A tap carries the version of the record the roster showed: a tap on a record changed since is refused,
says what the record is now and who set it, and changes nothing."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from conftest import World
from tests import factories as typed_factories
from trellis.attendance import services
from trellis.attendance.models import AttendanceRecord
from trellis.core.versions import StaleEdit
from trellis.privacy.models import AuditEvent

factories: Any = typed_factories
Status = AttendanceRecord.Status
HTMX = {"HTTP_HX_REQUEST": "true"}
AFTER_SESSION = dt.datetime(2026, 11, 23, 18, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def after_session() -> Any:
    with time_machine.travel(AFTER_SESSION, tick=True):
        yield


@pytest.fixture
def session(world: World) -> Any:
    return factories.GroupSessionFactory(group=world.group_a, date=dt.date(2026, 11, 23))


@pytest.fixture
def recorded(world: World, session: Any) -> AttendanceRecord:
    """Carol marked present by Alice: the roster now shows version 1."""
    return services.record_attendance(
        session=session,
        client=world.carol,
        status=Status.PRESENT,
        recorded_by=world.alice,
        expected_version=0,
    )


def test_it_refuses_the_second_of_two_taps_from_the_same_roster(
    world: World, session: Any, recorded: AttendanceRecord
) -> None:
    # given Alice and Nora both see Carol as present (version 1); Nora taps excused first
    services.record_attendance(
        session=session, client=world.carol, status=Status.EXCUSED, recorded_by=world.nora, expected_version=1
    )

    # when Alice taps unexcused from the same, older roster
    with pytest.raises(StaleEdit) as refused:
        services.record_attendance(
            session=session,
            client=world.carol,
            status=Status.UNEXCUSED,
            recorded_by=world.alice,
            expected_version=1,
        )

    # then she is told what it is now and who set it, and Nora's tap stands
    message = refused.value.messages[0]
    assert "Nora" in message
    assert "It is now Excused absence" in message
    record = AttendanceRecord.objects.get(pk=recorded.pk)
    assert (record.status, record.version, record.recorded_by) == (Status.EXCUSED, 2, world.nora)
    assert not AuditEvent.objects.filter(detail__contains="-> unexcused").exists()


def test_it_refuses_a_first_tap_on_a_record_someone_else_created(
    world: World, session: Any, recorded: AttendanceRecord
) -> None:
    # when Nora taps from a roster that showed Carol not recorded yet (version 0)
    with pytest.raises(StaleEdit):
        services.record_attendance(
            session=session, client=world.carol, status=Status.LATE, recorded_by=world.nora,
            arrived_at=session.starts_at + dt.timedelta(minutes=20), expected_version=0,
        )  # fmt: skip

    # then Alice's record is untouched
    assert AttendanceRecord.objects.get(pk=recorded.pk).status == Status.PRESENT


def test_it_applies_taps_made_in_turn(world: World, session: Any, recorded: AttendanceRecord) -> None:
    # when each tap starts from the version the previous one left
    for version, status in enumerate([Status.UNEXCUSED, Status.EXCUSED, Status.PRESENT], start=1):
        services.record_attendance(
            session=session,
            client=world.carol,
            status=status,
            recorded_by=world.alice,
            expected_version=version,
        )

    # then all three land, in order, each audited
    assert AttendanceRecord.objects.get(pk=recorded.pk).version == 4
    changes = AuditEvent.objects.filter(detail__contains=" -> ").order_by("occurred_at")
    assert list(changes.values_list("detail", flat=True)) == [
        "attendance: present -> unexcused",
        "attendance: unexcused -> excused",
        "attendance: excused -> present",
    ]


def test_the_roster_row_shows_the_record_as_it_is_now(
    world: World, client: Any, session: Any, recorded: AttendanceRecord
) -> None:
    # given Nora changed Carol to excused after Alice's roster was drawn
    services.record_attendance(
        session=session, client=world.carol, status=Status.EXCUSED, recorded_by=world.nora, expected_version=1
    )
    client.force_login(world.alice)

    # when Alice taps unexcused on her old roster
    url = reverse("attendance:record", kwargs={"pk": session.pk, "client_pk": world.carol.pk})
    html = client.post(url, {"status": Status.UNEXCUSED, "version": "1"}, **HTMX).content.decode()

    # then the row says so and shows excused, carrying the new version for her next tap
    assert "changed by Nora" in html
    assert "It is now Excused absence" in html
    assert 'aria-pressed="true">Excused' in html
    assert 'name="version" value="2"' in html
    assert AttendanceRecord.objects.get(pk=recorded.pk).status == Status.EXCUSED


def test_the_api_answers_409_with_what_is_stored(
    world: World, session: Any, recorded: AttendanceRecord
) -> None:
    # given the record moved on to version 2
    services.record_attendance(
        session=session, client=world.carol, status=Status.EXCUSED, recorded_by=world.nora, expected_version=1
    )
    api = APIClient()
    api.force_authenticate(world.alice)

    # when Alice's program sends a change from version 1
    response = api.put(
        f"/api/v1/attendance/{recorded.pk}/",
        {"status": Status.UNEXCUSED, "expected_version": 1},
        format="json",
    )

    # then it is a conflict naming the stored version, and nothing changed
    assert response.status_code == 409
    body = response.json()
    assert (body["code"], body["current_version"], body["current"]) == ("stale", 2, "Excused absence")
    assert "Nora" in body["saved_by"]
    assert AttendanceRecord.objects.get(pk=recorded.pk).status == Status.EXCUSED


def test_a_stale_tap_is_refused_before_other_checks_change_anything(
    world: World, session: Any, recorded: AttendanceRecord
) -> None:
    # a tap with impossible times is refused for its times, whatever its version
    with pytest.raises(ValidationError) as refused:
        services.record_attendance(
            session=session,
            client=world.carol,
            status=Status.LATE,
            recorded_by=world.alice,
            expected_version=7,
        )
    assert "arrived_at" in refused.value.message_dict
    assert AttendanceRecord.objects.get(pk=recorded.pk).version == 1
