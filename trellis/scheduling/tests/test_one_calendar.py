"""One calendar per person: groups and appointments together, and a booking that overlaps either is refused.

Alice facilitates the Morning process group at Northside, Mon/Wed/Fri 09:00-12:00 New York time. An
assessment admissions books into that time is refused with a message naming the group; one booked outside
it shows on her calendar beside the group, and every tile links to its session or appointment page, which
links on to its note.
"""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client as Browser
from django.urls import reverse

from tests import factories
from trellis.intake import services as intake
from trellis.intake.choices import InquiryStatus
from trellis.intake.models import Inquiry
from trellis.intake.tests.factories import InquiryFactory
from trellis.notes.individual_services import create_individual_note
from trellis.privacy.models import AuditEvent
from trellis.scheduling import booking
from trellis.scheduling.models import Appointment, GroupSession, ProposedPlacement, ScheduleProposal

NEW_YORK = ZoneInfo("America/New_York")
# Monday Dec 14, 2026, 08:00 in New York; Wednesday the 16th is a group day for Alice.
NOW = dt.datetime(2026, 12, 14, 8, 0, tzinfo=NEW_YORK)
MONDAY = dt.date(2026, 12, 14)
WEDNESDAY = dt.date(2026, 12, 16)


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=NEW_YORK)


def _screened(world: Any) -> Inquiry:
    inquiry: Inquiry = InquiryFactory.create(site=world.site_a, status=InquiryStatus.SCREENED)
    return inquiry


def _book(world: Any, inquiry: Inquiry, starts_at: dt.datetime) -> Inquiry:
    return intake.book_assessment(
        inquiry=inquiry, starts_at=starts_at, assessor=world.alice, booked_by=world.amy
    )


@pytest.mark.parametrize(
    ("hour", "minute", "conflicts"),
    [(7, 30, False), (7, 31, True), (10, 0, True), (11, 59, True), (12, 0, False)],
    ids=["ends as the group starts", "a minute into the group", "inside", "a minute before it ends", "after"],
)
def test_it_refuses_an_assessment_that_overlaps_the_assessors_group(
    world: Any, hour: int, minute: int, conflicts: bool
) -> None:
    # given a screened inquiry, when admissions books a 90-minute assessment with Alice on Wednesday
    inquiry = _screened(world)
    starts = _at(WEDNESDAY, hour, minute)
    if not conflicts:
        _book(world, inquiry, starts)
        assert Appointment.objects.get(inquiry=inquiry).starts_at == starts
        return
    events_before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        _book(world, inquiry, starts)
    # then the refusal names the group and its time, and nothing is booked
    message = refused.value.message_dict["starts_at"][0]
    assert "Alice Test facilitates Morning process group on Wed Dec 16, 09:00\u201312:00" in message
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.assessment_at) == (InquiryStatus.SCREENED, None)
    assert not Appointment.objects.exists()
    assert AuditEvent.objects.count() == events_before


def test_it_ignores_a_cancelled_session_and_honours_a_substitute(world: Any) -> None:
    # given Wednesday's session is cancelled, and Friday's is taken by Nora instead of Alice
    session = factories.GroupSessionFactory.create(
        group=world.group_a, date=WEDNESDAY, status=GroupSession.Status.CANCELLED, facilitator=world.alice
    )
    friday = WEDNESDAY + dt.timedelta(days=2)
    factories.GroupSessionFactory.create(group=world.group_a, date=friday, facilitator=world.nora)
    # then Alice is free at those times
    _book(world, _screened(world), _at(WEDNESDAY, 10))
    _book(world, _screened(world), _at(friday, 10))
    assert session.is_cancelled
    assert Appointment.objects.filter(staff=world.alice).count() == 2
    # and Nora, who took Friday's group, is not
    with pytest.raises(ValidationError) as refused:
        booking.book_appointment(
            kind=Appointment.Kind.INDIVIDUAL,
            site=world.site_a,
            staff=world.nora,
            client=world.carol,
            starts_at=_at(friday, 11),
            minutes=30,
            booked_by=world.nora,
        )
    assert "Nora Test facilitates Morning process group" in refused.value.message_dict["starts_at"][0]


def test_it_moves_an_assessment_without_tripping_over_itself(world: Any) -> None:
    inquiry = _screened(world)
    _book(world, inquiry, _at(MONDAY, 13))
    _book(world, inquiry, _at(MONDAY, 13, 30))
    statuses = sorted(Appointment.objects.filter(inquiry=inquiry).values_list("status", "starts_at"))
    assert statuses == [("booked", _at(MONDAY, 13, 30)), ("cancelled", _at(MONDAY, 13))]


