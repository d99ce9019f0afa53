"""Propose a week in the task queue, publish it in one click, and re-solve it moving as few people as possible."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from trellis.privacy.models import AuditEvent
from trellis.scheduling import services
from trellis.scheduling.models import ManualPlacement, ProposedPlacement, ScheduleProposal
from trellis.scheduling.tests.schedule_world import NEXT_MONDAY, add_afternoon_group, enroll

pytestmark = pytest.mark.usefixtures("frozen_now")
Status = ScheduleProposal.Status


def propose(world: Any, capture: Any, *, by: Any = None) -> ScheduleProposal:
    with capture(execute=True):
        proposal = services.request_proposal(
            site=world.site_a, week_start=NEXT_MONDAY, requested_by=by or world.dana
        )
    proposal.refresh_from_db()
    return proposal


def week_of(proposal: ScheduleProposal, client: Any) -> set[tuple[str, dt.date]]:
    rows = ProposedPlacement.objects.filter(proposal=proposal, client=client).select_related("group")
    return {(p.group.name, p.date) for p in rows}


def test_it_proposes_a_week_in_the_queue(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    # when Dana proposes next week for Northside
    proposal = propose(world, django_capture_on_commit_callbacks)

    # then the task solved it: Carol has her three days in the only group, and Lakeside's Dave is not in it
    assert proposal.status == Status.READY
    assert week_of(proposal, world.carol) == {
        ("Morning process group", NEXT_MONDAY),
        ("Morning process group", NEXT_MONDAY + dt.timedelta(days=2)),
        ("Morning process group", NEXT_MONDAY + dt.timedelta(days=4)),
    }
    assert not ProposedPlacement.objects.filter(client=world.dave).exists()
    assert proposal.shortfalls.count() == 0


def test_it_publishes_in_one_step_and_supersedes_the_old_week(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # given a published week and a second proposal for it
    first = propose(world, django_capture_on_commit_callbacks)
    services.publish_proposal(proposal=first, published_by=world.dana)
    second = propose(world, django_capture_on_commit_callbacks)

    # when the second is published
    services.publish_proposal(proposal=second, published_by=world.dana)

    # then it alone is the week's schedule, and the publication is audited
    first.refresh_from_db()
    assert first.status == Status.SUPERSEDED
    assert ScheduleProposal.objects.get(status=Status.PUBLISHED) == second
    assert AuditEvent.objects.filter(detail="schedule published", object_id=str(second.pk)).count() == 1
    # and only clients whose week changed get an event on their audit trail: here nobody's did
    assert not AuditEvent.objects.filter(detail="weekly schedule changed", object_id=str(second.pk)).exists()
    first_week = AuditEvent.objects.filter(detail="weekly schedule changed", object_id=str(first.pk))
    assert list(first_week.values_list("client_id", "actor")) == [(world.carol.pk, world.dana.pk)]


def test_it_moves_nobody_when_one_client_is_admitted(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # given a published week of six clients across two groups with free seats
    add_afternoon_group(world)
    clients = [world.carol] + [enroll(world, name) for name in ("Ana", "Ben", "Cy", "Di", "Ed")]
    published = propose(world, django_capture_on_commit_callbacks)
    services.publish_proposal(proposal=published, published_by=world.dana)
    before = {c.pk: week_of(published, c) for c in clients}

    # when Zoe is admitted and the week is re-solved
    zoe = enroll(world, "Zoe")
    with django_capture_on_commit_callbacks(execute=True):
        [resolved] = services.request_resolve_after_change(
            site=world.site_a, requested_by=world.amy, reason="New admission"
        )
    resolved.refresh_from_db()

    # then everyone keeps their week exactly and Zoe gets her three days
    assert {c.pk: week_of(resolved, c) for c in clients} == before
    assert len(week_of(resolved, zoe)) == 3


def test_it_keeps_a_manual_placement(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    # given Carol is pinned to Tuesday afternoons
    afternoon = add_afternoon_group(world)
    services.pin_client(client=world.carol, group=afternoon, weekday=1, pinned_by=world.amy)

    # when the week is proposed
    proposal = propose(world, django_capture_on_commit_callbacks)

    # then Tuesday afternoon is in her week, marked as pinned
    tuesday = NEXT_MONDAY + dt.timedelta(days=1)
    pinned = ProposedPlacement.objects.get(proposal=proposal, client=world.carol, date=tuesday)
    assert pinned.group == afternoon
    assert pinned.is_manual


def test_it_refuses_a_pin_on_a_day_the_group_does_not_meet(world: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        services.pin_client(client=world.carol, group=world.group_a, weekday=1, pinned_by=world.amy)
    assert "does not meet on that day" in str(refused.value.message_dict["weekday"])
    assert not ManualPlacement.objects.exists()


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("dana", True), ("amy", True), ("alice", False), ("nora", False), ("bill", False), ("adam", False)],
)
def test_it_lets_only_directors_and_admissions_propose(
    world: Any, django_capture_on_commit_callbacks: Any, persona: str, allowed: bool
) -> None:
    user = getattr(world, persona)
    if allowed:
        assert propose(world, django_capture_on_commit_callbacks, by=user).status == Status.READY
    else:
        with pytest.raises(PermissionDenied):
            propose(world, django_capture_on_commit_callbacks, by=user)


def test_it_refuses_a_site_the_user_does_not_work_at(world: Any) -> None:
    with pytest.raises(ValidationError):
        services.request_proposal(site=world.site_b, week_start=NEXT_MONDAY, requested_by=world.amy)


def test_it_refuses_a_week_that_does_not_start_on_monday(world: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        services.request_proposal(
            site=world.site_a, week_start=NEXT_MONDAY + dt.timedelta(days=1), requested_by=world.dana
        )
    assert "Monday" in str(refused.value.message_dict["week_start"])
