"""The client's home page: help in a crisis, the next two weeks, this week's hours, check-ins due."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext

from conftest import World
from trellis.notifications.models import NotificationSettings
from trellis.portal.tests.conftest import sign_in
from trellis.scheduling import booking
from trellis.scheduling.appointments import Appointment
from trellis.scheduling.models import ProposedPlacement, ScheduleProposal

NOW = dt.datetime(2026, 12, 7, 14, 0, tzinfo=dt.UTC)  # a Monday
MONDAY = NOW.date()


@pytest.fixture(autouse=True, scope="module")
def _frozen_module() -> Any:
    """Every test here, and the module's world (built once per module), at NOW: the client's records are made
    "before" what the test does, whatever the wall clock says (CI's awkward-instant pass moves it)."""
    with time_machine.travel(NOW, tick=False):
        yield


def _publish(world: World, *, days: list[dt.date]) -> None:
    proposal = ScheduleProposal.objects.create(
        site=world.site_a,
        week_start=MONDAY,
        status=ScheduleProposal.Status.PUBLISHED,
        requested_by=world.dana,
    )
    for day in days:
        ProposedPlacement.objects.create(proposal=proposal, client=world.carol, group=world.group_a, date=day)


def _signed_in(sms_outbox: Any) -> Browser:
    browser = Browser()
    sign_in(browser, sms_outbox)
    return browser


def test_it_offers_988_and_the_programs_number(invited: World, sms_outbox: Any) -> None:
    NotificationSettings.objects.create(organization=invited.organization, help_phone="(413) 555-0100")
    page = _signed_in(sms_outbox).get("/me/").content.decode()
    assert 'href="tel:988"' in page
    assert "Suicide &amp; Crisis Lifeline" in page
    assert "(413) 555-0100" in page


def test_the_sign_in_page_offers_988_too() -> None:
    assert 'href="tel:988"' in Browser().get("/me/sign-in/").content.decode()


def test_it_lists_groups_and_appointments_of_the_next_two_weeks(invited: World, sms_outbox: Any) -> None:
    # given Carol's Wednesday group is published and Nora booked her a medication visit next Tuesday
    _publish(invited, days=[MONDAY + dt.timedelta(days=2)])
    booking.book_appointment(
        kind=Appointment.Kind.MEDICATION,
        site=invited.site_a,
        staff=invited.nora,
        client=invited.carol,
        starts_at=NOW + dt.timedelta(days=8),
        minutes=20,
        booked_by=invited.nora,
    )
    # when
    page = _signed_in(sms_outbox).get("/me/").content.decode()
    # then
    assert "Wed Dec 9" in page
    assert invited.group_a.name in page
    assert "Tue Dec 15" in page


def test_it_shows_this_weeks_hours_from_the_attendance_rule(invited: World, sms_outbox: Any) -> None:
    # given no group of Carol's track meets this week, so the attendance rule asks for no minimum
    page = _signed_in(sms_outbox).get("/me/").content.decode()
    assert "No program minimum this week; 0.0 hours attended." in page


def test_its_queries_do_not_grow_with_the_schedule(invited: World, sms_outbox: Any) -> None:
    browser = _signed_in(sms_outbox)
    _publish(invited, days=[MONDAY + dt.timedelta(days=2)])
    with CaptureQueriesContext(connection) as one:
        browser.get("/me/")
    ProposedPlacement.objects.create(
        proposal=ScheduleProposal.objects.get(),
        client=invited.carol,
        group=invited.group_a,
        date=MONDAY + dt.timedelta(days=4),
    )
    with CaptureQueriesContext(connection) as two:
        browser.get("/me/")
    assert len(two) == len(one)


def test_it_links_the_calendar_subscription_staff_made(invited: World, sms_outbox: Any) -> None:
    from trellis.scheduling.proposals import CalendarFeedToken
    from trellis.scheduling.services import rotate_feed_token

    browser = _signed_in(sms_outbox)
    assert "phone's calendar" not in browser.get("/me/").content.decode()
    rotate_feed_token(owner=invited.carol, rotated_by=invited.alice)
    token = CalendarFeedToken.objects.get(client=invited.carol).token
    assert f"/scheduling/feeds/{token}.ics" in browser.get("/me/").content.decode()