def test_it_refuses_a_second_booking_in_the_same_hour(world: Any) -> None:
    _book(world, _screened(world), _at(MONDAY, 13))
    with pytest.raises(ValidationError) as refused:
        _book(world, _screened(world), _at(MONDAY, 14))
    assert (
        "Alice Test's assessment on Mon Dec 14, 13:00\u201314:30"
        in refused.value.message_dict["starts_at"][0]
    )


def test_it_books_a_psychiatric_evaluation_only_with_a_prescriber(world: Any) -> None:
    # given a prescriber at Northside beside Alice, a clinician
    priya = factories.UserFactory.create(
        username="priya", role="prescriber", sites=[world.site_a], programs=[world.program]
    )
    evaluation = {
        "kind": Appointment.Kind.PSYCH_EVALUATION, "site": world.site_a, "client": world.carol,
        "starts_at": _at(MONDAY, 13), "minutes": 60, "booked_by": world.amy,
    }  # fmt: skip
    # when admissions books Carol's evaluation with Alice, it is refused and nothing is booked
    with pytest.raises(ValidationError) as refused:
        booking.book_appointment(staff=world.alice, **evaluation)
    assert refused.value.message_dict["staff"] == ["A psychiatric evaluation is booked with a prescriber."]
    assert not Appointment.objects.filter(client=world.carol).exists()
    # and with the prescriber it is booked
    assert booking.book_appointment(staff=priya, **evaluation).staff == priya


def test_it_refuses_an_appointment_during_the_clients_published_group(world: Any) -> None:
    # given Carol is scheduled in the Morning process group on Wednesday
    proposal = ScheduleProposal.objects.create(
        site=world.site_a,
        week_start=MONDAY,
        status=ScheduleProposal.Status.PUBLISHED,
        requested_by=world.dana,
    )
    ProposedPlacement.objects.create(
        proposal=proposal, client=world.carol, group=world.group_a, date=WEDNESDAY
    )
    # when Nora books her medication visit in the middle of it
    with pytest.raises(ValidationError) as refused:
        booking.book_appointment(
            kind=Appointment.Kind.MEDICATION,
            site=world.site_a,
            staff=world.nora,
            client=world.carol,
            starts_at=_at(WEDNESDAY, 11),
            minutes=20,
            booked_by=world.nora,
        )
    assert "Carol Northcott's group Morning process group" in refused.value.message_dict["starts_at"][0]


def _page(user: Any, url: str) -> str:
    browser = Browser()
    browser.force_login(user)
    response = browser.get(url)
    assert response.status_code == 200
    return str(response.content.decode())


def test_it_shows_groups_and_appointments_on_the_assessors_calendar_with_links(world: Any) -> None:
    # given Wednesday's session exists and Alice has an assessment Monday and an individual session Tuesday
    session = factories.GroupSessionFactory.create(
        group=world.group_a, date=WEDNESDAY, facilitator=world.alice
    )
    _book(world, _screened(world), _at(MONDAY, 13))
    individual = booking.book_appointment(
        kind=Appointment.Kind.INDIVIDUAL,
        site=world.site_a,
        staff=world.alice,
        client=world.carol,
        starts_at=_at(MONDAY + dt.timedelta(days=1), 15),
        minutes=50,
        booked_by=world.alice,
    )
    # when Dana opens Alice's calendar for the week
    page = _page(world.dana, reverse("scheduling:staff_week", args=[world.alice.pk]) + f"?week={MONDAY}")
    # then both appointments and the group are there, each linking to its page
    assert page.count('data-testid="appointment-tile"') == 2
    assert "Individual session · Carol Northcott" in page
    assert reverse("scheduling:appointment", args=[individual.pk]) in page
    assert reverse("attendance:session", args=[session.pk]) in page
    # and the session page links to its group note, the individual session's page to its note
    assert reverse("notes:group_note", args=[session.pk]) in _page(
        world.alice, reverse("attendance:session", args=[session.pk])
    )
    appointment_url = reverse("scheduling:appointment", args=[individual.pk])
    assert "Write the individual note" in _page(world.alice, appointment_url)
    assert AuditEvent.objects.filter(
        actor=world.alice, detail="appointment", client_id=world.carol.pk
    ).exists()
    with time_machine.travel(_at(MONDAY + dt.timedelta(days=1), 17), tick=False):
        note = create_individual_note(
            client=world.carol,
            author=world.alice,
            service_date=MONDAY + dt.timedelta(days=1),
            duration_minutes=50,
            note_format="dap",
            sections={},
        )
        assert reverse("notes:individual", args=[note.pk]) in _page(world.alice, appointment_url)


