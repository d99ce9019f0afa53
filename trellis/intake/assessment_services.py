"""Writes for ASAM assessments: record the ratings, run the rules, and record the clinician's decision.

A confirmed (or overridden) level lands on the episode through episodes.services: admission when there is no
open episode yet, a level-of-care change when a reassessment moves the client down or up.
"""

import datetime as dt
from dataclasses import asdict
from typing import Any

from django.db import transaction

from trellis.clients.models import Client
from trellis.core import clock, plausible_dates
from trellis.core.errors import reject
from trellis.episodes import services as episodes
from trellis.episodes.choices import EnrollmentEndReason, LevelOfCare
from trellis.episodes.models import Enrollment, Episode, LevelOfCareChange
from trellis.intake import level_of_care, levels
from trellis.intake.choices import Edition, FailedLevel, Readiness, Severity
from trellis.intake.dimensions import Concern, dimensions_of
from trellis.intake.models import Assessment, DimensionRating, Inquiry
from trellis.privacy import audit
from trellis.programs.models import Phase, Program, Track


def facts_for(
    *,
    edition: str,
    ratings: dict[str, int],
    needs_withdrawal_management: bool,
    needs_24_hour_care: bool,
    unsafe_home: bool,
    failed_level: str,
    severity: str,
    severe_co_occurring: bool,
    readiness: str,
) -> level_of_care.Facts:
    """Edition-specific dimension codes become the concerns the rules read."""
    by_concern = {d.concern: ratings[d.code] for d in dimensions_of(edition)}
    return level_of_care.Facts(
        withdrawal=by_concern[Concern.WITHDRAWAL],
        biomedical=by_concern[Concern.BIOMEDICAL],
        psychiatric=by_concern[Concern.PSYCHIATRIC],
        use_risk=by_concern[Concern.USE_RISK],
        environment=by_concern[Concern.ENVIRONMENT],
        readiness_rating=by_concern.get(Concern.READINESS),
        person_centered=by_concern.get(Concern.PERSON_CENTERED),
        needs_withdrawal_management=needs_withdrawal_management,
        needs_24_hour_care=needs_24_hour_care,
        unsafe_home=unsafe_home,
        failed_level=levels.Level(failed_level) if failed_level else None,
        severity=level_of_care.Severity(severity),
        severe_co_occurring=severe_co_occurring,
        readiness=level_of_care.Readiness(readiness),
        edition=edition,
    )


def _check_ratings(edition: str, ratings: dict[str, int], narratives: dict[str, str]) -> None:
    for dimension in dimensions_of(edition):
        rating = ratings.get(dimension.code)
        if rating is None or not 0 <= rating <= 4:
            reject(f"rating_{dimension.code}", f"Rate {dimension.code} from 0 to 4.")
        if not narratives.get(dimension.code, "").strip():
            reject(f"narrative_{dimension.code}", f"Write what supports the {dimension.code} rating.")


def _check_inputs(edition: str, failed_level: str, severity: str, readiness: str) -> None:
    if edition not in Edition.values:
        reject("edition", "Choose the ASAM edition.")
    if failed_level and failed_level not in FailedLevel.values:
        reject("failed_level", "Choose outpatient, IOP or PHP, or leave it empty.")
    if severity not in Severity.values:
        reject("severity", "Choose the use disorder severity.")
    if readiness not in Readiness.values:
        reject("readiness", "Choose the client's readiness.")


