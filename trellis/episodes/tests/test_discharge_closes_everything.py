"""A discharge closes everything hanging on the episode, in one transaction, or refuses and changes nothing.

The discharge date is the client's last day in treatment: today at the latest, never before admission. The
enrollment's end date is exclusive (Enrollment.ends_on is "first day no longer enrolled"), so the census
and rosters count the client on the discharge day and not after it. Medications are reconciled at the
transition (The Joint Commission NPSG.03.06.01): each current one continues, stops, or is handed over.
"""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client as Browser
from django.urls import reverse

from trellis.attendance.today import list_track_census
from trellis.episodes.choices import DischargeReason
from trellis.episodes.models import Enrollment, Episode
from trellis.episodes.services import discharge_client
from trellis.medications import services as medications
from trellis.medications.models import DischargeReconciliation, Medication
from trellis.plans.choices import PlanStatus
from trellis.plans.tests.given import signed_plan
from trellis.privacy.models import AuditEvent
from trellis.scheduling import booking
from trellis.scheduling import services as scheduling
from trellis.scheduling.models import (
    Appointment,
    ManualPlacement,
    ProposedPlacement,
    ScheduleProposal,
)

# Friday Dec 18, 2026, mid-afternoon at Northside (New York): the discharge is recorded the day it happens.
NOW = dt.datetime(2026, 12, 18, 20, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 12, 18)
ADMITTED = dt.date(2026, 11, 2)


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _episode(world: Any) -> Episode:
    episode: Episode = world.carol_enrollment.episode
    return episode


def _discharge(world: Any, day: dt.date = TODAY, **answers: Any) -> Episode:
    return discharge_client(
        episode=_episode(world),
        discharged_on=day,
        reason=DischargeReason.COMPLETED,
        summary="Completed the program.",
        discharged_by=world.alice,
        answers=answers,
    )


@pytest.mark.parametrize(
    ("day", "allowed"),
    [
        (TODAY, True),
        (TODAY - dt.timedelta(days=1), True),
        (ADMITTED, True),
        (TODAY + dt.timedelta(days=1), False),
        (ADMITTED - dt.timedelta(days=1), False),
    ],
    ids=["today", "yesterday", "admission day", "tomorrow", "before admission"],
)
def test_it_takes_a_discharge_date_from_admission_to_today(world: Any, day: dt.date, allowed: bool) -> None:
    events_before = AuditEvent.objects.count()
    if allowed:
        _discharge(world, day)
        enrollment = Enrollment.objects.get(pk=world.carol_enrollment.pk)
        assert (enrollment.ends_on, enrollment.end_reason) == (day + dt.timedelta(days=1), "discharged")
        return
    with pytest.raises(ValidationError) as refused:
        _discharge(world, day)
    assert list(refused.value.message_dict) == ["discharged_on"]
    assert Episode.objects.get(pk=_episode(world).pk).is_open
    assert Enrollment.objects.get(pk=world.carol_enrollment.pk).ends_on is None
    assert AuditEvent.objects.count() == events_before


