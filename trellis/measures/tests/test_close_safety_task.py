"""A safety task closes only with a documented safety assessment: text, risk level, disposition and plan."""

from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from trellis.measures import services
from trellis.measures.choices import Disposition, RiskLevel, SafetyTaskStatus
from trellis.measures.models import SafetyTask
from trellis.measures.tests import given
from trellis.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db

ASSESSMENT = {
    "assessment": "Passive thoughts of death this week, no plan or intent; lives with partner; engaged in care.",
    "risk_level": RiskLevel.LOW,
    "disposition": Disposition.CONTINUE_WITH_SAFETY_PLAN,
    "plan": "Safety plan reviewed and signed; crisis line 988 given; check in at Wednesday group.",
}


@pytest.fixture
def task(world: Any) -> SafetyTask:
    response = given.record(world.carol, world.alice, answers=given.phq9(1))
    return SafetyTask.objects.get(response=response)


@pytest.mark.parametrize(
    ("missing", "blank"),
    [("assessment", ""), ("assessment", "   "), ("risk_level", ""), ("disposition", ""), ("plan", " ")],
)
def test_it_refuses_to_close_without_the_documented_assessment(
    world: Any, task: SafetyTask, missing: str, blank: str
) -> None:
    # when
    with pytest.raises(ValidationError) as raised:
        services.close_safety_task(task=task, closed_by=world.alice, **{**ASSESSMENT, missing: blank})
    # then the error names the field and the task stays open
    assert list(raised.value.error_dict) == [missing]
    task.refresh_from_db()
    assert task.status == SafetyTaskStatus.OPEN
    assert task.assessment == ""


@time_machine.travel(given.NOW, tick=False)
def test_it_closes_with_the_assessment_and_audits_it(world: Any, task: SafetyTask) -> None:
    # when
    services.close_safety_task(task=task, closed_by=world.alice, **ASSESSMENT)
    # then
    task.refresh_from_db()
    assert task.status == SafetyTaskStatus.CLOSED
    assert (task.closed_by, task.closed_at) == (world.alice, given.NOW)
    assert (task.risk_level, task.disposition) == (RiskLevel.LOW, Disposition.CONTINUE_WITH_SAFETY_PLAN)
    assert task.assessment.startswith("Passive thoughts")
    event = AuditEvent.objects.get(action="update", object_id=str(task.pk))
    assert (event.actor, event.client_id) == (world.alice, world.carol.pk)
    assert "Passive" not in event.detail


def test_it_refuses_to_close_a_task_twice(world: Any, task: SafetyTask) -> None:
    services.close_safety_task(task=task, closed_by=world.alice, **ASSESSMENT)
    with pytest.raises(ValidationError) as raised:
        services.close_safety_task(task=task, closed_by=world.dana, **ASSESSMENT)
    assert "status" in raised.value.error_dict


def test_it_refuses_an_invalid_risk_level(world: Any, task: SafetyTask) -> None:
    with pytest.raises(ValidationError) as raised:
        services.close_safety_task(task=task, closed_by=world.alice, **{**ASSESSMENT, "risk_level": "none"})
    assert "risk_level" in raised.value.error_dict


def test_the_database_refuses_a_closed_task_without_an_assessment(world: Any, task: SafetyTask) -> None:
    # given someone bypasses the service
    with pytest.raises(IntegrityError), transaction.atomic():
        SafetyTask.objects.filter(pk=task.pk).update(
            status=SafetyTaskStatus.CLOSED, closed_by=world.alice, closed_at=given.NOW
        )


def test_it_names_every_missing_part_at_once(world: Any, task: SafetyTask) -> None:
    with pytest.raises(ValidationError) as raised:
        services.close_safety_task(
            task=task, closed_by=world.alice, assessment="", risk_level="", disposition="", plan=""
        )
    assert set(raised.value.error_dict) == {"assessment", "risk_level", "disposition", "plan"}
