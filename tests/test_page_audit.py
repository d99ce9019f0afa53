"""Every request that shows or changes client data writes its audit event, in the same transaction."""

import datetime as dt
from typing import Any

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from tests import factories
from trellis.episodes.services import add_to_waitlist
from trellis.privacy import audit
from trellis.privacy.models import AuditEvent


@pytest.fixture
def session(world: Any) -> Any:
    return factories.GroupSessionFactory.create(group=world.group_a, date=dt.date(2026, 11, 23))


def _events(**filters: Any) -> Any:
    return AuditEvent.objects.filter(**filters)


@pytest.mark.parametrize(
    ("url_name", "kwargs", "detail"),
    [
        ("clients:chart", lambda w, s: {"pk": w.carol.pk}, "chart"),
        ("clients:face_sheet", lambda w, s: {"pk": w.carol.pk}, "face sheet"),
        ("attendance:session", lambda w, s: {"pk": s.pk}, "session roster"),
        ("episodes:track_roster", lambda w, s: {"pk": w.track_a.pk}, "track roster"),
        ("clients:list", lambda w, s: {}, "client list"),
        ("part2:client", lambda w, s: {"pk": w.carol.pk}, "privacy: accounting"),
    ],
)
def test_it_audits_every_page_that_shows_a_client(
    world: Any, client: Any, session: Any, url_name: str, kwargs: Any, detail: str
) -> None:
    client.force_login(world.alice)
    response = client.get(reverse(url_name, kwargs=kwargs(world, session)), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    event = _events(client=world.carol, action="view", detail=detail).get()
    assert event.actor == world.alice
    assert event.ip_address == "10.1.2.3"
    assert event.request_id == response["X-Request-ID"]


def test_it_audits_today_for_each_client_listed(world: Any, client: Any) -> None:
    add_to_waitlist(
        episode=world.carol_enrollment.episode,
        track=world.track_a,
        phase=world.phase1,
        requested_on=dt.date(2026, 11, 20),
        added_by=world.alice,
    )
    client.force_login(world.alice)
    client.get(reverse("today"))
    assert _events(client=world.carol, action="view", detail="today").count() == 1


def test_it_audits_a_change_with_the_request_that_made_it(world: Any, client: Any, session: Any) -> None:
    client.force_login(world.alice)
    url = reverse("attendance:record", kwargs={"pk": session.pk, "client_pk": world.carol.pk})
    response = client.post(url, {"status": "present"})
    event = _events(client=world.carol, action="create", detail="attendance: present").get()
    assert event.request_id == response["X-Request-ID"]


def test_it_writes_no_event_when_a_change_is_refused(world: Any, client: Any, session: Any) -> None:
    client.force_login(world.alice)
    url = reverse("attendance:record", kwargs={"pk": session.pk, "client_pk": world.carol.pk})
    client.post(url, {"status": "left_early", "arrived": "09:30", "left": "09:10"}, HTTP_HX_REQUEST="true")
    assert not _events(client=world.carol).exclude(action="view").exists()


def test_it_refuses_to_change_or_delete_an_audit_event(world: Any) -> None:

    audit.record(actor=world.alice, action="view", client_id=world.carol.pk, detail="chart")
    event = AuditEvent.objects.get()
    for attempt in (
        lambda: AuditEvent.objects.filter(pk=event.pk).update(detail="edited"),
        lambda: AuditEvent.objects.filter(pk=event.pk).delete(),
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            attempt()
    assert AuditEvent.objects.get().detail == "chart"


def test_it_logs_logins_and_failed_logins(world: Any, client: Any) -> None:
    client.post(reverse("accounts:login"), {"username": "alice", "password": "wrong"})
    client.post(reverse("accounts:login"), {"username": "alice", "password": "correct horse battery staple"})
    assert _events(action="login_failed").count() == 1
    assert _events(action="login", actor=world.alice).count() == 1
