"""Dates are checked for plausibility where they are entered: each rule at its edges, with the field named.

Now is frozen on a Wednesday afternoon; every edge is derived from it in the site's zone (Northside, New York).
The API is used where the rule is reached through it, the service elsewhere (forms call the same service).
"""

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client as Browser
from django.urls import reverse
from rest_framework.test import APIClient

from tests import factories
from trellis.attendance import services as attendance
from trellis.attendance.models import AttendanceRecord
from trellis.billing import services as billing
from trellis.billing.tests import billing_factories
from trellis.episodes import services as episodes
from trellis.episodes.models import Episode
from trellis.intake import services as intake
from trellis.measures import services as measures
from trellis.medications import services as medications
from trellis.medications.choices import Result, Route
from trellis.plans import services as plans

NOW = dt.datetime(2026, 11, 18, 20, 0, tzinfo=dt.UTC)  # 15:00 in New York
TODAY = dt.date(2026, 11, 18)
DAY = dt.timedelta(days=1)
ONE_YEAR_AHEAD = TODAY + dt.timedelta(days=366)


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _refused_field(write: Callable[[], object]) -> str | None:
    try:
        write()
    except ValidationError as error:
        return ",".join(error.message_dict)
    return None


@pytest.mark.parametrize(
    ("born", "status"),
    [
        (TODAY - DAY, 201),
        (TODAY, 400),
        (TODAY + 3650 * DAY, 400),
        (dt.date(1900, 1, 1), 201),
        (dt.date(1899, 12, 31), 400),
    ],
)
def test_it_accepts_birth_dates_in_the_past_and_after_1900_only(
    world: Any, born: dt.date, status: int
) -> None:
    # when Dana registers a client with this birth date
    body = {"site": str(world.site_a.pk), "legal_first_name": "Erin", "legal_last_name": "Vale"}
    response = _api(world.dana).post(
        "/api/v1/clients/", {**body, "date_of_birth": born.isoformat()}, format="json"
    )
    # then it is stored, or refused naming the field
    assert response.status_code == status, response.json()
    if status == 400:
        assert list(response.json()) == ["date_of_birth"]


def test_it_refuses_a_future_birth_date_when_demographics_change(world: Any) -> None:
    response = _api(world.dana).patch(
        f"/api/v1/clients/{world.carol.pk}/", {"date_of_birth": (TODAY + DAY).isoformat()}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"date_of_birth": ["A date of birth must be in the past."]}
    world.carol.refresh_from_db()
    assert world.carol.date_of_birth == dt.date(1988, 4, 12)


@pytest.mark.parametrize(
    ("discharged_on", "status"),
    [
        (TODAY, 200),
        (TODAY + DAY, 400),
        (dt.date(6011, 3, 1), 400),
        (dt.date(2026, 11, 2), 200),  # the day of admission
        (dt.date(2026, 11, 1), 400),
    ],
)
def test_it_discharges_only_between_admission_and_today(
    world: Any, discharged_on: dt.date, status: int
) -> None:
    # given Carol, admitted Nov 2
    episode = world.carol_enrollment.episode
    # when Dana discharges her on this day
    response = _api(world.dana).post(
        f"/api/v1/episodes/{episode.pk}/discharge/",
        {"discharged_on": discharged_on.isoformat(), "discharge_reason": 1},
        format="json",
    )
    # then the discharge lands, or is refused naming the date and the episode stays open
    assert response.status_code == status, response.json()
    if status == 400:
        assert list(response.json()) == ["discharged_on"]
        assert Episode.objects.get(pk=episode.pk).discharged_on is None


