"""Every API request that shows or changes client data leaves its audit event: who, which client, what, where.

The endpoints come from the permission matrix, so an endpoint added there without an audit expectation here
fails `test_it_declares_the_audit_of_every_endpoint`.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.test_api_permissions import CALLS, Scene, module_scene, scene, send  # noqa: F401 (scene needs module_scene)
from trellis.privacy.models import AuditEvent

__all__ = ["scene"]  # the fixture, shared with the permission matrix

ClientIds = Callable[[Scene, Any], set[str]]


def carol(s: Scene, body: Any) -> set[str]:
    return {str(s.world.carol.pk)}


# endpoint -> (action, detail, the clients it names); None: the endpoint shows and changes no client data.
AUDITED: dict[str, tuple[str, str, ClientIds] | None] = {
    "list clients": (
        "view",
        "api clients list",
        lambda s, body: {str(s.world.carol.pk), str(s.erin.pk), str(s.frank_episode.client_id)},
    ),
    "read a client": ("view", "api client", carol),
    "register a client": ("create", "client", lambda s, body: {body["id"]}),
    "change a client": ("update", "changed pronouns", carol),
    "list episodes": (
        "view",
        "api episodes list",
        lambda s, body: {str(s.world.carol.pk), str(s.frank_episode.client_id)},
    ),
    "read an episode": ("view", "api episode", carol),
    "admit a client": ("create", "admitted", lambda s, body: {str(s.erin.pk)}),
    "discharge a client": ("update", "discharged, TEDS reason 1", carol),
    "list enrollments": ("view", "api enrollments list", carol),
    "read an enrollment": ("view", "api enrollment", carol),
    "enroll a client": (
        "create",
        "enrolled in track at phase 1",
        lambda s, body: {str(s.frank_episode.client_id)},
    ),
    "step a client up": ("create", "enrolled in track at phase 1", carol),
    "list groups": None,
    "read a group": None,
    "create a group": None,
    "list sessions": None,
    "read a session": ("view", "api session roster", carol),
    "list attendance": ("view", "api attendance list", carol),
    "read attendance": ("view", "api attendance", carol),
    "take attendance": ("update", "attendance: present -> excused", carol),
    "correct attendance": ("update", "attendance: present -> unexcused", carol),
}


def test_it_declares_the_audit_of_every_endpoint() -> None:
    assert set(AUDITED) == set(CALLS)


def _call_as(scene: Scene, name: str) -> tuple[Any, Any]:
    actor = scene.world.dana if name == "create a group" else scene.world.alice
    client = APIClient()
    client.force_authenticate(actor)
    return actor, send(client, CALLS[name][0], scene)


# Changes that also end the current enrollment write that ending as an event of its own.
ALSO_AUDITED: dict[str, set[tuple[str, str]]] = {
    # Discharge also starts the 30-day follow-up call (warm hand-off, issue 15).
    "discharge a client": {("update", "enrollment ended: discharged"), ("create", "30-day follow-up due")},
    "step a client up": {("update", "enrollment ended: step_up")},
}


@pytest.mark.parametrize("name", [name for name, audit in AUDITED.items() if audit is not None])
def test_it_audits_each_request_that_shows_or_changes_client_data(scene: Scene, name: str) -> None:
    # given the audit trail so far
    already = set(AuditEvent.objects.values_list("id", flat=True))
    action, detail, client_ids = AUDITED[name]  # type: ignore[misc]
    # when Alice makes the request
    actor, response = _call_as(scene, name)
    # then one event per client shown or changed is written, by her, tied to this request and address
    assert response.status_code < 300, response.content
    events = list(AuditEvent.objects.exclude(id__in=already))
    also = ALSO_AUDITED.get(name, set())
    assert {(e.action, e.detail) for e in events} == {(action, detail)} | also
    assert {str(e.client_id) for e in events} == client_ids(scene, response.json())
    assert len(events) == len(client_ids(scene, response.json())) * (1 + len(also))
    assert {(e.actor_id, e.request_id, e.ip_address) for e in events} == {
        (actor.pk, response["X-Request-ID"], "127.0.0.1")
    }


@pytest.mark.parametrize("name", [name for name, audit in AUDITED.items() if audit is None])
def test_it_logs_no_client_for_requests_that_show_none(scene: Scene, name: str) -> None:
    # given the audit trail so far
    already = set(AuditEvent.objects.values_list("id", flat=True))
    # when a request about groups or the session list is made
    _, response = _call_as(scene, name)
    # then no event names a client
    assert response.status_code < 300
    assert not AuditEvent.objects.exclude(id__in=already).filter(client__isnull=False).exists()


@pytest.mark.parametrize("name", [name for name, (call, _) in CALLS.items() if call.method == "get"])
def test_it_logs_nothing_for_bob_about_carol(scene: Scene, name: str) -> None:
    # given Bob, who may not see Carol
    client = APIClient()
    client.force_authenticate(scene.world.bob)
    # when he reads any endpoint
    send(client, CALLS[name][0], scene)
    # then no event says he saw Carol (he saw nothing of hers)
    assert not AuditEvent.objects.filter(actor=scene.world.bob, client=scene.world.carol).exists()


def test_it_logs_only_the_clients_on_the_page_in_one_insert(scene: Scene) -> None:
    # given three Northside clients Alice may see
    client = APIClient()
    client.force_authenticate(scene.world.alice)
    # when she reads the first two
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/v1/clients/", {"limit": 2})
    # then exactly those two are logged, in a single insert
    shown = {row["id"] for row in response.json()["results"]}
    logged = {str(pk) for pk in AuditEvent.objects.filter(action="view").values_list("client_id", flat=True)}
    assert logged == shown
    assert len(shown) == 2
    # (on PostgreSQL the function privacy_audit_append links and inserts them in one statement: privacy/chain)
    inserts = [
        q
        for q in captured.captured_queries
        if 'INSERT INTO "privacy_auditevent"' in q["sql"] or "privacy_audit_append(" in q["sql"]
    ]
    assert len(inserts) == 1


def test_it_logs_nothing_for_an_empty_page(scene: Scene) -> None:
    # given a search that matches nobody
    client = APIClient()
    client.force_authenticate(scene.world.alice)
    # when Alice runs it
    response = client.get("/api/v1/clients/", {"search": "Nobody"})
    # then nothing is logged
    assert response.json()["count"] == 0
    assert not AuditEvent.objects.filter(action="view").exists()


def test_it_logs_a_view_for_each_read_not_once_per_day(scene: Scene) -> None:
    # given Carol's record
    client = APIClient()
    client.force_authenticate(scene.world.nora)
    url = f"/api/v1/clients/{scene.world.carol.pk}/"
    # when Nora opens it twice
    client.get(url)
    client.get(url)
    # then both views are in the trail, each with its own request id
    events = AuditEvent.objects.filter(actor=scene.world.nora, client=scene.world.carol, action="view")
    assert len({event.request_id for event in events}) == 2
