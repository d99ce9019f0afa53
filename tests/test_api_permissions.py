"""The API permission matrix: every endpoint, for every persona, allowed, denied or not found as designed.

Reading the table: 2xx allowed; 403 the role may not do this; 404 the object is out of the persona's reach
(never 403, which would leak that it exists); 400 a reference in the body is out of reach and reads as
"does not exist". Nothing of Carol's (Northside) ever reaches Bob (Lakeside), Adam (administrator) or Olga
(director of another organization, Harbor Light Health).
"""

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from rest_framework.test import APIClient

from conftest import World
from tests import factories as typed_factories
from trellis.attendance import services as attendance_services
from trellis.attendance.models import AttendanceRecord
from trellis.clients.models import Client
from trellis.episodes.models import Enrollment, Episode
from trellis.privacy.models import AuditEvent
from trellis.scheduling.models import RecurringGroup

# factory_boy types a factory call as the factory, not the model instance it returns.
factories: Any = typed_factories

PERSONAS = ("alice", "bob", "amy", "nora", "bill", "dana", "adam", "olga")
SEES_CAROL = {"alice", "amy", "nora", "bill", "dana"}


@dataclass
class Scene:
    """The world, plus what the calls act on: a session with Carol's attendance, and two newer clients."""

    world: World
    session: Any
    record: Any
    erin: Any  # registered at Northside, not yet admitted
    frank_episode: Any  # admitted at Northside, not yet enrolled


# The scene is made once for the module (conftest.module_transaction): several hundred calls read it, and each
# test's writes are rolled back; a test works on its own copy of the objects.
@pytest.fixture
def scene(module_scene: Scene, db: None) -> Scene:
    return copy.deepcopy(module_scene)


@pytest.fixture(scope="module")
def module_scene(module_world: World) -> Scene:
    world = module_world
    session = factories.GroupSessionFactory(group=world.group_a, date=dt.date(2026, 11, 23))
    record = attendance_services.record_attendance(
        session=session, client=world.carol, status="present", recorded_by=world.alice
    )
    frank = factories.ClientFactory(site=world.site_a, legal_first_name="Frank")
    return Scene(
        world=world,
        session=session,
        record=record,
        erin=factories.ClientFactory(site=world.site_a, legal_first_name="Erin"),
        frank_episode=factories.EpisodeFactory(client=frank, program=world.program),
    )


@dataclass(frozen=True)
class Call:
    method: str
    url: Callable[[Scene], str]
    body: Callable[[Scene], dict[str, Any]] | None = None


def expect(default: int, **overrides: int) -> dict[str, int]:
    return {persona: overrides.get(persona, default) for persona in PERSONAS}


