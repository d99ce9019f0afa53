"""Intake pages: the pipeline board, an inquiry's page, conversion by source, and the Today panel."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import World
from trellis.intake import services
from trellis.intake.choices import InquiryStatus
from trellis.intake.models import Inquiry
from trellis.intake.tests.factories import InquiryFactory
from trellis.privacy.models import AuditEvent

NOW = dt.datetime(2026, 11, 24, 15, 0, tzinfo=dt.UTC)


def _browser(user: object) -> Browser:
    browser = Browser()
    browser.force_login(user)  # type: ignore[arg-type]
    return browser


def _pipeline_queries(world: World, rows: int) -> int:
    Inquiry.objects.all().delete()
    statuses = [InquiryStatus.NEW, InquiryStatus.SCREENED, InquiryStatus.ASSESSMENT_BOOKED]
    for n in range(rows):
        InquiryFactory.create(site=world.site_a, status=statuses[n % 3], assigned_to=world.amy)
    browser = _browser(world.amy)
    cache.clear()  # read afresh: kept memberships and counts would differ by state
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(reverse("intake:pipeline"))
    assert response.status_code == 200
    return len(captured)


@time_machine.travel(NOW, tick=False)
def test_the_pipeline_runs_the_same_queries_for_10_and_100_inquiries(world: World) -> None:
    assert _pipeline_queries(world, 10) == _pipeline_queries(world, 100)


@time_machine.travel(NOW, tick=False)
def test_the_pipeline_puts_crisis_first_and_highlights_overdue(world: World) -> None:
    # given a routine inquiry overdue and a crisis taken just now
    InquiryFactory.create(
        site=world.site_a, prospect_first_name="Rowan", next_action_due=NOW - dt.timedelta(hours=3)
    )
    services.create_inquiry(
        site=world.site_a,
        caller_name="Sky Synthetic",
        referral_source="hospital",
        presenting_concern="Discharged from ED after an overdose yesterday",
        created_by=world.amy,
    )
    # when Amy opens the pipeline
    html = _browser(world.amy).get(reverse("intake:pipeline")).content.decode()
    # then the crisis card comes first in New, and the overdue one says so
    new_lane = html[html.index('id="lane-new"') : html.index('id="lane-screened"')]
    assert new_lane.index("Sky Synthetic") < new_lane.index("Rowan")
    assert 'badge bad">Crisis' in new_lane
    assert 'due overdue">overdue' in new_lane


def test_bob_cannot_open_an_inquiry_at_site_a(world: World) -> None:
    inquiry = InquiryFactory.create(site=world.site_a)
    assert _browser(world.bob).get(reverse("intake:inquiry", args=[inquiry.pk])).status_code == 404
    assert _browser(world.alice).get(reverse("intake:inquiry", args=[inquiry.pk])).status_code == 200


@pytest.mark.parametrize("persona", ["bill", "adam", "nora"])
def test_roles_outside_intake_cannot_open_the_pipeline(world: World, persona: str) -> None:
    assert _browser(world.staff()[persona]).get(reverse("intake:pipeline")).status_code == 403


def test_opening_an_inquiry_is_audited(world: World) -> None:
    inquiry = InquiryFactory.create(site=world.site_a)
    _browser(world.amy).get(reverse("intake:inquiry", args=[inquiry.pk]))
    assert AuditEvent.objects.filter(actor=world.amy, action="view", object_id=str(inquiry.pk)).exists()


@time_machine.travel(NOW, tick=False)
def test_taking_an_inquiry_with_crisis_words_warns_at_once(world: World) -> None:
    response = _browser(world.amy).post(
        reverse("intake:inquiry_new"),
        {
            "site": world.site_a.pk,
            "caller_name": "Lee Synthetic",
            "referral_source": "self",
            "urgency": "routine",
            "presenting_concern": "I can't stay safe tonight",
        },
        follow=True,
    )
    assert "Crisis words in the concern" in response.content.decode()
    assert Inquiry.objects.get().is_crisis


def test_a_wrong_move_shows_the_error_on_the_form_and_changes_nothing(world: World) -> None:
    # given a screened inquiry
    inquiry = InquiryFactory.create(site=world.site_a, status=InquiryStatus.SCREENED)
    # when someone tries to mark it lost without a reason
    response = _browser(world.amy).post(reverse("intake:lose", args=[inquiry.pk]), {"lost_reason": ""})
    # then the page comes back with the field's error and the status is unchanged
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.SCREENED


@time_machine.travel(NOW, tick=False)
def test_the_conversion_report_counts_by_source_in_constant_queries(world: World) -> None:
    # given inquiries from two sources; one family inquiry admitted
    for _ in range(3):
        InquiryFactory.create(site=world.site_a, referral_source="family")
    InquiryFactory.create(
        site=world.site_a, referral_source="court", status=InquiryStatus.LOST, lost_reason="No answer"
    )
    admitted = InquiryFactory.create(
        site=world.site_a, referral_source="family", status=InquiryStatus.ASSESSMENT_BOOKED
    )
    services.convert_inquiry(
        inquiry=admitted, legal_first_name="Ari", legal_last_name="Synth", converted_by=world.amy
    )
    browser = _browser(world.amy)
    # when the report is shown for this month
    cache.clear()  # read afresh: kept memberships and counts would differ by state
    with CaptureQueriesContext(connection) as few:
        response = browser.get(reverse("intake:report"), {"start": "2026-11-01", "end": "2026-11-30"})
    for _ in range(20):
        InquiryFactory.create(site=world.site_a, referral_source="school")
    cache.clear()  # read afresh: kept memberships and counts would differ by state
    with CaptureQueriesContext(connection) as many:
        browser.get(reverse("intake:report"), {"start": "2026-11-01", "end": "2026-11-30"})
    # then family converts 1 of 4 (25%) and the query count does not grow with rows
    rows = {row.source: row for row in response.context["rows"]}
    assert (rows["family"].total, rows["family"].admitted, rows["family"].rate) == (4, 1, 0.25)
    assert rows["court"].counts == {"lost": 1}
    assert "25%" in response.content.decode()
    assert len(few) == len(many)


@time_machine.travel(NOW, tick=False)
def test_the_today_panel_lists_due_inquiries_crisis_first_for_admissions(world: World) -> None:
    InquiryFactory.create(
        site=world.site_a, prospect_first_name="Later", next_action_due=NOW + dt.timedelta(days=3)
    )
    InquiryFactory.create(
        site=world.site_a, prospect_first_name="Overdue", next_action_due=NOW - dt.timedelta(days=1)
    )
    InquiryFactory.create(
        site=world.site_a, prospect_first_name="Crisis", is_crisis=True, next_action_due=NOW
    )
    html = _browser(world.amy).get(reverse("today")).content.decode()
    panel = html[html.index("Intake: due today or overdue") :]
    assert panel.index("Crisis") < panel.index("Overdue")
    assert "Later" not in panel
    assert "Intake: due today" not in _browser(world.alice).get(reverse("today")).content.decode()
