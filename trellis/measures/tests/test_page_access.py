"""Who may see measures pages, the audit each view leaves, and query counts that do not grow with rows."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import World
from tests import factories
from trellis.measures import services
from trellis.measures.models import SafetyTask
from trellis.measures.tests import given
from trellis.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(world: World) -> SafetyTask:
    given.record(world.carol, world.alice, answers=given.phq9(1))
    return SafetyTask.objects.get()


def _carol_pages(world: World, task: SafetyTask) -> dict[str, str]:
    return {
        "measures": reverse("measures:client", kwargs={"pk": world.carol.pk}),
        "record": reverse("measures:record", kwargs={"pk": world.carol.pk, "instrument": "phq9"}),
        "task": reverse("measures:task", kwargs={"pk": task.pk}),
    }


@pytest.mark.parametrize("page", ["measures", "record", "task"])
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("alice", 200),
        ("nora", 200),
        ("dana", 200),
        ("bob", 404),  # Lakeside: Carol does not exist for him
        ("bill", 403),  # billing never sees clinical measures
        ("amy", 403),
        ("adam", 403),
    ],
)
def test_it_lets_only_clinical_staff_who_see_carol_open_her_measures(
    world: World, client: Any, task: SafetyTask, page: str, persona: str, status: int
) -> None:
    client.force_login(getattr(world, persona))
    assert client.get(_carol_pages(world, task)[page]).status_code == status


def test_bob_cannot_close_carols_task_or_record_for_her(world: World, client: Any, task: SafetyTask) -> None:
    client.force_login(world.bob)
    pages = _carol_pages(world, task)
    assert client.post(pages["task"], {"assessment": "x", "risk_level": "low"}).status_code == 404
    assert client.post(pages["record"], {f"item_{n}": 0 for n in range(1, 10)}).status_code == 404
    task.refresh_from_db()
    assert task.is_open
    assert world.carol.measure_responses.count() == 1


def test_the_due_page_is_for_clinical_staff(world: World, client: Any) -> None:
    client.force_login(world.bill)
    assert client.get(reverse("measures:due")).status_code == 403


@pytest.mark.parametrize(
    ("page", "detail"), [("measures", "measures"), ("task", "safety task"), ("record", "measure entry")]
)
def test_it_audits_each_page_that_shows_carol(
    world: World, client: Any, task: SafetyTask, page: str, detail: str
) -> None:
    client.force_login(world.alice)
    response = client.get(_carol_pages(world, task)[page], REMOTE_ADDR="10.1.2.3")
    event = AuditEvent.objects.get(client=world.carol, action="view", detail=detail)
    assert (event.actor, event.ip_address, event.request_id) == (
        world.alice,
        "10.1.2.3",
        response["X-Request-ID"],
    )


def test_today_audits_each_client_with_an_urgent_task(world: World, client: Any, task: SafetyTask) -> None:
    client.force_login(world.alice)
    client.get(reverse("today"))
    assert (
        AuditEvent.objects.filter(client=world.carol, action="view", detail="today safety tasks").count() == 1
    )


def test_the_due_page_audits_each_client_listed(world: World, client: Any) -> None:
    services.set_measure_schedule(program=world.program, instrument="phq9", every_days=14, set_by=world.dana)
    client.force_login(world.alice)
    page = client.get(reverse("measures:due")).content.decode()
    assert "Carol" in page
    assert "Dave" not in page
    assert AuditEvent.objects.filter(client=world.carol, detail="measures due").count() == 1


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _add_responses(world: World, count: int) -> None:
    start = dt.datetime(2026, 1, 5, 15, 0, tzinfo=dt.UTC)
    for n in range(count):
        at = start + dt.timedelta(days=3 * n)
        instrument, answers = [("phq9", given.phq9(n % 2)), ("gad7", [n % 4] * 7), ("bam", [0] * 17)][n % 3]
        given.record(world.carol, world.alice, instrument=instrument, answers=answers, administered_at=at)


@pytest.mark.parametrize("page", ["measures", "chart"])
def test_the_trends_and_chart_pages_run_the_same_queries_for_10_and_100_responses(
    world: World, client: Any, page: str
) -> None:
    url = {
        "measures": reverse("measures:client", kwargs={"pk": world.carol.pk}),
        "chart": reverse("clients:chart", kwargs={"pk": world.carol.pk}),
    }[page]
    client.force_login(world.alice)
    client.get(url)  # the first request of a login reads the idle-timeout setting once
    _add_responses(world, 10)
    with_10 = _queries(client, url)
    _add_responses(world, 90)
    with_100 = _queries(client, url)
    assert with_10 == with_100, f"{page}: {with_10} queries with 10 responses, {with_100} with 100"


def _add_urgent_clients(world: World, count: int) -> None:
    for _ in range(count):
        someone = factories.ClientFactory.create(site=world.site_a)
        factories.EpisodeFactory.create(client=someone, program=world.program)
        given.record(someone, world.alice, answers=given.phq9(1))


def test_today_runs_the_same_queries_for_10_and_40_urgent_tasks(world: World, client: Any) -> None:
    services.set_measure_schedule(program=world.program, instrument="phq9", every_days=14, set_by=world.dana)
    client.force_login(world.alice)
    client.get(reverse("today"))
    _add_urgent_clients(world, 10)
    with_10 = _queries(client, reverse("today"))
    _add_urgent_clients(world, 30)
    with_40 = _queries(client, reverse("today"))
    assert with_10 == with_40
