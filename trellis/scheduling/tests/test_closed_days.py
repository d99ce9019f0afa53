"""Appointments and closed days: no booking on a site's holiday, and a closed inquiry frees its assessor's hour.

Northside closes on Wednesday Dec 16, 2026 (a staff training day). The clock stands on Monday the 14th,
08:00 in New York.
"""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client as Browser
from django.urls import reverse

from trellis.intake import services as intake
from trellis.intake.choices import InquiryStatus
from trellis.intake.models import Inquiry
from trellis.intake.tests.factories import InquiryFactory
from trellis.privacy.models import AuditEvent
from trellis.programs.models import Holiday
from trellis.scheduling import booking
from trellis.scheduling.models import Appointment

NEW_YORK = ZoneInfo("America/New_York")
NOW = dt.datetime(2026, 12, 14, 8, 0, tzinfo=NEW_YORK)
TUESDAY, CLOSED, THURSDAY = dt.date(2026, 12, 15), dt.date(2026, 12, 16), dt.date(2026, 12, 17)


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def closed(world: Any) -> Holiday:
    return Holiday.objects.create(site=world.site_a, date=CLOSED, name="Staff training day")


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=NEW_YORK)


def _assessment(world: Any, starts_at: dt.datetime, minutes: int = 90) -> Appointment:
    return booking.book_appointment(
        kind=Appointment.Kind.ASSESSMENT,
        site=world.site_a,
        staff=world.alice,
        starts_at=starts_at,
        minutes=minutes,
        booked_by=world.amy,
    )


@pytest.mark.parametrize(
    ("starts_at", "minutes", "refused"),
    [
        (_at(CLOSED, 13), 60, True),
        (_at(TUESDAY, 23), 90, True),  # runs into the closed day
        (_at(TUESDAY, 22, 30), 90, False),  # ends at midnight, as the closed day begins
        (_at(THURSDAY, 0), 60, False),
    ],
    ids=["on the day", "runs into it", "ends as it begins", "the day after"],
)
def test_it_refuses_an_appointment_on_a_day_the_site_is_closed(
    world: Any, closed: Holiday, starts_at: dt.datetime, minutes: int, refused: bool
) -> None:
    if not refused:
        assert _assessment(world, starts_at, minutes).is_booked
        return
    with pytest.raises(ValidationError) as refusal:
        _assessment(world, starts_at, minutes)
    message = refusal.value.message_dict["starts_at"][0]
    assert message == "Northside is closed on Wed Dec 16 (Staff training day). Choose another day."
    assert not Appointment.objects.exists()


def test_the_clients_booking_page_refuses_the_closed_day_and_keeps_what_was_typed(
    world: Any, closed: Holiday
) -> None:
    browser = Browser()
    browser.force_login(world.alice)
    url = reverse("scheduling:appointment_new", args=[world.carol.pk])
    data = {"kind": "individual", "staff": world.alice.pk, "day": CLOSED, "starts_at": "14:00", "minutes": 50}
    response = browser.post(url, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Northside is closed on Wed Dec 16 (Staff training day)" in page
    assert 'value="14:00"' in page
    assert not Appointment.objects.exists()


def test_intake_cannot_book_an_assessment_on_the_closed_day(world: Any, closed: Holiday) -> None:
    inquiry = InquiryFactory.create(site=world.site_a, status=InquiryStatus.SCREENED)
    with pytest.raises(ValidationError, match="Northside is closed"):
        intake.book_assessment(
            inquiry=inquiry, starts_at=_at(CLOSED, 13), assessor=world.alice, booked_by=world.amy
        )
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.SCREENED


def _booked_inquiry(world: Any) -> tuple[Inquiry, Appointment]:
    inquiry = InquiryFactory.create(site=world.site_a, status=InquiryStatus.SCREENED)
    intake.book_assessment(
        inquiry=inquiry, starts_at=_at(TUESDAY, 13), assessor=world.alice, booked_by=world.amy
    )
    return inquiry, Appointment.objects.get(inquiry=inquiry)


CLOSING_STEPS = {
    "lost": lambda inquiry, by: intake.mark_lost(inquiry=inquiry, reason="No answer after 3 calls", marked_by=by),
    "referred": lambda inquiry, by: intake.refer_elsewhere(inquiry=inquiry, referred_to="Residential", referred_by=by),
    "back to screened": lambda inquiry, by: intake.advance_inquiry(
        inquiry=inquiry, to_status=InquiryStatus.SCREENED, advanced_by=by
    ),
}  # fmt: skip


@pytest.mark.parametrize("step", CLOSING_STEPS)
def test_an_inquiry_that_will_not_be_assessed_frees_the_assessors_hour(world: Any, step: str) -> None:
    # given an assessment booked with Alice on Tuesday
    inquiry, appointment = _booked_inquiry(world)
    # when the inquiry is lost, referred elsewhere, or the assessment falls through
    CLOSING_STEPS[step](inquiry, world.amy)
    # then the appointment is cancelled, the cancellation audited, and Alice's hour is free again
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED
    assert AuditEvent.objects.filter(
        actor=world.amy, object_id=str(appointment.pk), detail="appointment cancelled"
    ).exists()
    assert _assessment(world, _at(TUESDAY, 13)).is_booked


def test_an_assessment_already_begun_stays_on_the_record(world: Any) -> None:
    inquiry, appointment = _booked_inquiry(world)
    with time_machine.travel(_at(TUESDAY, 14), tick=False):
        intake.mark_lost(inquiry=inquiry, reason="Chose another program", marked_by=world.amy)
    appointment.refresh_from_db()
    assert appointment.is_booked


def test_the_inquiry_page_says_the_assessment_is_cancelled(world: Any) -> None:
    inquiry, _ = _booked_inquiry(world)
    browser = Browser()
    browser.force_login(world.amy)
    response = browser.post(
        reverse("intake:lose", args=[inquiry.pk]), {"lost_reason": "No answer after 3 calls"}, follow=True
    )
    assert "Marked lost. The assessment booked for it is cancelled." in response.content.decode()
