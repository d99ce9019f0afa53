"""Reviews: progress on every objective, the next due date moves, and a step-down to the next phase."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError

from tests import factories
from trellis.episodes.models import Enrollment
from trellis.plans import reviews, selectors
from trellis.plans.choices import Progress
from trellis.plans.models import Objective, PlanReview, TreatmentPlan
from trellis.plans.review_schedule import ReviewState
from trellis.plans.reviews import ProgressEntry
from trellis.plans.tests.given import draft_plan, signed_plan
from trellis.privacy.models import AuditEvent

SIGNED = dt.datetime(2027, 1, 31, 15, 0, tzinfo=dt.UTC)


def _entries(plan: TreatmentPlan, status: str = Progress.PROGRESSING) -> list[ProgressEntry]:
    objectives = Objective.objects.filter(goal__problem__plan=plan)
    return [ProgressEntry(objective_id=o.pk, status=status, note="Went to 2 of 3") for o in objectives]


def _plan(world: Any, objectives: int = 2) -> TreatmentPlan:
    with time_machine.travel(SIGNED, tick=False):
        return signed_plan(episode=world.carol_enrollment.episode, author=world.alice, objectives=objectives)


def test_it_records_progress_on_every_objective_and_moves_the_due_date(world: Any) -> None:
    # given a plan signed on Jan 31, 2027 (30-day reviews: due Mar 2)
    plan = _plan(world)
    interval = selectors.intervals_for(program_ids=[world.program.pk])[world.program.pk]
    with time_machine.travel(dt.datetime(2027, 2, 25, 15, 0, tzinfo=dt.UTC), tick=False):
        due = selectors.due_of(selectors.get_plan(user=world.alice, pk=plan.pk), interval)
        assert due is not None
        assert (due.due_on, due.state) == (dt.date(2027, 3, 2), ReviewState.DUE_SOON)

        # when Alice reviews it on Feb 25
        review = reviews.record_review(
            plan=plan, entries=_entries(plan), reviewed_by=world.alice, summary="Steady"
        )

        # then each objective has its progress, and the next review is due 30 days after the review
        assert review.progress.count() == 2
        due = selectors.due_of(selectors.get_plan(user=world.alice, pk=plan.pk), interval)
    assert due is not None
    assert due.due_on == dt.date(2027, 3, 27)
    assert AuditEvent.objects.filter(object_id=str(review.pk), action="create").count() == 1


def test_it_refuses_a_review_missing_an_objective_naming_it(world: Any) -> None:
    # given a plan with two objectives
    plan = _plan(world)
    entries = _entries(plan)
    missing = Objective.objects.get(pk=entries[1].objective_id)

    # when the review leaves the second one without a status, then it is refused, naming that objective
    with (
        time_machine.travel(SIGNED + dt.timedelta(days=20), tick=False),
        pytest.raises(ValidationError) as refused,
    ):
        reviews.record_review(plan=plan, entries=entries[:1], reviewed_by=world.alice)
    assert refused.value.message_dict == {
        f"status_{missing.pk}": [
            "Objective 1.1.2: choose achieved, progressing, no progress, revised or discontinued."
        ]
    }
    assert not PlanReview.objects.exists()


@pytest.mark.parametrize(
    ("when", "reviewed_on", "field"),
    [
        (SIGNED + dt.timedelta(days=5), dt.date(2027, 2, 10), "reviewed_on"),  # in the future
        (SIGNED + dt.timedelta(days=5), dt.date(2027, 1, 30), "reviewed_on"),  # before signing
    ],
)
def test_it_refuses_review_dates_outside_the_plan(
    world: Any, when: dt.datetime, reviewed_on: dt.date, field: str
) -> None:
    plan = _plan(world)
    with time_machine.travel(when, tick=False), pytest.raises(ValidationError) as refused:
        reviews.record_review(
            plan=plan, entries=_entries(plan), reviewed_by=world.alice, reviewed_on=reviewed_on
        )
    assert field in refused.value.message_dict


def test_it_refuses_to_review_an_unsigned_plan(world: Any) -> None:
    plan = draft_plan(episode=world.carol_enrollment.episode, author=world.alice)
    with pytest.raises(ValidationError, match="sign this version first"):
        reviews.record_review(plan=plan, entries=_entries(plan), reviewed_by=world.alice)


def test_it_refuses_a_status_outside_the_list(world: Any) -> None:
    plan = _plan(world, objectives=1)
    with time_machine.travel(SIGNED + dt.timedelta(days=3), tick=False), pytest.raises(ValidationError):
        reviews.record_review(plan=plan, entries=_entries(plan, status="great"), reviewed_by=world.alice)


def test_it_steps_the_client_down_to_the_next_phase(world: Any) -> None:
    # given Carol in phase 1 of a program that also has phase 2, and a reviewed plan
    phase2 = factories.PhaseFactory.create(program=world.program, number=2, name="Phase 2", days_per_week=4)
    enrollment = world.carol_enrollment
    enrollment.phase = world.phase1
    enrollment.save()
    plan = _plan(world)
    with time_machine.travel(SIGNED + dt.timedelta(days=28), tick=False):
        review = reviews.record_review(
            plan=plan, entries=_entries(plan, Progress.ACHIEVED), reviewed_by=world.alice
        )
        step = reviews.next_phase(plan=plan)
        assert step is not None
        assert step[1] == phase2

        # when the step-down the review offers is taken
        new = reviews.step_down_after_review(
            review=review, starts_on=dt.date(2027, 3, 2), changed_by=world.alice
        )

    # then the old enrollment ends as a step-down and the new one is at phase 2, 4 days a week, same track
    enrollment.refresh_from_db()
    assert (enrollment.ends_on, enrollment.end_reason) == (dt.date(2027, 3, 2), "step_down")
    assert (new.phase, new.days_per_week, new.track) == (phase2, 4, world.track_a)
    assert Enrollment.objects.filter(episode=enrollment.episode).count() == 2


def test_it_refuses_a_step_down_past_the_last_phase(world: Any) -> None:
    # given Carol at phase 3, the program's last
    plan = _plan(world, objectives=1)
    with time_machine.travel(SIGNED + dt.timedelta(days=28), tick=False):
        review = reviews.record_review(plan=plan, entries=_entries(plan), reviewed_by=world.alice)
        assert reviews.next_phase(plan=plan) is None
        with pytest.raises(ValidationError) as refused:
            reviews.step_down_after_review(
                review=review, starts_on=dt.date(2027, 3, 2), changed_by=world.alice
            )
    assert "phase" in refused.value.message_dict
    assert Enrollment.objects.filter(episode=world.carol_enrollment.episode).count() == 1