@transaction.atomic
def record_assessment(
    *,
    client: Client,
    edition: str,
    assessed_on: dt.date,
    ratings: dict[str, int],
    narratives: dict[str, str],
    assessed_by: Any,
    needs_withdrawal_management: bool = False,
    needs_24_hour_care: bool = False,
    unsafe_home: bool = False,
    failed_level: str = "",
    severity: str = Severity.MODERATE,
    severe_co_occurring: bool = False,
    readiness: str = Readiness.READY,
    inquiry: Inquiry | None = None,
) -> Assessment:
    """Save the six ratings and the findings, with the rules' recommendation and every rule that fired."""
    _check_inputs(edition, failed_level, severity, readiness)
    _check_ratings(edition, ratings, narratives)
    if assessed_on > clock.now().date() + dt.timedelta(days=1):
        reject("assessed_on", "An assessment cannot be dated in the future.")
    plausible_dates.check_on_or_after(
        "assessed_on", assessed_on, plausible_dates.EARLIEST, "An assessment date must be after 1900."
    )
    findings: dict[str, Any] = {
        "needs_withdrawal_management": needs_withdrawal_management,
        "needs_24_hour_care": needs_24_hour_care,
        "unsafe_home": unsafe_home,
        "failed_level": failed_level,
        "severity": severity,
        "severe_co_occurring": severe_co_occurring,
        "readiness": readiness,
    }
    result = level_of_care.recommend(facts_for(edition=edition, ratings=ratings, **findings))
    assessment = Assessment.objects.create(
        client=client,
        inquiry=inquiry,
        episode=Episode.objects.filter(client=client).open().order_by("-admitted_on").first(),
        edition=edition,
        assessed_on=assessed_on,
        assessed_by=assessed_by,
        recommended_level=result.level.value,
        is_emergency=result.emergency,
        after_withdrawal_level=result.after_withdrawal.value if result.after_withdrawal else "",
        fired_rules=[{**asdict(rule), "floor": rule.floor.value} for rule in result.fired],
        **findings,
    )
    DimensionRating.objects.bulk_create(
        DimensionRating(
            assessment=assessment,
            code=d.code,
            rating=ratings[d.code],
            narrative=narratives[d.code].strip(),
        )
        for d in dimensions_of(edition)
    )
    audit.record(
        actor=assessed_by,
        action=audit.Action.CREATE,
        client_id=client.pk,
        obj=assessment,
        detail=f"ASAM assessment, recommends {result.level.value}",
    )
    return assessment


def _current_level(episode: Episode) -> str:
    latest = (
        LevelOfCareChange.objects.filter(episode=episode).order_by("-effective_on", "-created_at").first()
    )
    return latest.level if latest is not None else ""


def _direction(previous: str, decided: str) -> str:
    if not previous:
        return "Level of care set"
    before, after = levels.intensity(previous), levels.intensity(decided)
    return "Step-down" if after < before else "Step-up"


def _place(
    assessment: Assessment, *, level: str, program: Program | None, effective_on: dt.date, decided_by: Any
) -> tuple[LevelOfCareChange | None, str]:
    """Put the decision on the episode; returns the level change written and the level before it."""
    episode = Episode.objects.filter(client=assessment.client).open().order_by("-admitted_on").first()
    if episode is not None:
        previous = _current_level(episode)
        if previous == level:
            return None, previous
        reason = f"{_direction(previous, level)} after ASAM reassessment of {assessment.assessed_on:%Y-%m-%d}"
        change = episodes.record_level_of_care(
            episode=episode, level=level, effective_on=effective_on, reason=reason, recorded_by=decided_by
        )
        return change, previous
    if program is None:
        return None, ""
    episode = episodes.admit_client(
        client=assessment.client,
        program=program,
        admitted_on=effective_on,
        admitted_by=decided_by,
        level=level,
        reason=f"Admission after ASAM assessment of {assessment.assessed_on:%Y-%m-%d}",
    )
    return episode.level_changes.get(), ""