V1 = "/api/v1"
CALLS: dict[str, tuple[Call, dict[str, int]]] = {
    "list clients": (Call("get", lambda s: f"{V1}/clients/"), expect(200)),
    "read a client": (
        Call("get", lambda s: f"{V1}/clients/{s.world.carol.pk}/"),
        expect(200, bob=404, adam=404, olga=404),
    ),
    "register a client": (
        Call(
            "post",
            lambda s: f"{V1}/clients/",
            lambda s: {"site": str(s.world.site_a.pk), "legal_first_name": "Gia", "legal_last_name": "Ng"},
        ),
        expect(201, bob=400, bill=403, adam=403, olga=400),
    ),
    "change a client": (
        Call("patch", lambda s: f"{V1}/clients/{s.world.carol.pk}/", lambda s: {"pronouns": "she/her"}),
        expect(200, bob=404, bill=403, adam=404, olga=404),
    ),
    "list episodes": (Call("get", lambda s: f"{V1}/episodes/"), expect(200)),
    "read an episode": (
        Call("get", lambda s: f"{V1}/episodes/{s.world.carol_enrollment.episode_id}/"),
        expect(200, bob=404, adam=404, olga=404),
    ),
    "admit a client": (
        Call(
            "post",
            lambda s: f"{V1}/episodes/",
            lambda s: {
                "client": str(s.erin.pk),
                "program": str(s.world.program.pk),
                "admitted_on": "2026-11-20",
            },
        ),
        expect(201, bob=400, nora=403, bill=403, adam=403, olga=400),
    ),
    "discharge a client": (
        Call(
            "post",
            lambda s: f"{V1}/episodes/{s.world.carol_enrollment.episode_id}/discharge/",
            lambda s: {"discharged_on": "2026-11-30", "discharge_reason": 1, "summary": ""},
        ),
        expect(200, bob=404, nora=403, bill=403, adam=404, olga=404),
    ),
    "list enrollments": (Call("get", lambda s: f"{V1}/enrollments/"), expect(200)),
    "read an enrollment": (
        Call("get", lambda s: f"{V1}/enrollments/{s.world.carol_enrollment.pk}/"),
        expect(200, bob=404, adam=404, olga=404),
    ),
    "enroll a client": (
        Call(
            "post",
            lambda s: f"{V1}/enrollments/",
            lambda s: {
                "episode": str(s.frank_episode.pk),
                "track": str(s.world.track_a.pk),
                "phase": str(s.world.phase1.pk),
                "starts_on": "2026-11-09",
            },
        ),
        expect(201, bob=400, nora=403, bill=403, adam=403, olga=400),
    ),
    "step a client up": (
        Call(
            "post",
            lambda s: f"{V1}/enrollments/{s.world.carol_enrollment.pk}/change/",
            lambda s: {
                "track": str(s.world.track_a.pk),
                "phase": str(s.world.phase1.pk),
                "starts_on": "2026-12-01",
                "reason": "step_up",
            },
        ),
        expect(201, bob=404, nora=403, bill=403, adam=404, olga=404),
    ),
    "list groups": (Call("get", lambda s: f"{V1}/groups/"), expect(200)),
    "read a group": (
        Call("get", lambda s: f"{V1}/groups/{s.world.group_a.pk}/"),
        expect(200, bob=404, olga=404),
    ),
    "create a group": (
        Call(
            "post",
            lambda s: f"{V1}/groups/",
            lambda s: {
                "track": str(s.world.track_a.pk),
                "name": "Relapse prevention",
                "weekdays": [1, 3],
                "starts_at": "13:00",
                "duration_minutes": 90,
                "room": str(s.world.group_a.room_id),
                "facilitator": s.world.alice.pk,
                "active_from": "2026-12-01",
            },
        ),
        expect(403, dana=201, adam=201, olga=400),
    ),
    "list sessions": (Call("get", lambda s: f"{V1}/sessions/?date=2026-11-23"), expect(200)),
    "read a session": (
        Call("get", lambda s: f"{V1}/sessions/{s.session.pk}/"),
        expect(200, bob=404, olga=404),
    ),
    "list attendance": (Call("get", lambda s: f"{V1}/attendance/"), expect(200)),
    "read attendance": (
        Call("get", lambda s: f"{V1}/attendance/{s.record.pk}/"),
        expect(200, bob=404, adam=404, olga=404),
    ),
    "take attendance": (
        Call(
            "post",
            lambda s: f"{V1}/attendance/",
            lambda s: {"session": str(s.session.pk), "client": str(s.world.carol.pk), "status": "excused"},
        ),
        expect(200, bob=400, amy=403, bill=403, adam=403, olga=400),
    ),
    "correct attendance": (
        Call("put", lambda s: f"{V1}/attendance/{s.record.pk}/", lambda s: {"status": "unexcused"}),
        expect(200, bob=404, amy=403, bill=403, adam=404, olga=404),
    ),
}


def snapshot() -> list[Any]:
    """Every row a write endpoint could add or change, as comparable values."""
    return [
        list(Client.objects.values_list("id", "pronouns")),
        list(Episode.objects.values_list("id", "discharged_on")),
        list(Enrollment.objects.values_list("id", "ends_on")),
        list(RecurringGroup.objects.values_list("id")),
        list(AttendanceRecord.objects.values_list("id", "status")),
        AuditEvent.objects.count(),
    ]


CASES = [
    (name, persona, status) for name, (_, expected) in CALLS.items() for persona, status in expected.items()
]
MATRIX = [pytest.param(*case, id=f"{case[0]}-{case[1]}") for case in CASES]
REFUSED_WRITES = [
    pytest.param(*case, id=f"{case[0]}-{case[1]}")
    for case in CASES
    if CALLS[case[0]][0].method != "get" and case[2] >= 400
]


