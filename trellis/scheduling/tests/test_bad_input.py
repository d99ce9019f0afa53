"""Bad input gets a clear message naming what to fix, and nothing is published."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from tests import factories
from trellis.accounts.models import Credential
from trellis.scheduling import services
from trellis.scheduling.models import Commitment, ScheduleProposal
from trellis.scheduling.tests.schedule_world import NEXT_MONDAY

pytestmark = pytest.mark.usefixtures("frozen_now")


def propose(world: Any, capture: Any) -> ScheduleProposal:
    with capture(execute=True):
        proposal = services.request_proposal(
            site=world.site_a, week_start=NEXT_MONDAY, requested_by=world.dana
        )
    proposal.refresh_from_db()
    return proposal


def test_it_names_a_group_with_no_facilitator(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    # given the morning group's facilitator has left (deactivated)
    world.alice.is_active = False
    world.alice.save()

    # when the week is proposed
    proposal = propose(world, django_capture_on_commit_callbacks)

    # then the proposal is invalid, says which group, and cannot be published
    assert proposal.status == ScheduleProposal.Status.INVALID
    assert "Group Morning process group (Monday) has no facilitator." in proposal.errors
    with pytest.raises(ValidationError):
        services.publish_proposal(proposal=proposal, published_by=world.dana)
    assert not ScheduleProposal.objects.filter(status=ScheduleProposal.Status.PUBLISHED).exists()
    assert not proposal.placements.exists()


def test_it_names_a_facilitator_without_the_needed_credential(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # given the morning group needs an LCSW and Alice holds only an expired one
    world.group_a.required_credential = Credential.LicenseType.LCSW
    world.group_a.save()
    Credential.objects.create(
        user=world.alice, license_type="lcsw", number="X1", expires_on=dt.date(2026, 11, 1)
    )

    proposal = propose(world, django_capture_on_commit_callbacks)

    assert proposal.status == ScheduleProposal.Status.INVALID
    assert (
        "Facilitator Alice Test lacks the LCSW credential required by group Morning process group (Monday)."
        in proposal.errors
    )


def test_it_accepts_a_facilitator_with_a_current_credential(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    world.group_a.required_credential = Credential.LicenseType.LCSW
    world.group_a.save()
    Credential.objects.create(user=world.alice, license_type="lcsw", number="X1", expires_on=None)

    assert propose(world, django_capture_on_commit_callbacks).status == ScheduleProposal.Status.READY


def test_it_refuses_availability_that_ends_before_it_starts(world: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        services.add_commitment(
            client=world.carol,
            weekday=0,
            starts_at=dt.time(17, 0),
            ends_at=dt.time(9, 0),
            kind="work",
            added_by=world.alice,
        )
    assert refused.value.message_dict == {"ends_at": ["The end (09:00) must be after the start (17:00)."]}
    assert not Commitment.objects.exists()


def test_it_explains_a_client_whose_work_leaves_too_few_days(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # given Carol works Monday and Wednesday mornings, so the Mon/Wed/Fri morning group fits only Friday
    for weekday in (0, 2):
        services.add_commitment(
            client=world.carol,
            weekday=weekday,
            starts_at=dt.time(8, 0),
            ends_at=dt.time(12, 0),
            kind="work",
            added_by=world.alice,
        )

    proposal = propose(world, django_capture_on_commit_callbacks)

    # then she is explained in the solver's words, with a fix
    shortfall = proposal.shortfalls.get(client=world.carol)
    assert shortfall.days_short == 2
    assert "fit on only 1 day (Friday), and the phase needs 3 days" in shortfall.reason
    assert shortfall.fixes


def test_it_lets_an_other_site_facilitator_be_used_only_where_they_work(world: Any) -> None:
    other = factories.UserFactory.create(sites=[world.site_b])
    with pytest.raises(ValidationError):
        services.create_group(
            track=world.track_a,
            name="Stray group",
            weekdays=[1],
            starts_at=dt.time(9, 0),
            duration_minutes=60,
            room=world.group_a.room,
            facilitator=other,
            active_from=NEXT_MONDAY,
            created_by=world.dana,
        )