def test_it_refuses_an_admission_years_ahead(world: Any) -> None:
    erin = factories.ClientFactory.create(site=world.site_a)
    body = {"client": str(erin.pk), "program": str(world.program.pk), "admitted_on": "6011-01-05"}
    response = _api(world.dana).post("/api/v1/episodes/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["admitted_on"]
    assert not Episode.objects.filter(client=erin).exists()


@pytest.fixture
def session(world: Any) -> Any:
    """Monday's morning group at Northside: 09:00 to 12:00 in New York (14:00 to 17:00 UTC)."""
    return factories.GroupSessionFactory.create(group=world.group_a, date=dt.date(2026, 11, 16))


@pytest.mark.parametrize(
    ("arrived", "left", "refused"),
    [
        (dt.timedelta(minutes=-30), None, None),
        (dt.timedelta(minutes=-31), None, "arrived_at"),
        (None, dt.timedelta(minutes=30), None),
        (None, dt.timedelta(minutes=31), "left_at"),
    ],
)
def test_it_keeps_arrival_and_departure_within_the_session(
    world: Any, session: Any, arrived: dt.timedelta | None, left: dt.timedelta | None, refused: str | None
) -> None:
    # when an arrival before the start or a departure after the end is recorded
    def record() -> object:
        return attendance.record_attendance(
            session=session,
            client=world.carol,
            status=AttendanceRecord.Status.PRESENT,
            arrived_at=session.starts_at + arrived if arrived is not None else None,
            left_at=session.ends_at + left if left is not None else None,
            recorded_by=world.alice,
        )

    # then half an hour either side is accepted, a minute more is refused naming the time
    assert _refused_field(record) == refused
    assert AttendanceRecord.objects.filter(session=session).exists() == (refused is None)


def test_it_refuses_an_arrival_centuries_before_the_session(world: Any, session: Any) -> None:
    arrived = session.starts_at.replace(year=260)
    response = _api(world.alice).post(
        "/api/v1/attendance/",
        {
            "session": str(session.pk),
            "client": str(world.carol.pk),
            "status": "late",
            "arrived_at": arrived.isoformat(),
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"arrived_at": ["Arrival is more than 30 minutes before the session starts."]}


def _add_medication(world: Any, started_on: dt.date) -> object:
    return medications.add_medication(
        client=world.carol,
        name="Naltrexone",
        regimen=medications.Regimen(dose="50 mg", route=Route.ORAL, frequency="once daily"),
        started_on=started_on,
        recorded_by=world.nora,
        source="client_reported",
    )


@pytest.mark.parametrize(
    ("started_on", "refused"),
    [
        (dt.date(1988, 4, 12), None),  # Carol's birth date
        (dt.date(1988, 4, 11), "started_on"),
        (dt.date(1, 1, 1), "started_on"),
        (ONE_YEAR_AHEAD, None),
        (ONE_YEAR_AHEAD + DAY, "started_on"),
    ],
)
def test_it_starts_a_medication_between_birth_and_a_year_ahead(
    world: Any, started_on: dt.date, refused: str | None
) -> None:
    assert _refused_field(lambda: _add_medication(world, started_on)) == refused


@pytest.mark.parametrize(
    ("stopped_on", "refused"),
    [
        (TODAY - DAY, None),  # the day it started
        (TODAY - 2 * DAY, "stopped_on"),
        (ONE_YEAR_AHEAD, None),
        (dt.date(6011, 1, 1), "stopped_on"),
    ],
)
def test_it_stops_a_medication_between_its_start_and_a_year_ahead(
    world: Any, stopped_on: dt.date, refused: str | None
) -> None:
    medication: Any = _add_medication(world, TODAY - DAY)

    def stop() -> object:
        return medications.stop_medication(
            medication=medication, stopped_on=stopped_on, reason="Side effects", stopped_by=world.nora
        )

    assert _refused_field(stop) == refused


@pytest.mark.parametrize(
    ("collected_at", "refused"),
    [
        (NOW, None),
        (NOW + dt.timedelta(minutes=5, seconds=1), "collected_at"),  # beyond a fast tablet clock's slack
        (dt.datetime(1900, 1, 2, tzinfo=dt.UTC), None),
        (dt.datetime(1899, 12, 31, tzinfo=dt.UTC), "collected_at"),
    ],
)
def test_it_takes_drug_screens_collected_up_to_now(
    world: Any, collected_at: dt.datetime, refused: str | None
) -> None:
    def screen() -> object:
        return medications.record_drug_screen(
            client=world.carol,
            collected_at=collected_at,
            specimen="urine",
            method="read_by_eye",
            results=[medications.ResultEntry("cocaine", Result.NEGATIVE)],
            collected_by=world.nora,
        )

    assert _refused_field(screen) == refused


@pytest.mark.parametrize(
    ("administered_at", "refused"),
    [
        (NOW + dt.timedelta(minutes=5), None),
        (NOW + dt.timedelta(minutes=6), "administered_at"),
        (dt.datetime(1899, 12, 31, tzinfo=dt.UTC), "administered_at"),
    ],
)
def test_it_dates_a_measure_up_to_now(world: Any, administered_at: dt.datetime, refused: str | None) -> None:
    def measure() -> object:
        return measures.record_measure(
            client=world.carol,
            instrument="phq9",
            answers=[1, 1, 1, 1, 1, 0, 0, 0, 0],
            administered_by=world.alice,
            administered_at=administered_at,
        )

    assert _refused_field(measure) == refused


@pytest.mark.parametrize(
    ("target_on", "refused"),
    [
        (TODAY, None),
        (TODAY - DAY, "target_on"),
        (ONE_YEAR_AHEAD, None),
        (ONE_YEAR_AHEAD + DAY, "target_on"),
    ],
)
def test_it_sets_objective_targets_from_today_to_a_year_ahead(
    world: Any, target_on: dt.date, refused: str | None
) -> None:
    plan = plans.create_plan(episode=world.carol_enrollment.episode, created_by=world.alice)
    problem = plans.add_problem(plan=plan, statement="Isolation", added_by=world.alice)
    goal = plans.add_goal(problem=problem, client_words="I want friends", added_by=world.alice)

    def objective() -> object:
        return plans.add_objective(
            goal=goal,
            text="Join a club",
            measure="1 meeting a week",
            target_on=target_on,
            added_by=world.alice,
        )

    assert _refused_field(objective) == refused


@pytest.mark.parametrize(
    ("active_from", "status"),
    [
        (ONE_YEAR_AHEAD, 201),
        (ONE_YEAR_AHEAD + DAY, 400),
        (dt.date(1, 1, 1), 400),
        (dt.date(9999, 12, 31), 400),
    ],
)
def test_it_starts_a_group_within_a_year_ahead(world: Any, active_from: dt.date, status: int) -> None:
    body = {
        "track": str(world.track_a.pk),
        "name": "Relapse prevention",
        "weekdays": [1, 3],
        "starts_at": "13:00",
        "duration_minutes": 90,
        "room": str(world.group_a.room_id),
        "facilitator": world.alice.pk,
        "active_from": active_from.isoformat(),
    }
    response = _api(world.dana).post("/api/v1/groups/", body, format="json")
    assert response.status_code == status, response.json()
    if status == 400:
        assert list(response.json()) == ["active_from"]


def _inquiry(world: Any) -> Any:
    return intake.create_inquiry(
        site=world.site_a,
        caller_name="Pat Synthetic",
        referral_source="family",
        presenting_concern="Drinking more since the layoff",
        created_by=world.amy,
    )


@pytest.mark.parametrize(
    ("ahead", "refused"),
    [(dt.timedelta(days=366), None), (dt.timedelta(days=366, minutes=1), "next_action_due")],
)
def test_it_plans_an_inquirys_next_action_within_a_year(
    world: Any, ahead: dt.timedelta, refused: str | None
) -> None:
    inquiry = _inquiry(world)

    def plan_next() -> object:
        return intake.set_next_action(
            inquiry=inquiry, next_action="Call back", due=NOW + ahead, assigned_to=world.amy, set_by=world.amy
        )

    assert _refused_field(plan_next) == refused


@pytest.mark.parametrize(
    ("ahead", "refused"),
    [(dt.timedelta(days=366), None), (dt.timedelta(days=366, minutes=1), "starts_at")],
)
def test_it_books_an_assessment_within_a_year(world: Any, ahead: dt.timedelta, refused: str | None) -> None:
    inquiry = intake.advance_inquiry(inquiry=_inquiry(world), to_status="screened", advanced_by=world.amy)

    def book() -> object:
        return intake.book_assessment(
            inquiry=inquiry, starts_at=NOW + ahead, assessor=world.alice, booked_by=world.amy
        )

    assert _refused_field(book) == refused


@pytest.mark.parametrize(
    ("ends_on", "refused"),
    [
        (TODAY + dt.timedelta(days=3660), None),  # ten years ahead
        (TODAY + dt.timedelta(days=3661), "ends_on"),
        (dt.date(6011, 1, 1), "ends_on"),
    ],
)
def test_it_keeps_an_authorization_within_ten_years(
    world: Any, ends_on: dt.date, refused: str | None
) -> None:
    coverage = billing_factories.CoverageFactory.create(client=world.carol)

    def authorize() -> object:
        return billing.add_authorization(
            coverage=coverage,
            number="A-1",
            starts_on=TODAY,
            ends_on=ends_on,
            units_authorized=12,
            added_by=world.bill,
        )

    assert _refused_field(authorize) == refused


def test_it_refuses_a_subscriber_born_tomorrow(world: Any) -> None:
    payer = billing_factories.PayerFactory.create(organization=world.organization)

    def cover() -> object:
        return billing.add_coverage(
            client=world.carol,
            payer=payer,
            member_id="M-1",
            starts_on=TODAY,
            relationship="01",  # spouse
            subscriber_last_name="Northcott",
            subscriber_date_of_birth=TODAY + DAY,
            added_by=world.bill,
        )

    assert _refused_field(cover) == "subscriber_date_of_birth"


def test_it_shows_the_discharge_form_again_with_the_date_named(world: Any) -> None:
    # when Dana submits the discharge page with tomorrow's date
    browser = Browser()
    browser.force_login(world.dana)
    episode = world.carol_enrollment.episode
    response = browser.post(
        reverse("episodes:discharge", args=[episode.pk]),
        {"discharged_on": (TODAY + DAY).isoformat(), "discharge_reason": "1"},
    )
    # then the form comes back with the message beside the date, and the episode stays open
    assert "The discharge date cannot be in the future (after Nov 18, 2026)." in response.content.decode()
    assert Episode.objects.get(pk=episode.pk).discharged_on is None


@pytest.mark.parametrize(
    ("requested_on", "refused"), [(ONE_YEAR_AHEAD, None), (ONE_YEAR_AHEAD + DAY, "requested_on")]
)
def test_it_waitlists_for_a_start_within_a_year(
    world: Any, requested_on: dt.date, refused: str | None
) -> None:
    def waitlist() -> object:
        return episodes.add_to_waitlist(
            episode=world.carol_enrollment.episode,
            track=world.track_a,
            phase=world.phase3,
            requested_on=requested_on,
            added_by=world.dana,
        )

    assert _refused_field(waitlist) == refused