def test_it_names_the_latest_allowed_day_when_the_date_is_in_the_future(world: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        _discharge(world, TODAY + dt.timedelta(days=1))
    assert refused.value.message_dict["discharged_on"] == [
        "The discharge date cannot be in the future (after Dec 18, 2026)."
    ]


def test_it_counts_the_client_in_the_census_on_the_discharge_day_and_not_after(world: Any) -> None:
    yesterday = TODAY - dt.timedelta(days=1)
    _discharge(world, yesterday)
    last_day: list[Any] = list_track_census(user=world.dana, day=yesterday)
    after: list[Any] = list_track_census(user=world.dana, day=TODAY)
    on_last_day = {t.pk: t.enrolled_count for t in last_day}
    day_after = {t.pk: t.enrolled_count for t in after}
    assert (on_last_day[world.track_a.pk], day_after[world.track_a.pk]) == (1, 0)
    assert Enrollment.objects.on(yesterday).filter(pk=world.carol_enrollment.pk).exists()
    assert not Enrollment.objects.on(TODAY).filter(pk=world.carol_enrollment.pk).exists()


def _published_week(world: Any, monday: dt.date, days: list[dt.date]) -> ScheduleProposal:
    proposal = ScheduleProposal.objects.create(
        site=world.site_a,
        week_start=monday,
        status=ScheduleProposal.Status.PUBLISHED,
        requested_by=world.dana,
    )
    for day in days:
        ProposedPlacement.objects.create(proposal=proposal, client=world.carol, group=world.group_a, date=day)
    return proposal


def _medication(world: Any, name: str) -> Medication:
    return medications.add_medication(
        client=world.carol,
        name=name,
        regimen=medications.Regimen(dose="10 mg", route="oral", frequency="once daily"),
        started_on=ADMITTED,
        source="client_reported",
        outside_prescriber="Dr. Example Outside",
        recorded_by=world.alice,
    )


@pytest.fixture
def busy_carol(world: Any) -> dict[str, Any]:
    """Carol with a signed plan, two medications, this and next week's groups, a pin, a booked individual
    session next week and a calendar link."""
    monday = TODAY - dt.timedelta(days=TODAY.weekday())
    next_monday = monday + dt.timedelta(days=7)
    _published_week(world, monday, [monday, monday + dt.timedelta(days=2), TODAY])
    _published_week(world, next_monday, [next_monday, next_monday + dt.timedelta(days=2)])
    ManualPlacement.objects.create(client=world.carol, group=world.group_a, weekday=0, pinned_by=world.alice)
    appointment = booking.book_appointment(
        kind=Appointment.Kind.INDIVIDUAL,
        site=world.site_a,
        staff=world.alice,
        client=world.carol,
        starts_at=dt.datetime(2026, 12, 22, 19, 0, tzinfo=dt.UTC),
        minutes=50,
        booked_by=world.alice,
    )
    return {
        "plan": signed_plan(episode=_episode(world), author=world.alice),
        "sertraline": _medication(world, "Sertraline"),
        "naltrexone": _medication(world, "Naltrexone"),
        "appointment": appointment,
        "token": scheduling.rotate_feed_token(owner=world.carol, rotated_by=world.alice).token,
        "next_monday": next_monday,
    }


def _answers(given: dict[str, Any], **decisions: str) -> dict[str, Any]:
    return {
        f"medication_{given['sertraline'].pk}": decisions.get("sertraline", "continue"),
        f"medication_{given['naltrexone'].pk}": decisions.get("naltrexone", "stop"),
        "medication_handover_to": decisions.get("handover_to", ""),
    }


def test_it_closes_everything_at_discharge(world: Any, busy_carol: dict[str, Any]) -> None:
    # when Carol is discharged today, her sertraline handed over and her naltrexone stopped
    answers = _answers(busy_carol, sertraline="hand_over", handover_to="Dr. Synthetic, Harbor Clinic")
    _discharge(world, TODAY, **answers)
    # then her plan is closed as discharged, on the discharge day
    plan = busy_carol["plan"]
    plan.refresh_from_db()
    assert (plan.status, plan.closed_on) == (PlanStatus.DISCHARGED, TODAY)
    # her medications are reconciled: one handed over (still taken), one stopped from tomorrow
    sertraline, naltrexone = busy_carol["sertraline"], busy_carol["naltrexone"]
    sertraline.refresh_from_db()
    naltrexone.refresh_from_db()
    assert sertraline.stopped_on is None
    assert naltrexone.stopped_on == TODAY + dt.timedelta(days=1)
    decisions = dict(DischargeReconciliation.objects.values_list("medication__name", "decision"))
    assert decisions == {"Sertraline": "hand_over", "Naltrexone": "stop"}
    assert DischargeReconciliation.objects.get(decision="hand_over").handed_over_to.startswith(
        "Dr. Synthetic"
    )
    # she is on no schedule after today, but today's group stays as it happened
    left = sorted(ProposedPlacement.objects.filter(client=world.carol).values_list("date", flat=True))
    assert left[-1] == TODAY
    assert not ProposedPlacement.objects.filter(
        client=world.carol, date__gte=busy_carol["next_monday"]
    ).exists()
    assert not ManualPlacement.objects.filter(client=world.carol).exists()
    appointment = busy_carol["appointment"]
    appointment.refresh_from_db()
    assert (appointment.status, appointment.cancel_reason) == ("cancelled", "Client discharged")
    # and her calendar link is revoked
    assert Browser().get(reverse("scheduling:feed", args=[busy_carol["token"]])).status_code == 410
    details = set(AuditEvent.objects.filter(actor=world.alice).values_list("detail", flat=True))
    assert {"calendar link revoked at discharge", "appointment cancelled: client discharged"} <= details
    assert any(d.startswith("plan v1 (active) closed at discharge") for d in details)
    # and the medication list says what was decided for each
    browser = Browser()
    browser.force_login(world.nora)
    page = browser.get(reverse("medications:client", args=[world.carol.pk])).content.decode()
    assert "At discharge Dec 18, 2026: handed over to Dr. Synthetic, Harbor Clinic" in page
    assert "At discharge Dec 18, 2026: stopped" in page


@pytest.mark.parametrize(
    ("decisions", "field"),
    [
        ({"sertraline": ""}, "sertraline"),
        ({"sertraline": "forget"}, "sertraline"),
        ({"sertraline": "hand_over"}, "medication_handover_to"),
    ],
    ids=["no decision", "unknown decision", "hand over to nobody"],
)
def test_it_refuses_an_unreconciled_discharge_and_changes_nothing(
    world: Any, busy_carol: dict[str, Any], decisions: dict[str, str], field: str
) -> None:
    # given
    events_before = AuditEvent.objects.count()
    placements_before = ProposedPlacement.objects.filter(client=world.carol).count()
    # when
    with pytest.raises(ValidationError) as refused:
        _discharge(world, TODAY, **_answers(busy_carol, **decisions))
    # then the refusal names the medication's question, and nothing at all has changed
    expected = f"medication_{busy_carol['sertraline'].pk}" if field == "sertraline" else field
    assert list(refused.value.message_dict) == [expected]
    assert "Sertraline" in refused.value.message_dict[expected][0]
    assert Episode.objects.get(pk=_episode(world).pk).is_open
    assert Enrollment.objects.get(pk=world.carol_enrollment.pk).ends_on is None
    assert ProposedPlacement.objects.filter(client=world.carol).count() == placements_before
    busy_carol["plan"].refresh_from_db()
    assert busy_carol["plan"].status == PlanStatus.ACTIVE
    assert Medication.objects.filter(client=world.carol, stopped_on__isnull=True).count() == 2
    assert not DischargeReconciliation.objects.exists()
    assert AuditEvent.objects.count() == events_before
    assert Browser().get(reverse("scheduling:feed", args=[busy_carol["token"]])).status_code == 200


def test_it_closes_an_unsigned_draft_too(world: Any) -> None:
    from trellis.plans.tests.given import draft_plan

    draft = draft_plan(episode=_episode(world), author=world.alice)
    _discharge(world, TODAY)
    draft.refresh_from_db()
    assert (draft.status, draft.closed_on, draft.effective_on) == (PlanStatus.DISCHARGED, TODAY, None)


def test_it_asks_about_each_current_medication_on_the_discharge_form(
    world: Any, busy_carol: dict[str, Any]
) -> None:
    browser = Browser()
    browser.force_login(world.alice)
    url = reverse("episodes:discharge", args=[_episode(world).pk])
    page = browser.get(url).content.decode()
    assert "Medications at discharge" in page
    assert "Sertraline 10 mg, oral, once daily" in page
    # when the form is sent without the medication answers, nothing is saved and the page says why
    data = {"discharged_on": TODAY.isoformat(), "discharge_reason": "1", "crisis_line": "988"}
    refused = browser.post(url, data).content.decode()
    assert "Nothing was saved." in refused
    assert "Say whether Sertraline continues, stops or goes to the aftercare provider." in refused
    assert Episode.objects.get(pk=_episode(world).pk).is_open
    # and with them, Carol is discharged and the plan page says the plan is closed
    data |= _answers(busy_carol)
    summary = browser.post(url, data, follow=True).content.decode()
    assert "Naltrexone 10 mg, oral, once daily: stopped from Dec 19, 2026" in summary
    assert "Sertraline 10 mg, oral, once daily: continue" in summary
    plan_page = browser.get(reverse("plans:plan", args=[busy_carol["plan"].pk])).content.decode()
    assert "Closed at discharge Dec 18, 2026" in plan_page
