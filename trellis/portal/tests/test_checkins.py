"""Check-ins from the portal: Carol answers her due PHQ-9 herself; it is scored and charted as staff would,
a safety flag opens the urgent task on staff Today and shows her crisis help at once."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client as Browser

from conftest import World
from trellis.episodes.models import Episode
from trellis.measures import services
from trellis.measures.choices import Source
from trellis.measures.models import MeasureResponse, MeasureSchedule, SafetyTask
from trellis.notifications.models import NotificationSettings
from trellis.portal.tests.conftest import sign_in
from trellis.privacy.models import AuditEvent

NOW = dt.datetime(2026, 12, 7, 14, 0, tzinfo=dt.UTC)  # Carol was admitted Nov 2: her PHQ-9 baseline is owed
PHQ9 = "/me/check-ins/phq9/"


@pytest.fixture(autouse=True, scope="module")
def _frozen_module() -> Any:
    """Every test here, and the module's world (built once per module), at NOW: the client's records are made
    "before" what the test does, whatever the wall clock says (CI's awkward-instant pass moves it)."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def scheduled(invited: World) -> World:
    MeasureSchedule.objects.create(program=invited.program, instrument="phq9", every_days=14)
    Episode.objects.filter(client=invited.carol).update(primary_clinician=invited.alice)
    NotificationSettings.objects.create(organization=invited.organization, help_phone="(413) 555-0100")
    return invited


def _carol(sms_outbox: Any) -> Browser:
    browser = Browser()
    sign_in(browser, sms_outbox)
    return browser


def _answers(item9: int, rest: int = 1) -> dict[str, int]:
    return {f"item_{n}": rest for n in range(1, 9)} | {"item_9": item9}


def test_the_home_page_links_each_due_check_in(scheduled: World, sms_outbox: Any) -> None:
    page = _carol(sms_outbox).get("/me/").content.decode()
    assert f'href="{PHQ9}"' in page
    assert "Answer your PHQ-9 check-in" in page


def test_item_9_opens_the_safety_task_and_shows_crisis_help_not_the_score(
    scheduled: World, sms_outbox: Any
) -> None:
    carol = _carol(sms_outbox)
    # when Carol answers 1 to every item, item 9 included
    answer = carol.post(PHQ9, _answers(item9=1))
    # then she sees crisis help first, and no score
    assert answer.status_code == 302
    page = carol.get(answer["Location"]).content.decode()
    assert 'data-testid="crisis-resources"' in page
    assert 'href="tel:988"' in page
    assert 'href="sms:988"' in page
    assert "If you are in danger now, call" in page
    assert 'href="tel:911"' in page
    assert "(413) 555-0100" in page
    response = MeasureResponse.objects.get(client=scheduled.carol)
    assert response.band
    assert response.band not in page
    # and the task waits on Alice's Today, the answer in the chart as Carol's self-report
    task = SafetyTask.objects.get(client=scheduled.carol)
    assert task.is_open
    assert task.assigned_to == scheduled.alice
    assert task.due_on == NOW.date()
    assert response.source == Source.CLIENT
    alice = Browser()
    alice.force_login(scheduled.alice)
    today = alice.get("/").content.decode()
    assert "Urgent: same-day safety assessment" in today
    assert f"/measures/tasks/{task.pk}/" in today or str(task.pk) in today


def test_it_scores_exactly_as_the_staff_path(scheduled: World, sms_outbox: Any) -> None:
    answers = [2, 1, 3, 0, 2, 1, 1, 0, 0]
    _carol(sms_outbox).post(PHQ9, {f"item_{n}": v for n, v in enumerate(answers, start=1)})
    mine = MeasureResponse.objects.get(client=scheduled.carol)
    staff = services.record_measure(
        client=scheduled.dave, instrument="phq9", answers=answers, administered_by=scheduled.bob
    )
    assert (
        (mine.total, mine.band, mine.flags) == (staff.total, staff.band, staff.flags) == (10, staff.band, [])
    )
    assert not SafetyTask.objects.filter(client=scheduled.carol).exists()
    # and the audit log says Carol entered it herself, no staff member
    entered = AuditEvent.objects.get(object_id=str(mine.pk), detail="portal: check-in self-reported (phq9)")
    assert entered.actor_id is None


def test_an_incomplete_check_in_is_refused_keeping_the_answers(scheduled: World, sms_outbox: Any) -> None:
    chosen = _answers(item9=2)
    del chosen["item_4"]
    answer = _carol(sms_outbox).post(PHQ9, chosen)
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "PHQ-9 item 4 is missing an answer." in page
    assert 'name="item_9" value="2" id="id_item_9_2" checked' in page
    assert not MeasureResponse.objects.exists()


def test_a_double_click_records_once_and_shows_the_same_help(scheduled: World, sms_outbox: Any) -> None:
    carol = _carol(sms_outbox)
    first = carol.post(PHQ9, _answers(item9=1))
    second = carol.post(PHQ9, _answers(item9=1))
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert MeasureResponse.objects.filter(client=scheduled.carol).count() == 1
    assert SafetyTask.objects.filter(client=scheduled.carol).count() == 1


def test_a_check_in_not_due_says_when_it_is(scheduled: World, sms_outbox: Any) -> None:
    services.record_measure(
        client=scheduled.carol, instrument="phq9", answers=[0] * 9, administered_by=scheduled.alice
    )
    carol = _carol(sms_outbox)
    page = carol.get(PHQ9).content.decode()
    assert "not due yet" in page
    assert "December 21" in page
    assert carol.post(PHQ9, _answers(item9=0)).status_code == 400
    assert MeasureResponse.objects.filter(client=scheduled.carol).count() == 1


def test_another_clients_check_in_or_an_unscheduled_one_is_not_found(
    scheduled: World, sms_outbox: Any
) -> None:
    daves = services.record_measure(
        client=scheduled.dave,
        instrument="phq9",
        answers=[0] * 8 + [1],
        administered_by=scheduled.bob,
        source=Source.CLIENT,
    )
    carol = _carol(sms_outbox)
    assert carol.get(f"/me/check-ins/done/{daves.pk}/").status_code == 404
    assert carol.get("/me/check-ins/cows/").status_code == 404  # not on her program's schedule
    assert carol.post("/me/check-ins/cows/", {"item_1": 0}).status_code == 404
    assert carol.get("/me/check-ins/nonsense/").status_code == 404
