"""Discharge with the next provider from the directory: an aftercare referral is drafted and the 30-day
follow-up shows on the worklist from discharge until it is recorded."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client as Browser
from django.urls import reverse

from trellis.episodes.choices import DischargeReason, LevelOfCare
from trellis.episodes.discharge import Aftercare, discharge_with_aftercare
from trellis.referrals import discharge
from trellis.referrals.choices import FollowUpOutcome, ResourceKind
from trellis.referrals.models import DischargeFollowUp, Referral
from trellis.referrals.tests import given
from trellis.worklist import sources
from trellis.worklist.items import Kind

NOW = dt.datetime(2026, 11, 20, 15, tzinfo=dt.UTC)
TODAY = NOW.date()


def _follow_up_lines(user: Any, now: dt.datetime) -> list[Any]:
    return sources.discharge_follow_ups(sources.Scope(user=user, now=now))


@time_machine.travel(NOW, tick=False)
def test_discharge_drafts_the_aftercare_referral_and_starts_the_follow_up(
    world: Any, support_staff: Any
) -> None:
    clinic = given.resource(support_staff.cami, name="Riverbend Outpatient", kind=ResourceKind.OUTPATIENT)
    episode = world.carol_enrollment.episode

    discharge_with_aftercare(
        episode=episode, discharged_on=TODAY, reason=DischargeReason.COMPLETED, summary="Completed.",
        aftercare=Aftercare(next_level_of_care=LevelOfCare.OUTPATIENT), discharged_by=world.alice,
        answers={discharge.NEXT_PROVIDER_FIELD: clinic},
    )  # fmt: skip

    referral = Referral.objects.get(client=world.carol)
    assert (referral.resource, referral.aftercare, referral.state) == (clinic, True, "drafted")
    assert referral.follow_up_on == TODAY + dt.timedelta(days=7)
    [line] = _follow_up_lines(world.alice, NOW)
    assert (line.kind, line.due_on, line.overdue) == (
        Kind.DISCHARGE_FOLLOW_UP,
        TODAY + dt.timedelta(days=30),
        False,
    )
    [late] = _follow_up_lines(world.alice, NOW + dt.timedelta(days=31))
    assert late.overdue


@pytest.mark.parametrize("posted", [{"outcome": FollowUpOutcome.ENGAGED}, {"outcome": "", "recorded_on": ""}])
@time_machine.travel(NOW, tick=False)
def test_recording_the_follow_up_takes_it_off_the_worklist(world: Any, posted: dict[str, str]) -> None:
    episode = world.carol_enrollment.episode
    discharge_with_aftercare(
        episode=episode, discharged_on=TODAY, reason=DischargeReason.COMPLETED, summary="Completed.",
        aftercare=Aftercare(), discharged_by=world.alice,
    )  # fmt: skip
    follow_up = DischargeFollowUp.objects.get(episode=episode)
    browser = Browser()
    browser.force_login(world.alice)

    response = browser.post(
        reverse("referrals:follow_up", kwargs={"pk": follow_up.pk}), {"recorded_on": "2026-11-20", **posted}
    )

    if posted["outcome"]:
        assert response.status_code == 302
        assert not _follow_up_lines(world.alice, NOW)
    else:
        assert response.status_code == 400
        assert "This field is required" in response.content.decode()
        assert len(_follow_up_lines(world.alice, NOW)) == 1
