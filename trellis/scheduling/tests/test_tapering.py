"""Step-down to the next phase and step-up after a relapse: the enrollment changes and the week is re-solved."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from trellis.episodes.models import Enrollment
from trellis.scheduling import services
from trellis.scheduling.models import ScheduleProposal
from trellis.scheduling.tests.schedule_world import NEXT_MONDAY

pytestmark = pytest.mark.usefixtures("frozen_now")


def publish_next_week(world: Any, capture: Any) -> None:
    with capture(execute=True):
        proposal = services.request_proposal(
            site=world.site_a, week_start=NEXT_MONDAY, requested_by=world.dana
        )
    services.publish_proposal(proposal=proposal, published_by=world.dana)


def test_it_steps_up_after_a_relapse_and_re_solves(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # given Carol is in phase 3 (3 days) and next week is published
    publish_next_week(world, django_capture_on_commit_callbacks)

    # when Alice steps her up from next Monday
    with django_capture_on_commit_callbacks(execute=True):
        services.step_up_client(
            episode=world.carol_enrollment.episode, starts_on=NEXT_MONDAY, changed_by=world.alice
        )

    # then she is in phase 1 at 5 days, and a re-solved week awaits review
    current = Enrollment.objects.get(episode=world.carol_enrollment.episode, ends_on__isnull=True)
    assert (current.phase, current.days_per_week) == (world.phase1, 5)
    resolved = ScheduleProposal.objects.get(status=ScheduleProposal.Status.READY)
    assert resolved.reason == "After a step-up"


def test_it_steps_down_to_the_next_phase(world: Any) -> None:
    # given Carol is moved up to phase 1 first
    episode = world.carol_enrollment.episode
    services.step_up_client(episode=episode, starts_on=dt.date(2026, 11, 16), changed_by=world.alice)

    services.step_down_client(episode=episode, starts_on=NEXT_MONDAY, changed_by=world.alice)

    current = Enrollment.objects.get(episode=episode, ends_on__isnull=True)
    assert current.phase == world.phase3
    assert Enrollment.objects.get(episode=episode, phase=world.phase1).end_reason == "step_down"


def test_it_refuses_to_step_down_from_the_last_phase(world: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        services.step_down_client(
            episode=world.carol_enrollment.episode, starts_on=NEXT_MONDAY, changed_by=world.alice
        )
    assert "last phase" in str(refused.value.message_dict["phase"])


def test_it_refuses_a_biller(world: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.step_up_client(
            episode=world.carol_enrollment.episode, starts_on=NEXT_MONDAY, changed_by=world.bill
        )
