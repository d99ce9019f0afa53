"""Recording an ASAM assessment and deciding the level of care: confirm, override with a reason, step down."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from conftest import World
from tests import factories
from trellis.episodes.choices import EnrollmentEndReason, LevelOfCare
from trellis.episodes.models import Enrollment, Episode, LevelOfCareChange
from trellis.intake import assessment_services as services
from trellis.intake.models import Assessment, DimensionRating
from trellis.intake.tests.factories import ratings
from trellis.privacy.models import AuditEvent

DAY = dt.date(2026, 11, 20)


def _assess(world: World, client: object, value: int = 1, **findings: object) -> Assessment:
    return services.record_assessment(
        client=client,  # type: ignore[arg-type]
        edition="3",
        assessed_on=DAY,
        assessed_by=world.alice,
        **ratings(value),
        **findings,  # type: ignore[arg-type]
    )


def test_it_records_the_ratings_and_every_rule_that_fired(world: World) -> None:
    # given a new client with moderate relapse risk (3rd ed. D5 = 2)
    client = factories.ClientFactory.create(site=world.site_a)
    scores = ratings(1)
    scores["ratings"]["D5"] = 2
    # when the clinician records the assessment
    assessment = services.record_assessment(
        client=client, edition="3", assessed_on=DAY, assessed_by=world.alice, **scores
    )
    # then the six ratings are stored and the rules recommend IOP, saying why
    assert DimensionRating.objects.filter(assessment=assessment).count() == 6
    assert assessment.recommended_level == LevelOfCare.IOP
    assert [rule["code"] for rule in assessment.fired_rules] == ["use_risk"]
    assert "IOP" in assessment.fired_rules[0]["reason"]
    assert AuditEvent.objects.filter(object_id=str(assessment.pk), client_id=client.pk).exists()


def test_it_maps_the_fourth_editions_dimensions_to_the_same_rules(world: World) -> None:
    # given a 4th-edition assessment with substance use-related risks (D4) rated 3
    client = factories.ClientFactory.create(site=world.site_a)
    scores = ratings(0, edition="4")
    scores["ratings"]["D4"] = 3
    # when recorded
    assessment = services.record_assessment(
        client=client, edition="4", assessed_on=DAY, assessed_by=world.alice, **scores
    )
    # then use risk drives the recommendation to PHP
    assert assessment.recommended_level == LevelOfCare.PHP


def test_it_refuses_a_dimension_without_a_narrative_and_saves_nothing(world: World) -> None:
    scores = ratings(1)
    scores["narratives"]["D3"] = "  "
    with pytest.raises(ValidationError) as refused:
        services.record_assessment(
            client=world.carol, edition="3", assessed_on=DAY, assessed_by=world.alice, **scores
        )
    assert "narrative_D3" in refused.value.message_dict
    assert not Assessment.objects.exists()


def test_it_requires_a_reason_to_override_the_recommendation(world: World) -> None:
    # given an assessment recommending outpatient
    client = factories.ClientFactory.create(site=world.site_a)
    assessment = _assess(world, client, severity="mild")
    assert assessment.recommended_level == LevelOfCare.OUTPATIENT
    # when the clinician chooses IOP without a reason
    with pytest.raises(ValidationError) as refused:
        services.decide_level_of_care(
            assessment=assessment, level=LevelOfCare.IOP, decided_by=world.alice, program=world.program
        )
    # then the error names the override reason and nothing is decided or admitted
    assert "override_reason" in refused.value.message_dict
    assessment.refresh_from_db()
    assert not assessment.is_decided
    assert not Episode.objects.filter(client=client).exists()


def test_it_admits_at_the_overridden_level_with_the_reason_kept(world: World) -> None:
    client = factories.ClientFactory.create(site=world.site_a)
    assessment = _assess(world, client, severity="mild")
    decided = services.decide_level_of_care(
        assessment=assessment,
        level=LevelOfCare.IOP,
        override_reason="Two relapses after outpatient last year; client asks for more structure.",
        decided_by=world.alice,
        program=world.program,
    )
    change = LevelOfCareChange.objects.get(episode__client=client)
    assert (decided.is_override, change.level, change.effective_on) == (True, LevelOfCare.IOP, DAY)
    assert change.reason.startswith("Admission after ASAM assessment")
    assert decided.level_change == change


def test_it_confirms_without_admitting_when_placed_elsewhere(world: World) -> None:
    # given a recommendation for residential and no program chosen (the client goes elsewhere)
    client = factories.ClientFactory.create(site=world.site_a)
    assessment = _assess(world, client, unsafe_home=True)
    decided = services.decide_level_of_care(
        assessment=assessment, level=LevelOfCare.LOW_INTENSITY_RESIDENTIAL, decided_by=world.alice
    )
    assert decided.decided_level == LevelOfCare.LOW_INTENSITY_RESIDENTIAL
    assert not Episode.objects.filter(client=client).exists()


def test_it_refuses_a_second_decision(world: World) -> None:
    client = factories.ClientFactory.create(site=world.site_a)
    assessment = _assess(world, client, severity="mild")
    services.decide_level_of_care(assessment=assessment, level=LevelOfCare.OUTPATIENT, decided_by=world.alice)
    with pytest.raises(ValidationError) as refused:
        services.decide_level_of_care(
            assessment=assessment, level=LevelOfCare.OUTPATIENT, decided_by=world.alice
        )
    assert "decided_level" in refused.value.message_dict


def test_a_reassessment_steps_down_and_offers_the_enrollment_change(world: World) -> None:
    # given Carol in IOP phase 1 at level 2.1
    episode = world.carol_enrollment.episode
    factories_level = LevelOfCareChange.objects.create(
        episode=episode,
        level=LevelOfCare.IOP,
        effective_on=episode.admitted_on,
        reason="Admission",
        recorded_by=world.alice,
    )
    assert factories_level.pk
    # when a reassessment recommends outpatient and the clinician confirms it
    assessment = _assess(world, world.carol, value=1, severity="mild")
    assert assessment.episode == episode
    decided = services.decide_level_of_care(
        assessment=assessment, level=LevelOfCare.OUTPATIENT, decided_by=world.alice, effective_on=DAY
    )
    # then a step-down is recorded on the episode
    change = decided.level_change
    assert change is not None
    assert (change.episode, change.level) == (episode, LevelOfCare.OUTPATIENT)
    assert change.reason.startswith("Step-down after ASAM reassessment")
    assert services.step_reason(decided) == EnrollmentEndReason.STEP_DOWN
    # and the enrollment moves to the chosen phase, ended as a step-down
    new = services.change_enrollment_after_reassessment(
        assessment=decided, track=world.track_a, phase=world.phase3, starts_on=DAY, changed_by=world.alice
    )
    old = Enrollment.objects.get(pk=world.carol_enrollment.pk)
    assert (old.ends_on, old.end_reason) == (DAY, EnrollmentEndReason.STEP_DOWN)
    assert (new.phase, new.starts_on) == (world.phase3, DAY)


def test_a_reassessment_at_the_same_level_records_no_change(world: World) -> None:
    episode = world.carol_enrollment.episode
    LevelOfCareChange.objects.create(
        episode=episode,
        level=LevelOfCare.IOP,
        effective_on=episode.admitted_on,
        reason="Admission",
        recorded_by=world.alice,
    )
    assessment = _assess(world, world.carol, value=2)
    decided = services.decide_level_of_care(
        assessment=assessment, level=LevelOfCare.IOP, decided_by=world.alice
    )
    assert decided.level_change is None
    assert services.step_reason(decided) is None
    assert LevelOfCareChange.objects.filter(episode=episode).count() == 1


@pytest.mark.parametrize(
    ("persona", "sees_carol", "sees_dave"),
    [
        ("alice", True, False),
        ("bob", False, True),
        ("nora", True, False),
        ("amy", True, False),
        ("dana", True, True),
        ("bill", False, False),
        ("adam", False, False),
    ],
)
def test_it_shows_assessments_only_to_clinical_roles_who_see_the_client(
    world: World, persona: str, sees_carol: bool, sees_dave: bool
) -> None:
    carols = _assess(world, world.carol)
    daves = services.record_assessment(
        client=world.dave, edition="3", assessed_on=DAY, assessed_by=world.bob, **ratings(1)
    )
    visible = set(Assessment.objects.visible_to(world.staff()[persona]))
    assert (carols in visible, daves in visible) == (sees_carol, sees_dave)