def send(client: APIClient, call: Call, scene: Scene) -> Any:
    body = call.body(scene) if call.body else None
    return getattr(client, call.method)(call.url(scene), body, format="json")


@pytest.mark.parametrize(("name", "persona", "status"), MATRIX)
def test_it_allows_or_denies_each_endpoint_per_persona(
    scene: Scene, name: str, persona: str, status: int
) -> None:
    # given a member of staff
    client = APIClient()
    client.force_authenticate(getattr(scene.world, persona))
    call, _ = CALLS[name]
    # when they call the endpoint
    response = send(client, call, scene)
    # then they get what the design says
    assert response.status_code == status, response.content
    if status == 400:
        field = next(iter(response.json()))
        assert "does not exist" in response.json()[field][0]


@pytest.mark.parametrize("name", list(CALLS))
def test_it_refuses_anonymous_callers(scene: Scene, name: str) -> None:
    # given no credentials
    call, _ = CALLS[name]
    # when calling the endpoint
    response = send(APIClient(), call, scene)
    # then it is refused and nothing of a client is shown or logged
    assert response.status_code in (401, 403)
    assert "Carol" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="view").exists()


@pytest.mark.parametrize(
    ("name", "persona", "status"),
    REFUSED_WRITES,
)
def test_it_writes_nothing_when_it_refuses(scene: Scene, name: str, persona: str, status: int) -> None:
    # given the state before the call
    before = snapshot()
    client = APIClient()
    client.force_authenticate(getattr(scene.world, persona))
    # when a refused write is attempted
    send(client, CALLS[name][0], scene)
    # then nothing changed and nothing was logged
    assert snapshot() == before


LISTS_OF_CLIENT_DATA = [
    f"{V1}/clients/",
    f"{V1}/clients/?search=Northcott",
    f"{V1}/episodes/",
    f"{V1}/enrollments/",
    f"{V1}/attendance/",
]


@pytest.mark.parametrize("url", LISTS_OF_CLIENT_DATA)
@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lists_carol_only_to_those_who_may_see_her(scene: Scene, url: str, persona: str) -> None:
    # given a member of staff
    client = APIClient()
    client.force_authenticate(getattr(scene.world, persona))
    # when they list client data
    body = client.get(url).content.decode()
    # then Carol is in it exactly when the persona may see her
    assert (str(scene.world.carol.pk) in body) == (persona in SEES_CAROL)
    if persona in {"bob", "adam", "olga"}:
        assert "Northcott" not in body


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_a_roster_only_of_clients_the_persona_may_see(scene: Scene, persona: str) -> None:
    # given a session Carol attended
    client = APIClient()
    client.force_authenticate(getattr(scene.world, persona))
    # when the persona opens it
    response = client.get(f"{V1}/sessions/{scene.session.pk}/")
    # then Carol is on its roster only for those who may see her
    if persona in {"bob", "olga"}:
        assert response.status_code == 404
        return
    roster = [line["client"] for line in response.json()["roster"]]
    assert roster == ([str(scene.world.carol.pk)] if persona in SEES_CAROL else [])


def test_it_keeps_carol_from_bob_by_url_list_filter_and_search(scene: Scene) -> None:
    # given Bob, a clinician at Lakeside
    world = scene.world
    client = APIClient()
    client.force_authenticate(world.bob)
    carol, episode_id = world.carol, world.carol_enrollment.episode_id
    # when he tries every way in to Carol, a Northside client
    by_url = [
        client.get(f"{V1}/clients/{carol.pk}/"),
        client.get(f"{V1}/episodes/{episode_id}/"),
        client.get(f"{V1}/enrollments/{world.carol_enrollment.pk}/"),
        client.get(f"{V1}/attendance/{scene.record.pk}/"),
        client.get(f"{V1}/sessions/{scene.session.pk}/"),
        client.patch(f"{V1}/clients/{carol.pk}/", {"pronouns": "x"}, format="json"),
    ]
    by_search = [
        client.get(f"{V1}/clients/", {"search": "Carol"}),
        client.get(f"{V1}/clients/", {"search": carol.chart_number}),
        client.get(f"{V1}/episodes/", {"client": str(carol.pk)}),
        client.get(f"{V1}/enrollments/", {"client": str(carol.pk)}),
        client.get(f"{V1}/attendance/", {"client": str(carol.pk)}),
        client.get(f"{V1}/attendance/", {"session": str(scene.session.pk)}),
    ]
    # then every door is shut: not found by URL, nothing in any list, and nothing logged about her
    assert [response.status_code for response in by_url] == [404] * 6
    assert all(response.json()["count"] == 0 for response in by_search)
    assert not AuditEvent.objects.filter(actor=world.bob, client=carol).exists()
    # and he still sees his own client, Dave
    dave = client.get(f"{V1}/clients/", {"search": "Lakewood"}).json()["results"]
    assert [row["id"] for row in dave] == [str(world.dave.pk)]