def test_it_shows_the_clients_appointments_on_their_schedule(world: Any) -> None:
    booking.book_appointment(
        kind=Appointment.Kind.DRUG_SCREEN,
        site=world.site_a,
        staff=world.nora,
        client=world.carol,
        starts_at=_at(WEDNESDAY, 14),
        minutes=15,
        booked_by=world.nora,
    )
    page = _page(world.alice, reverse("scheduling:client", args=[world.carol.pk]) + f"?week={MONDAY}")
    assert "Drug screen" in page
    assert "Bob" not in page


def test_it_books_through_the_page_and_shows_the_conflict(world: Any) -> None:
    browser = Browser()
    browser.force_login(world.alice)
    url = reverse("scheduling:appointment_new", args=[world.carol.pk])
    data = {
        "kind": "individual",
        "staff": world.alice.pk,
        "day": WEDNESDAY,
        "starts_at": "10:00",
        "minutes": 50,
    }
    refused = browser.post(url, data)
    assert refused.status_code == 400
    assert "Morning process group" in refused.content.decode()
    assert not Appointment.objects.exists()
    data["starts_at"] = "13:00"
    booked = browser.post(url, data)
    appointment = Appointment.objects.get()
    assert booked["Location"] == reverse("scheduling:appointment", args=[appointment.pk])
    assert appointment.starts_at == _at(WEDNESDAY, 13)


def test_it_keeps_another_sites_appointments_off_the_page(world: Any) -> None:
    appointment = booking.book_appointment(
        kind=Appointment.Kind.INDIVIDUAL,
        site=world.site_b,
        staff=world.bob,
        client=world.dave,
        starts_at=_at(WEDNESDAY, 14),
        minutes=50,
        booked_by=world.bob,
    )
    browser = Browser()
    browser.force_login(world.alice)
    assert browser.get(reverse("scheduling:appointment", args=[appointment.pk])).status_code == 404


def _calendar_queries(world: Any, browser: Browser) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("scheduling:staff_week", args=[world.alice.pk]) + f"?week={MONDAY}"
    with CaptureQueriesContext(connection) as captured:
        assert browser.get(url).status_code == 200
    return len(captured)


def test_it_builds_the_calendar_in_the_same_queries_for_2_and_12_appointments(world: Any) -> None:
    browser = Browser()
    browser.force_login(world.dana)
    browser.get(reverse("today"))

    def book(count: int) -> None:
        for n in range(count):
            client = factories.ClientFactory.create(site=world.site_a, legal_last_name=f"Sample{n}")
            booking.book_appointment(
                kind=Appointment.Kind.INDIVIDUAL,
                site=world.site_a,
                staff=world.alice,
                client=client,
                starts_at=_at(MONDAY + dt.timedelta(days=1), 7) + dt.timedelta(hours=n),
                minutes=30,
                booked_by=world.alice,
            )

    book(2)
    with_2 = _calendar_queries(world, browser)
    Appointment.objects.all().delete()
    book(12)
    assert _calendar_queries(world, browser) == with_2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"starts_at": NOW - dt.timedelta(minutes=6)}, "starts_at"),
        ({"starts_at": NOW + dt.timedelta(days=367)}, "starts_at"),
        ({"minutes": 4}, "minutes"),
        ({"minutes": 481}, "minutes"),
        ({"kind": "massage"}, "kind"),
        ({"client": None}, "client"),
        ({"staff": "bob"}, "staff"),
        ({"client": "dave"}, "client"),
    ],
    ids=["past", "over a year ahead", "too short", "too long", "unknown kind", "no client", "other site's staff",
         "other site's client"],
)  # fmt: skip
def test_it_refuses_a_bad_booking_and_books_nothing(world: Any, change: dict[str, Any], field: str) -> None:
    arguments: dict[str, Any] = {
        "kind": Appointment.Kind.INDIVIDUAL,
        "site": world.site_a,
        "staff": world.alice,
        "client": world.carol,
        "starts_at": NOW + dt.timedelta(hours=5),
        "minutes": 50,
        "booked_by": world.alice,
    }
    arguments |= {
        k: getattr(world, v) if isinstance(v, str) and k in ("staff", "client") else v
        for k, v in change.items()
    }
    with pytest.raises(ValidationError) as refused:
        booking.book_appointment(**arguments)
    assert list(refused.value.message_dict) == [field]
    assert not Appointment.objects.exists()
