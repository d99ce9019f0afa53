"""Recording measures and closing the safety tasks their urgent flags raise; every write audited."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from trellis.clients.models import Client
from trellis.core import clock, plausible_dates
from trellis.core.errors import reject
from trellis.episodes.models import Episode
from trellis.measures import safety, scoring
from trellis.measures.choices import (
    Disposition,
    RiskLevel,
    SafetyTaskKind,
    SafetyTaskStatus,
    Source,
)
from trellis.measures.instrument_data import UnknownInstrumentError, get_instrument
from trellis.measures.models import MeasureResponse, MeasureSchedule, SafetyTask
from trellis.privacy import audit
from trellis.programs.models import Program


def score_answers(
    *, instrument: str, answers: Sequence[scoring.Answer], sex: str | None
) -> scoring.ScoreResult:
    """Score, or refuse with a ValidationError on "answers" whose message names the item at fault."""
    try:
        get_instrument(instrument)
    except UnknownInstrumentError:
        reject("instrument", f"Unknown instrument {instrument!r}.")
    try:
        return scoring.score(instrument, answers, sex=sex)
    except scoring.ScoringError as error:
        raise ValidationError(
            {"answers": [ValidationError(error.message, code="invalid", params={"item": error.item})]}
        ) from error


def _open_episode(client: Client) -> Episode | None:
    return (
        Episode.objects.filter(client=client, discharged_on__isnull=True)
        .select_related("primary_clinician")
        .order_by("-admitted_on")
        .first()
    )


@transaction.atomic
def record_measure(
    *,
    client: Client,
    instrument: str,
    answers: Sequence[scoring.Answer],
    administered_by: Any,
    sex: str | None = None,
    administered_at: dt.datetime | None = None,
    source: str = Source.STAFF,
) -> MeasureResponse:
    """Score the answers with the pure module, store them, and open a same-day task for each urgent flag."""
    result = score_answers(instrument=instrument, answers=answers, sex=sex)
    if source not in Source.values:
        reject("source", "Choose who answered: staff or the client.")
    when = administered_at or clock.now()
    plausible_dates.check_moment_not_in_future(
        field="administered_at",
        moment=when,
        what="time the measure was given",
        slack=dt.timedelta(minutes=5),
    )
    episode = _open_episode(client)
    response = MeasureResponse.objects.create(
        client=client,
        episode=episode,
        instrument=result.instrument,
        answers=list(answers),
        sex=(sex or "").strip().lower() if get_instrument(instrument).needs_sex else "",
        total=result.total,
        band=result.band or "",
        subscales=dict(result.subscales),
        flags=[{"code": f.code, "message": f.message, "urgent": f.urgent} for f in result.flags],
        administered_at=when,
        administered_by=administered_by,
        source=source,
    )
    audit.record(
        actor=administered_by,
        action=audit.Action.CREATE,
        client_id=client.pk,
        obj=response,
        detail=f"measure recorded ({result.instrument})",
    )
    _open_safety_tasks(response=response, result=result, episode=episode, administered_by=administered_by)
    return response


def _open_safety_tasks(
    *, response: MeasureResponse, result: scoring.ScoreResult, episode: Episode | None, administered_by: Any
) -> list[SafetyTask]:
    """PHQ-9 item 9 > 0, C-SSRS high risk, severe CIWA-Ar or COWS: a safety assessment owed the same day."""
    assignee = (episode.primary_clinician if episode else None) or administered_by
    due_on = response.administered_at.astimezone(clock.zone(response.client.site.timezone)).date()
    tasks = []
    for flag in result.flags:
        if not flag.urgent:
            continue
        kind = SafetyTaskKind(flag.code)  # a new urgent flag in the data must get a kind (and a test) here
        task = safety.open_safety_task(
            client=response.client,
            response=response,
            kind=kind,
            reason=flag.message,
            assigned_to=assignee,
            due_on=due_on,
            opened_by=administered_by,
        )
        tasks.append(task)
    return tasks


def _check_assessment(*, assessment: str, risk_level: str, disposition: str, plan: str) -> None:
    """Every missing part at once, each under its own field, so one correction finishes the job."""
    missing = {}
    if not assessment.strip():
        missing["assessment"] = (
            "Document the safety assessment (what was asked, what the client said, protective factors) "
            "before closing the task."
        )
    if risk_level not in RiskLevel.values:
        missing["risk_level"] = "Choose the risk level you assessed: low, moderate or high."
    if disposition not in Disposition.values:
        missing["disposition"] = "Choose the disposition."
    if not plan.strip():
        missing["plan"] = "Write the safety plan or follow-up agreed with the client."
    if missing:
        raise ValidationError(
            {field: [ValidationError(message, code="required")] for field, message in missing.items()}
        )


@transaction.atomic
def close_safety_task(
    *,
    task: SafetyTask,
    assessment: str,
    risk_level: str,
    disposition: str,
    plan: str,
    closed_by: Any,
) -> SafetyTask:
    """Close the task with its documented safety assessment; without one it stays open."""
    locked = SafetyTask.objects.select_for_update().get(pk=task.pk)
    if locked.status != SafetyTaskStatus.OPEN:
        reject("status", "This safety task is already closed.")
    _check_assessment(assessment=assessment, risk_level=risk_level, disposition=disposition, plan=plan)
    locked.assessment = assessment.strip()
    locked.risk_level = risk_level
    locked.disposition = disposition
    locked.plan = plan.strip()
    locked.status = SafetyTaskStatus.CLOSED
    locked.closed_by = closed_by
    locked.closed_at = clock.now()
    locked.save(
        update_fields=[
            "assessment",
            "risk_level",
            "disposition",
            "plan",
            "status",
            "closed_by",
            "closed_at",
            "updated_at",
        ]
    )
    audit.record(
        actor=closed_by,
        action=audit.Action.UPDATE,
        client_id=locked.client_id,
        obj=locked,
        detail="safety task closed with assessment",
    )
    return locked


@transaction.atomic
def set_measure_schedule(
    *, program: Program, instrument: str, every_days: int, set_by: Any
) -> MeasureSchedule:
    """Give ``instrument`` to each client of ``program`` every ``every_days`` days (replacing any earlier rule)."""
    try:
        get_instrument(instrument)
    except UnknownInstrumentError:
        reject("instrument", f"Unknown instrument {instrument!r}.")
    if not 1 <= every_days <= 365:
        reject("every_days", "Give an interval between 1 and 365 days.")
    schedule, _ = MeasureSchedule.objects.update_or_create(
        program=program, instrument=instrument, defaults={"every_days": every_days}
    )
    audit.record(
        actor=set_by, action=audit.Action.UPDATE, obj=schedule, detail=f"measure schedule {instrument}"
    )
    return schedule


@transaction.atomic
def remove_measure_schedule(*, schedule: MeasureSchedule, removed_by: Any) -> None:
    """Stop scheduling an instrument for a program; measures already given stay in each chart."""
    audit.record(
        actor=removed_by,
        action=audit.Action.DELETE,
        obj=schedule,
        detail=f"measure schedule {schedule.instrument} removed",
    )
    schedule.delete()
