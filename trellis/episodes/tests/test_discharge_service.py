"""Discharge with an aftercare plan: one transaction; a discharge without a reason names the field, saves nothing."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError

from trellis.episodes.choices import DischargeReason, LevelOfCare
from trellis.episodes.discharge import Aftercare, discharge_with_aftercare
from trellis.episodes.models import AftercarePlan, Enrollment
from trellis.privacy.models import AuditEvent

DISCHARGED_ON = dt.date(2026, 12, 18)
# The evening of the discharge day: a discharge is recorded once it has happened.
NOW = dt.datetime(2026, 12, 18, 23, 0, tzinfo=dt.UTC)
AFTERCARE = Aftercare(
    next_level_of_care=LevelOfCare.OUTPATIENT,
    referrals="Harbor Counseling, 555-0100, 2027-01-04\nDr. Example (psychiatry), 555-0199, 2027-01-10",
    peer_support=[AftercarePlan.PeerSupport.SMART, AftercarePlan.PeerSupport.OTHER],
    peer_support_other="Recovery Dharma",
    alumni_group=True,
    alumni_group_name="Thursday alumni circle",
)


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _discharge(world: Any, **overrides: Any) -> AftercarePlan:
    arguments: dict[str, Any] = {
        "episode": world.carol_enrollment.episode,
        "discharged_on": DISCHARGED_ON,
        "reason": DischargeReason.COMPLETED,
        "summary": "Met plan goals; stepping down to weekly outpatient.",
        "aftercare": AFTERCARE,
        "discharged_by": world.alice,
    }
    arguments.update(overrides)
    return discharge_with_aftercare(**arguments)


def test_it_discharges_and_saves_the_aftercare_plan(world: Any) -> None:
    # when
    plan = _discharge(world)
    # then
    episode = world.carol_enrollment.episode
    episode.refresh_from_db()
    assert (episode.discharged_on, episode.discharge_reason) == (DISCHARGED_ON, DischargeReason.COMPLETED)
    assert plan.next_level_of_care == LevelOfCare.OUTPATIENT
    assert plan.referral_lines()[1] == "Dr. Example (psychiatry), 555-0199, 2027-01-10"
    assert plan.peer_support_labels() == ["SMART Recovery", "Recovery Dharma"]
    assert "988" in plan.crisis_line
    assert Enrollment.objects.get(pk=world.carol_enrollment.pk).end_reason == "discharged"
    assert AuditEvent.objects.filter(object_id=str(plan.pk), action="create", actor=world.alice).exists()
    assert AuditEvent.objects.filter(object_id=str(episode.pk), action="update").exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"reason": None}, "discharge_reason"),
        ({"reason": 9}, "discharge_reason"),
        ({"discharged_on": dt.date(2026, 10, 1)}, "discharged_on"),
        ({"aftercare": Aftercare(next_level_of_care="9")}, "next_level_of_care"),
        ({"aftercare": Aftercare(peer_support=["cult"])}, "peer_support"),
        ({"aftercare": Aftercare(peer_support=["other"])}, "peer_support_other"),
        ({"aftercare": Aftercare(alumni_group=True)}, "alumni_group_name"),
    ],
)
def test_it_refuses_a_bad_discharge_and_saves_nothing(
    world: Any, overrides: dict[str, Any], field: str
) -> None:
    # given
    events_before = AuditEvent.objects.count()
    # when
    with pytest.raises(ValidationError) as refused:
        _discharge(world, **overrides)
    # then
    assert field in refused.value.message_dict
    episode = world.carol_enrollment.episode
    episode.refresh_from_db()
    assert episode.is_open
    assert Enrollment.objects.get(pk=world.carol_enrollment.pk).ends_on is None
    assert not AftercarePlan.objects.exists()
    assert AuditEvent.objects.count() == events_before


def test_it_names_the_teds_reason_when_it_is_missing(world: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        _discharge(world, reason=None)
    assert refused.value.message_dict == {"discharge_reason": ["Choose the reason for discharge (TEDS)."]}


def test_it_refuses_to_discharge_twice(world: Any) -> None:
    _discharge(world)
    with pytest.raises(ValidationError) as refused:
        _discharge(world)
    assert "episode" in refused.value.message_dict
    assert AftercarePlan.objects.count() == 1


def test_it_keeps_a_name_only_for_choices_that_need_one(world: Any) -> None:
    plan = _discharge(
        world,
        aftercare=Aftercare(peer_support=["aa", "aa"], peer_support_other="ignored", alumni_group_name=""),
    )
    assert (plan.peer_support, plan.peer_support_other, plan.alumni_group_name) == (["aa"], "", "")