def test_it_lists_olga_nothing_of_another_organization(scene: Scene) -> None:
    # given Olga, who directs Harbor Light Health, and Hugo, its client
    world = scene.world
    client = APIClient()
    client.force_authenticate(world.olga)
    # when she lists every resource, and searches for Carol by name and chart number
    urls = [
        *LISTS_OF_CLIENT_DATA,
        f"{V1}/groups/",
        f"{V1}/sessions/?date=2026-11-23",
        f"{V1}/measures/responses/",
    ]
    searches = [f"{V1}/clients/?search=Carol", f"{V1}/clients/?search={world.carol.chart_number}"]
    bodies = [client.get(url).content.decode() for url in urls + searches]
    # then nothing of Riverside is in any of them, and her own client is
    riverside = [str(world.carol.pk), str(world.dave.pk), str(world.group_a.pk), str(scene.session.pk)]
    assert [marker for body in bodies for marker in riverside if marker in body] == []
    assert str(world.hugo.pk) in bodies[0]


# Outside systems (42 CFR Part 2 recipients with their own tokens): Riverside's health plan system and Harbor
# Light's, with Carol's TPO consent signed. They read clients and episodes of their own organization through the
# disclosure gate, and nothing else: every write and every endpoint not wired to the gate is 403.
OUTSIDE_SYSTEMS = ("riverside_plan", "harbor_plan")
READS_THROUGH_THE_GATE = {
    "list clients": (200, 200),
    "read a client": (200, 404),
    "list episodes": (200, 200),
    "read an episode": (200, 404),
}
OUTSIDE_SYSTEM_CALLS: dict[str, tuple[int, int]] = {
    name: READS_THROUGH_THE_GATE.get(name, (403, 403)) for name in CALLS
}


def _outside_system(scene: Scene, which: str) -> APIClient:
    from tests import part2 as consents_for
    from trellis.accounts.outside_systems import register_outside_system

    world = scene.world
    consents_for.tpo_consent(world.carol, world.alice)
    director = world.dana if which == "riverside_plan" else world.olga
    _, secret = register_outside_system(
        name="Blue Ridge Health Plan", recipient_kind="health_plan", purpose="payment", registered_by=director
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


def test_it_declares_what_outside_systems_may_call() -> None:
    assert set(OUTSIDE_SYSTEM_CALLS) == set(CALLS)
    assert set(READS_THROUGH_THE_GATE) <= set(CALLS)


@pytest.mark.parametrize("which", OUTSIDE_SYSTEMS)
@pytest.mark.parametrize("name", list(CALLS))
def test_it_allows_an_outside_system_only_gated_reads_of_its_organization(
    scene: Scene, name: str, which: str
) -> None:
    # given an outside system of Riverside or of Harbor Light
    client = _outside_system(scene, which)
    before = snapshot()[:-1]
    # when it calls the endpoint
    response = send(client, CALLS[name][0], scene)
    # then it gets what the design says, changes nothing, and sees Carol only as Riverside's consented recipient
    assert response.status_code == OUTSIDE_SYSTEM_CALLS[name][OUTSIDE_SYSTEMS.index(which)], response.content
    assert snapshot()[:-1] == before
    body = response.content.decode()
    assert (str(scene.world.carol.pk) in body) == (which == "riverside_plan" and response.status_code == 200)
    assert str(scene.world.dave.pk) not in body  # Dave signed no consent
