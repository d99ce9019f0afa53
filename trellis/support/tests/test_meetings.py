"""Outside meetings: recorded from the chart by peer-support staff, counted on the chart for the last 30 days,
and listed in the plan review since the last review."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client as Browser
from django.urls import reverse

from conftest import SupportStaff, World
from trellis.plans.models import PlanReview, TreatmentPlan
from trellis.support import services
from trellis.support.choices import MeetingKind, MeetingSource
from trellis.support.models import OutsideMeeting
from trellis.support.tests import given

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def _meeting(world: World, by: Any, day: dt.date, kind: str = MeetingKind.AA, other_name: str = "") -> Any:
    return services.record_outside_meeting(
        client=world.carol, recorded_by=by, attended_on=day, kind=kind, other_name=other_name
    )


def test_a_peer_specialist_records_a_meeting_as_staff(world: World, support_staff: SupportStaff) -> None:
    meeting = _meeting(
        world, support_staff.pete, given.TODAY, MeetingKind.OTHER, other_name="Dharma Recovery"
    )
    assert (meeting.label, meeting.source, meeting.recorded_by) == (
        "Dharma Recovery", MeetingSource.STAFF, support_staff.pete
    )  # fmt: skip


@pytest.mark.parametrize(
    ("day", "kind", "field"),
    [
        (given.TODAY + dt.timedelta(days=1), MeetingKind.NA, "attended_on"),
        (given.TODAY, MeetingKind.OTHER, "other_name"),  # "other" needs its name
    ],
)
def test_it_refuses_a_bad_meeting(
    world: World, support_staff: SupportStaff, day: dt.date, kind: str, field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        _meeting(world, support_staff.pete, day, kind)
    assert field in refused.value.message_dict
    assert OutsideMeeting.objects.count() == 0


def test_a_biller_records_no_meeting(world: World) -> None:
    with pytest.raises(PermissionDenied):
        _meeting(world, world.bill, given.TODAY)


def test_the_chart_counts_the_last_30_days(world: World, support_staff: SupportStaff) -> None:
    # given meetings today, 29 days ago (inside the window) and 30 days ago (outside it)
    for days_ago in (0, 29, 30):
        _meeting(world, support_staff.pete, given.TODAY - dt.timedelta(days=days_ago))
    browser = Browser()
    browser.force_login(support_staff.pete)
    # when Pete opens Carol's chart
    page = browser.get(reverse("clients:chart", kwargs={"pk": world.carol.pk})).content.decode()
    # then two meetings in the last 30 days
    assert 'data-testid="meetings-30-days">2<' in page
    assert "Alcoholics Anonymous (AA)" in page


def test_the_plan_review_lists_meetings_since_the_last_review(
    world: World, support_staff: SupportStaff
) -> None:
    # given Carol's plan reviewed on Nov 9, and meetings on Nov 9 and Nov 16
    plan = TreatmentPlan.objects.create(episode=world.carol_enrollment.episode, created_by=world.alice)
    PlanReview.objects.create(
        plan=plan, reviewed_on=dt.date(2026, 11, 9), reviewed_at=given.NOW - dt.timedelta(days=14),
        reviewed_by=world.alice,
    )  # fmt: skip
    _meeting(world, support_staff.pete, dt.date(2026, 11, 9))
    _meeting(world, support_staff.pete, dt.date(2026, 11, 16), MeetingKind.SMART)
    browser = Browser()
    browser.force_login(world.alice)
    # when Alice opens the review
    page = browser.get(reverse("plans:review", kwargs={"pk": plan.pk})).content.decode()
    # then only the meeting after the last review is listed
    assert 'data-testid="meetings-since-review">1<' in page
    assert "SMART Recovery" in page
    assert "Alcoholics Anonymous" not in page
