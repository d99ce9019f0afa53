"""Recording a measure: scores come from the pure module, urgent flags open a same-day safety task."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError

from trellis.measures.choices import SafetyTaskKind
from trellis.measures.models import MeasureResponse, SafetyTask
from trellis.measures.tests import given
from trellis.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db


@time_machine.travel(given.NOW, tick=False)
def test_it_stores_the_scores_the_pure_module_computes(world: Any) -> None:
    # given / when
    response = given.record(world.carol, world.alice, answers=[3, 3, 3, 3, 2, 1, 0, 0, 0])
    # then
    response.refresh_from_db()
    assert (response.total, response.band, response.flags) == (15, "moderately severe", [])
    assert response.episode == world.carol_enrollment.episode
    assert response.administered_at == given.NOW
    assert response.administered_by == world.alice


def test_it_stores_bam_subscales_without_a_total(world: Any) -> None:
    answers = [2, 1, 0, 3, 2, 1, 0, 4, 3, 2, 1, 3, 4, 4, 0, 3, 1]
    response = given.record(world.carol, world.alice, instrument="bam", answers=answers)
    assert response.total is None
    assert response.subscales == {"use": 6, "risk": 8, "protective": 19}


@pytest.mark.parametrize(("item9", "opens_task"), [(0, False), (1, True), (2, True), (3, True)])
def test_it_opens_a_safety_task_when_phq9_item9_is_above_zero(
    world: Any, item9: int, opens_task: bool
) -> None:
    # given / when
    response = given.record(world.carol, world.alice, answers=given.phq9(item9))
    # then
    tasks = list(SafetyTask.objects.filter(response=response))
    assert [t.kind for t in tasks] == ([SafetyTaskKind.PHQ9_ITEM9] if opens_task else [])


@pytest.mark.parametrize(
    ("instrument", "answers", "kind"),
    [
        ("cssrs", given.CSSRS_HIGH, SafetyTaskKind.CSSRS_HIGH_RISK),
        ("cssrs", [0, 0, None, None, None, 1, 1], SafetyTaskKind.CSSRS_HIGH_RISK),  # behavior in 3 months
        ("ciwa", given.CIWA_SEVERE, SafetyTaskKind.CIWA_SEVERE),
        ("cows", given.COWS_SEVERE, SafetyTaskKind.COWS_SEVERE),
    ],
)
def test_it_opens_a_safety_task_for_each_urgent_flag(
    world: Any, instrument: str, answers: Any, kind: str
) -> None:
    response = given.record(world.carol, world.alice, instrument=instrument, answers=answers)
    task = SafetyTask.objects.get(response=response)
    assert task.kind == kind
    assert task.is_open
    assert task.reason == response.flags[0]["message"]


@pytest.mark.parametrize(
    ("instrument", "answers"),
    [
        ("cssrs", given.CSSRS_MODERATE),  # moderate risk is flagged for review, not urgent
        ("ciwa", [2, 2, 2, 2, 2, 2, 2, 2, 2, 0]),  # 18, top of moderate
        ("cows", [4, 4, 5, 5, 4, 4, 5, 4, 1, 0, 0]),  # 36, top of moderately severe
    ],
)
def test_it_opens_no_task_below_the_urgent_edge(world: Any, instrument: str, answers: Any) -> None:
    response = given.record(world.carol, world.alice, instrument=instrument, answers=answers)
    assert not SafetyTask.objects.filter(response=response).exists()


def test_it_assigns_the_task_to_the_primary_clinician(world: Any) -> None:
    # given Carol's episode is Alice's caseload, and Nora the nurse gives the PHQ-9
    episode = world.carol_enrollment.episode
    episode.primary_clinician = world.alice
    episode.save()
    # when
    response = given.record(world.carol, world.nora, answers=given.phq9(1))
    # then
    assert SafetyTask.objects.get(response=response).assigned_to == world.alice


def test_it_assigns_the_task_to_whoever_gave_the_measure_when_nobody_else_is_named(world: Any) -> None:
    response = given.record(world.carol, world.nora, answers=given.phq9(2))
    assert SafetyTask.objects.get(response=response).assigned_to == world.nora


@time_machine.travel(dt.datetime(2026, 11, 24, 3, 30, tzinfo=dt.UTC), tick=False)
def test_it_makes_the_task_due_the_same_day_in_the_sites_zone(world: Any) -> None:
    # given it is 22:30 on Monday in New York (already Tuesday in UTC)
    response = given.record(world.carol, world.alice, answers=given.phq9(1))
    # then
    assert SafetyTask.objects.get(response=response).due_on == dt.date(2026, 11, 23)


def test_it_audits_the_response_and_the_task(world: Any) -> None:
    response = given.record(world.carol, world.alice, answers=given.phq9(1))
    task = SafetyTask.objects.get(response=response)
    events = AuditEvent.objects.filter(client=world.carol, action="create", actor=world.alice)
    assert {e.object_id for e in events} == {str(response.pk), str(task.pk)}


@pytest.mark.parametrize(
    ("answers", "item", "words"),
    [
        ([1, 1, 1, None, 1, 1, 1, 1, 1], 4, "PHQ-9 item 4 is missing an answer"),
        ([1, 1, 1, 1, 1, 1, 1, 1, 4], 9, "PHQ-9 item 9: 4 is not a valid answer"),
        ([1, 1, 1, 1, 1, 1, 1, -1, 0], 8, "PHQ-9 item 8: -1 is not a valid answer"),
        ([1, 1, 1], None, "PHQ-9 has 9 items; 3 answers were given"),
    ],
)
def test_it_refuses_incomplete_or_out_of_range_answers_naming_the_item_and_saves_nothing(
    world: Any, answers: Any, item: int | None, words: str
) -> None:
    # when
    with pytest.raises(ValidationError) as raised:
        given.record(world.carol, world.alice, answers=answers)
    # then
    error = raised.value.error_dict["answers"][0]
    assert words in error.message
    assert error.params == {"item": item}
    assert not MeasureResponse.objects.exists()
    assert not SafetyTask.objects.exists()
    assert not AuditEvent.objects.filter(action="create").exists()


def test_it_refuses_an_unknown_instrument(world: Any) -> None:
    with pytest.raises(ValidationError) as raised:
        given.record(world.carol, world.alice, instrument="phq10", answers=[0] * 10)
    assert "instrument" in raised.value.error_dict


def test_it_needs_sex_for_audit_c(world: Any) -> None:
    with pytest.raises(ValidationError) as raised:
        given.record(world.carol, world.alice, instrument="auditc", answers=[1, 1, 1])
    assert "sex" in raised.value.error_dict["answers"][0].message
    response = given.record(world.carol, world.alice, instrument="auditc", answers=[1, 1, 1], sex="Female")
    assert (response.band, response.sex) == ("positive", "female")


@time_machine.travel(given.NOW, tick=False)
def test_it_refuses_a_measure_given_in_the_future(world: Any) -> None:
    with pytest.raises(ValidationError) as raised:
        given.record(world.carol, world.alice, administered_at=given.NOW + dt.timedelta(hours=1))
    assert "administered_at" in raised.value.error_dict
