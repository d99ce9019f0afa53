"""Who reads which part of the audit trail: a director their organization's, the administrator only its setup
and sign-ins, nobody another organization's; and every search of the trail is itself on the trail."""

from typing import Any

import pytest
from django.test import Client as Browser
from django.urls import reverse

from conftest import World
from trellis.privacy import audit
from trellis.privacy.models import AuditEvent
from trellis.programs.services import save_program
from trellis.scheduling.services import rotate_feed_token


@pytest.fixture
def trail(world: World) -> World:
    """Riverside's trail: Nora opened Carol's safety task and MAT medication, Adam renamed a program, and
    Carol's calendar link was read (no person); Harbor Light's: Olga opened Hugo's chart."""
    audit.record(
        actor=world.nora,
        action=audit.Action.VIEW,
        client_id=world.carol.pk,
        obj=world.carol,
        detail="safety task",
    )
    audit.record(
        actor=world.nora, action=audit.Action.CREATE, client_id=world.carol.pk, obj=world.carol, detail="MAT"
    )
    save_program(organization=world.organization, program=world.program, fields={"name": "IOP Renamed"},
                 saved_by=world.adam)  # fmt: skip
    token = rotate_feed_token(owner=world.carol, rotated_by=world.alice)
    Browser().get(reverse("scheduling:feed", kwargs={"token": token.token}))
    audit.record(
        actor=world.olga, action=audit.Action.VIEW, client_id=world.hugo.pk, obj=world.hugo, detail="chart"
    )
    return world


def _log(user: Any, **filters: str) -> str:
    browser = Browser()
    browser.force_login(user)
    response = browser.post(reverse("privacy:audit_log"), filters, follow=True)
    assert response.status_code == 200
    return str(response.content.decode())


def test_it_names_the_organization_and_the_job_of_an_event_no_person_wrote(trail: World) -> None:
    # when Carol's calendar link was read, with nobody logged in
    event = AuditEvent.objects.get(action="export", client=trail.carol)
    # then the event is Riverside's, and says which job wrote it
    assert event.actor is None
    assert event.organization == trail.organization
    assert event.system_job == "calendar feed"
    assert "calendar feed" in _log(trail.dana)


def test_it_shows_a_director_only_their_own_organization(trail: World) -> None:
    # when Olga, of Harbor Light, reads the whole trail and searches it for Carol's chart number
    everything = _log(trail.olga)
    searched = _log(trail.olga, chart_number=trail.carol.chart_number)
    # then she sees Hugo's chart opened and nothing of Riverside, not even the job that read Carol's link
    assert trail.hugo.chart_number in everything
    for body in (everything, searched):
        assert trail.carol.chart_number not in body.replace(f'value="{trail.carol.chart_number}"', "")
        assert "nora" not in body
        assert "calendar feed" not in body
    # and Dana, of Riverside, sees Riverside's trail and not Hugo's
    riverside = _log(trail.dana)
    assert trail.carol.chart_number in riverside
    assert trail.hugo.chart_number not in riverside


def test_it_shows_the_administrator_who_changed_setup_and_no_client(trail: World) -> None:
    # when Adam reads the trail, even trying to search by Carol's chart number
    body = _log(trail.adam, chart_number=trail.carol.chart_number)
    # then he sees the program he changed, and no client, no chart number, no clinical event
    assert "<td>Program" in body
    assert "<td>Client" not in body
    assert 'name="chart_number"' not in body
    for secret in (trail.carol.chart_number, "Northcott", "safety task", "MAT", "calendar feed", "clients."):
        assert secret not in body
    # and the restriction is in the query, not only on the page
    assert not AuditEvent.objects.visible_to(trail.adam).filter(client__isnull=False).exists()
    assert AuditEvent.objects.visible_to(trail.adam).filter(object_type="programs.Program").exists()


def test_it_records_every_audit_search(trail: World) -> None:
    # when Dana searches the trail for Carol's chart and views only
    _log(trail.dana, chart_number=trail.carol.chart_number, action="view")
    # then the search is itself on Carol's trail, naming the filters but not repeating the chart number
    search = AuditEvent.objects.get(actor=trail.dana, detail__startswith="audit search")
    assert search.client == trail.carol
    assert search.organization == trail.organization
    assert "chart number" in search.detail
    assert "action=view" in search.detail
    assert trail.carol.chart_number not in search.detail


def test_it_records_the_administrators_searches_too(trail: World) -> None:
    # when Adam opens the trail with no filter
    _log(trail.adam)
    # then his look is recorded, on no client
    search = AuditEvent.objects.get(actor=trail.adam, detail__startswith="audit search")
    assert search.client is None
    assert search.detail == "audit search: no filter; page 1"


def test_it_shows_a_failed_login_to_the_director_of_the_account_tried(world: World) -> None:
    # given someone failing to log in as Alice, and as a name nobody has
    for username in ("alice", "nobody-here"):
        Browser().post(reverse("accounts:login"), {"username": username, "password": "wrong"})
    # then the attempt on Alice is Riverside's, written by the login form, and only Dana reads it
    tried = AuditEvent.objects.get(action="login_failed", organization=world.organization)
    assert tried.system_job == "login form"
    assert "login form" in _log(world.dana)
    assert "login form" not in _log(world.olga)
    # and the attempt on an unknown name belongs to no organization, so no one's log shows it
    unknown = AuditEvent.objects.get(action="login_failed", organization__isnull=True)
    assert not AuditEvent.objects.visible_to(world.dana).filter(pk=unknown.pk).exists()


def test_the_trail_names_records_in_words_not_model_labels(trail: World) -> None:
    browser = Browser()
    browser.force_login(trail.dana)
    page = browser.get(reverse("privacy:audit_log")).content.decode()
    assert "Client: safety task" in page
    assert "clients.Client" not in page