def _check_decided_level(assessment: Assessment, *, level: str, override_reason: str) -> None:
    """A level of the assessment's edition; a reason for any other level than the rules', above all a lower one."""
    if level not in LevelOfCare.values or level not in levels.levels_of(assessment.edition):
        reject("decided_level", f"Choose a level of care from the {assessment.get_edition_display()}.")
    if level == assessment.recommended_level or override_reason.strip():
        return
    chosen = levels.level_name(level, assessment.edition)
    floor = levels.level_name(assessment.recommended_level, assessment.edition)
    if levels.is_below(level, assessment.recommended_level):
        reject(
            "override_reason",
            f"{chosen} is below the level the rules call for ({floor}). Write the clinical reason for "
            "placing the client at a lower level.",
        )
    reject(
        "override_reason",
        "You chose a different level than the rules recommend: say why (clinical reasoning).",
    )


def _decision_detail(assessment: Assessment) -> str:
    """What the audit trail says about the decision; the reason itself stays on the assessment (it is PHI)."""
    level = assessment.decided_level
    if assessment.is_below_floor:
        return (
            f"level of care overridden below the rules' floor: {assessment.recommended_level} -> {level}, "
            "written reason recorded"
        )
    if assessment.is_override:
        return f"level of care overridden: {level}, written reason recorded"
    return f"level of care confirmed: {level}"


@transaction.atomic
def decide_level_of_care(
    *,
    assessment: Assessment,
    level: str,
    decided_by: Any,
    override_reason: str = "",
    program: Program | None = None,
    effective_on: dt.date | None = None,
) -> Assessment:
    """Confirm the recommended level, or override it with a reason; record it on the episode."""
    assessment = Assessment.objects.select_for_update().select_related("client").get(pk=assessment.pk)
    if assessment.is_decided:
        reject("decided_level", "This assessment already has a decision; reassess to change the level.")
    _check_decided_level(assessment, level=level, override_reason=override_reason)
    if program is not None and program.organization_id != assessment.client.organization_id:
        reject("program", "This program belongs to another organization.")
    if program is not None and levels.is_residential_or_above(level):
        reject(
            "program",
            f"{levels.level_name(level, assessment.edition)} is not given in an outpatient program: refer the "
            "client out and leave the program empty (placed elsewhere).",
        )
    effective_on = effective_on or assessment.assessed_on
    change, previous = _place(
        assessment, level=level, program=program, effective_on=effective_on, decided_by=decided_by
    )
    assessment.decided_level = level
    assessment.override_reason = override_reason.strip() if level != assessment.recommended_level else ""
    assessment.decided_by = decided_by
    assessment.decided_at = clock.now()
    assessment.level_change = change
    assessment.previous_level = previous
    if change is not None:
        assessment.episode = change.episode
    assessment.save(
        update_fields=[
            "decided_level",
            "override_reason",
            "decided_by",
            "decided_at",
            "level_change",
            "previous_level",
            "episode",
            "updated_at",
        ]
    )
    audit.record(
        actor=decided_by,
        action=audit.Action.UPDATE,
        client_id=assessment.client_id,
        obj=assessment,
        detail=_decision_detail(assessment),
    )
    return assessment


def step_reason(assessment: Assessment) -> str | None:
    """The enrollment-change reason this reassessment calls for, or None if it changed no level."""
    if not assessment.previous_level or not assessment.decided_level:
        return None
    if assessment.previous_level == assessment.decided_level:
        return None
    before = levels.intensity(assessment.previous_level)
    after = levels.intensity(assessment.decided_level)
    return EnrollmentEndReason.STEP_DOWN if after < before else EnrollmentEndReason.STEP_UP


@transaction.atomic
def change_enrollment_after_reassessment(
    *, assessment: Assessment, track: Track, phase: Phase, starts_on: dt.date, changed_by: Any
) -> Enrollment:
    """Move the client to the track and phase that fit the new level (a step-down or step-up)."""
    reason = step_reason(assessment)
    if reason is None or assessment.episode is None:
        reject("assessment", "This assessment did not change the level of care on an episode.")
    return episodes.change_enrollment(
        episode=assessment.episode,
        track=track,
        phase=phase,
        starts_on=starts_on,
        reason=reason,
        changed_by=changed_by,
    )
