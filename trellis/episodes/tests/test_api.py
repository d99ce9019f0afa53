"""The episodes and enrollments API: admit, enroll, step down or up, discharge; bad input writes nothing."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from conftest import World
from tests import factories as typed_factories
from trellis.accounts.models import User
from trellis.episodes.models import Enrollment, Episode
from trellis.privacy.models import AuditEvent

# factory_boy types a factory call as the factory, not the model instance it returns.
factories: Any = typed_factories

EPISODES = "/api/v1/episodes/"
ENROLLMENTS = "/api/v1/enrollments/"


def as_user(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def snapshot() -> list[Any]:
    return [
        list(Episode.objects.values_list("id", "discharged_on")),
        list(Enrollment.objects.values_list("id", "ends_on")),
        AuditEvent.objects.count(),
    ]


@pytest.fixture
def frank_episode(world: World) -> Any:
    """Frank, admitted at Northside, not yet in a track."""
    frank = factories.ClientFactory(site=world.site_a, legal_first_name="Frank", legal_last_name="Ames")
    return factories.EpisodeFactory(client=frank, program=world.program)


def test_it_admits_a_client_at_a_level_of_care(world: World) -> None:
    # given Erin, registered at Northside but never admitted
    erin = factories.ClientFactory(site=world.site_a, legal_first_name="Erin")
    payload = {"client": str(erin.pk), "program": str(world.program.pk), "admitted_on": "2026-11-20"}
    # when Amy admits her
    response = as_user(world.amy).post(EPISODES, payload, format="json")
    # then an open episode starts at IOP (2.1) and the admission is audited
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["client"], body["discharged_on"]) == (str(erin.pk), None)
    assert [change["level"] for change in body["level_changes"]] == ["2.1"]
    assert AuditEvent.objects.filter(client=erin, action="create", detail="admitted").count() == 1


def test_it_refuses_a_second_open_episode_in_the_program(world: World) -> None:
    # given Carol already has an open episode
    payload = {"client": str(world.carol.pk), "program": str(world.program.pk), "admitted_on": "2026-11-20"}
    before = snapshot()
    # when she is admitted again
    response = as_user(world.alice).post(EPISODES, payload, format="json")
    # then it is refused naming the program, and nothing is written
    assert response.status_code == 400
    assert "open episode" in response.json()["program"][0]
    assert snapshot() == before


def test_it_lists_and_filters_episodes(world: World) -> None:
    # given Dana sees both sites
    client = as_user(world.dana)
    # when she lists all episodes, then Carol's alone
    everyone = client.get(EPISODES).json()
    carols = client.get(EPISODES, {"client": str(world.carol.pk), "open": "true"}).json()
    # then both clients' episodes are listed, and the filter narrows to Carol's
    assert everyone["count"] == 2
    assert [row["client_name"] for row in carols["results"]] == ["Carol Northcott"]


def test_it_reads_an_episode_with_its_history(world: World) -> None:
    # given Carol's episode
    episode_id = world.carol_enrollment.episode_id
    # when Alice opens it
    body = as_user(world.alice).get(f"{EPISODES}{episode_id}/").json()
    # then it carries her enrollment
    assert [row["track_name"] for row in body["enrollments"]] == ["Northside day"]


@time_machine.travel(dt.datetime(2026, 12, 18, 23, 0, tzinfo=dt.UTC), tick=False)
def test_it_discharges_and_ends_the_enrollment(world: World) -> None:
    # given Carol in treatment
    episode_id = world.carol_enrollment.episode_id
    payload = {"discharged_on": "2026-12-18", "discharge_reason": 1, "summary": "Completed all phases."}
    # when Alice discharges her as completed
    response = as_user(world.alice).post(f"{EPISODES}{episode_id}/discharge/", payload, format="json")
    # then the episode is closed with its TEDS reason and the enrollment ends the day after
    assert response.status_code == 200, response.json()
    assert (response.json()["discharged_on"], response.json()["discharge_reason"]) == ("2026-12-18", 1)
    world.carol_enrollment.refresh_from_db()
    assert str(world.carol_enrollment.ends_on) == "2026-12-19"
    assert world.carol_enrollment.end_reason == "discharged"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"discharged_on": "2026-10-01", "discharge_reason": 1}, "discharged_on"),  # before admission
        ({"discharged_on": "2026-12-18", "discharge_reason": 99}, "discharge_reason"),
        ({"discharge_reason": 1}, "discharged_on"),
    ],
)
def test_it_refuses_a_bad_discharge(world: World, payload: dict[str, Any], field: str) -> None:
    # given Carol in treatment
    before = snapshot()
    # when a discharge with one thing wrong is sent
    url = f"{EPISODES}{world.carol_enrollment.episode_id}/discharge/"
    response = as_user(world.alice).post(url, payload, format="json")
    # then it names the field and nothing changes
    assert response.status_code == 400
    assert field in response.json()
    assert snapshot() == before


def test_it_enrolls_a_client_in_a_track(world: World, frank_episode: Any) -> None:
    # given Frank, admitted and waiting for a track
    payload = {
        "episode": str(frank_episode.pk),
        "track": str(world.track_a.pk),
        "phase": str(world.phase1.pk),
        "starts_on": "2026-11-09",
    }
    # when Amy enrolls him
    response = as_user(world.amy).post(ENROLLMENTS, payload, format="json")
    # then he is in the track at phase 1's days per week
    assert response.status_code == 201, response.json()
    assert (response.json()["track_name"], response.json()["days_per_week"]) == ("Northside day", 5)
    assert Enrollment.objects.filter(episode=frank_episode, ends_on__isnull=True).count() == 1


def test_it_refuses_a_full_track_and_offers_the_waitlist(world: World, frank_episode: Any) -> None:
    # given the Northside day track has one place, and Carol has it
    world.track_a.capacity = 1
    world.track_a.save(update_fields=["capacity"])
    payload = {
        "episode": str(frank_episode.pk),
        "track": str(world.track_a.pk),
        "phase": str(world.phase1.pk),
        "starts_on": "2026-11-09",
    }
    before = snapshot()
    # when Frank is enrolled into it
    response = as_user(world.amy).post(ENROLLMENTS, payload, format="json")
    # then it is refused naming the track, pointing to the waitlist, and nothing is written
    assert response.status_code == 400
    assert "waitlist" in response.json()["track"][0]
    assert snapshot() == before


def test_it_refuses_an_overlapping_enrollment(world: World) -> None:
    # given Carol is enrolled from 2 November with no end
    payload = {
        "episode": str(world.carol_enrollment.episode_id),
        "track": str(world.track_a.pk),
        "phase": str(world.phase1.pk),
        "starts_on": "2026-11-16",
    }
    before = snapshot()
    # when a second enrollment over the same days is sent
    response = as_user(world.alice).post(ENROLLMENTS, payload, format="json")
    # then it is refused naming the start date, and nothing is written
    assert response.status_code == 400
    assert "already enrolled" in response.json()["starts_on"][0]
    assert snapshot() == before


def test_it_steps_a_client_down_keeping_the_history(world: World) -> None:
    # given Carol at phase 3; a new phase 4 at two days a week
    phase4 = factories.PhaseFactory(program=world.program, number=4, name="Phase 4", days_per_week=2)
    payload = {
        "track": str(world.track_a.pk),
        "phase": str(phase4.pk),
        "starts_on": "2026-12-07",
        "reason": "step_down",
    }
    # when Alice steps her down
    url = f"{ENROLLMENTS}{world.carol_enrollment.pk}/change/"
    response = as_user(world.alice).post(url, payload, format="json")
    # then the old enrollment ends that day as a step-down and the new one starts
    assert response.status_code == 201, response.json()
    assert (response.json()["phase_number"], response.json()["starts_on"]) == (4, "2026-12-07")
    spans = list(
        Enrollment.objects.filter(episode_id=world.carol_enrollment.episode_id).values_list(
            "phase__number", "ends_on", "end_reason"
        )
    )
    assert [(number, str(ends_on), reason) for number, ends_on, reason in spans] == [
        (3, "2026-12-07", "step_down"),
        (4, "None", ""),
    ]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"reason": "discharged"}, "reason"),
        ({"starts_on": "2026-10-01"}, "starts_on"),  # before the current enrollment started
        ({"phase": "00000000-0000-0000-0000-000000000000"}, "phase"),
    ],
)
def test_it_refuses_a_bad_change(world: World, change: dict[str, Any], field: str) -> None:
    # given Carol's current enrollment
    payload = {
        "track": str(world.track_a.pk),
        "phase": str(world.phase1.pk),
        "starts_on": "2026-12-07",
        "reason": "step_up",
        **change,
    }
    before = snapshot()
    # when a change with one thing wrong is sent
    url = f"{ENROLLMENTS}{world.carol_enrollment.pk}/change/"
    response = as_user(world.alice).post(url, payload, format="json")
    # then it names the field and nothing changes
    assert response.status_code == 400
    assert field in response.json()
    assert snapshot() == before


def test_it_refuses_to_change_an_ended_enrollment(world: World) -> None:
    # given Carol stepped down once already
    url = f"{ENROLLMENTS}{world.carol_enrollment.pk}/change/"
    payload = {"track": str(world.track_a.pk), "phase": str(world.phase1.pk), "reason": "step_up"}
    client = as_user(world.alice)
    assert client.post(url, {**payload, "starts_on": "2026-12-07"}, format="json").status_code == 201
    before = snapshot()
    # when the old, ended enrollment is changed again
    response = client.post(url, {**payload, "starts_on": "2026-12-14"}, format="json")
    # then it is refused naming the enrollment
    assert response.status_code == 400
    assert "enrollment" in response.json()
    assert snapshot() == before


def test_it_lists_enrollments_in_a_fixed_number_of_queries(world: World) -> None:
    # given a few enrolled clients, then many more
    def queries() -> int:
        client = as_user(User.objects.get(pk=world.dana.pk))
        client.get(ENROLLMENTS)  # her memberships, kept since, as on every later call
        with CaptureQueriesContext(connection) as captured:
            assert client.get(ENROLLMENTS).status_code == 200
            assert client.get(EPISODES).status_code == 200
        return len(captured)

    def enroll(count: int) -> None:
        for _ in range(count):
            episode = factories.EpisodeFactory(
                client=factories.ClientFactory(site=world.site_a), program=world.program
            )
            factories.EnrollmentFactory(episode=episode, track=world.track_a, phase=world.phase3)

    enroll(2)
    few = queries()
    enroll(20)
    # when both lists are read again
    many = queries()
    # then they cost the same
    assert many == few


SUMMARY = "Completed all phases; cravings managed with skills; aftercare weekly."


def test_a_biller_reads_the_episode_but_not_the_discharge_summary(world: World) -> None:
    # given Carol's episode discharged with a clinical summary
    episode = world.carol_enrollment.episode
    Episode.objects.filter(pk=episode.pk).update(
        discharged_on=dt.date(2026, 11, 20), discharge_reason=1, discharge_summary=SUMMARY
    )
    url = f"{EPISODES}{episode.pk}/"
    # when the biller and the clinician read it
    billers = as_user(world.bill).get(url).json()
    clinicians = as_user(world.alice).get(url).json()
    # then the biller gets what billing needs, with the summary withheld (minimum necessary)
    assert billers["discharged_on"] == "2026-11-20"
    assert billers["discharge_summary"] is None
    assert SUMMARY not in str(billers)
    assert clinicians["discharge_summary"] == SUMMARY


def test_records_of_a_part2_program_carry_their_security_labels(world: World) -> None:
    # given Carol in the substance-use program and Frank in a mental-health-only program
    mental_health = factories.ProgramFactory(organization=world.organization, kind="mh", name="IOP Mood")
    world.alice.programs.add(mental_health)
    frank = factories.ClientFactory(site=world.site_a, legal_first_name="Frank")
    franks = factories.EpisodeFactory(client=frank, program=mental_health)
    alice = as_user(world.alice)
    # then Carol's episode and enrollments are labelled Part 2, Frank's are not
    carol = alice.get(f"{EPISODES}{world.carol_enrollment.episode.pk}/").json()
    assert carol["security_labels"] == ["R", "42CFRPart2"]
    assert carol["enrollments"][0]["security_labels"] == ["R", "42CFRPart2"]
    assert alice.get(f"{EPISODES}{franks.pk}/").json()["security_labels"] == []
    listed = {row["id"]: row["security_labels"] for row in alice.get(EPISODES).json()["results"]}
    assert listed[str(franks.pk)] == []
    assert listed[str(world.carol_enrollment.episode.pk)] == ["R", "42CFRPart2"]
    enrollments = alice.get(ENROLLMENTS, {"client": str(world.carol.pk)}).json()["results"]
    assert [row["security_labels"] for row in enrollments] == [["R", "42CFRPart2"]]


@time_machine.travel(dt.datetime(2026, 12, 18, 23, 0, tzinfo=dt.UTC), tick=False)
def test_it_takes_the_medication_reconciliation_through_the_api(world: World) -> None:
    from trellis.medications import services as medications
    from trellis.medications.models import DischargeReconciliation

    # given Carol takes one medication
    medication = medications.add_medication(
        client=world.carol,
        name="Sertraline",
        regimen=medications.Regimen(dose="50 mg", route="oral", frequency="daily"),
        started_on=dt.date(2026, 11, 2),
        source="client_reported",
        outside_prescriber="Dr. Example Outside",
        recorded_by=world.alice,
    )
    url = f"{EPISODES}{world.carol_enrollment.episode_id}/discharge/"
    payload: dict[str, Any] = {"discharged_on": "2026-12-18", "discharge_reason": 1}
    # when the discharge says nothing about it, it is refused naming the medication's question
    refused = as_user(world.alice).post(url, payload, format="json")
    assert refused.status_code == 400
    assert f"medication_{medication.pk}" in refused.json()
    # and when it hands it over to the aftercare prescriber, the discharge goes through
    payload |= {"medications": {str(medication.pk): "hand_over"}, "medication_handover_to": "Dr. Example"}
    assert as_user(world.alice).post(url, payload, format="json").status_code == 200
    assert DischargeReconciliation.objects.get().handed_over_to == "Dr. Example"
