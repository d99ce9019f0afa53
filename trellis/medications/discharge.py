"""Medication reconciliation at discharge: each current medication is continued, stopped or handed over.

The discharge form asks one question per medication current on the discharge day and, when any is handed
over, who takes it on. A stopped medication's stop date is the day after discharge (stop dates are the first
day no longer taken). Registered as a discharge step (trellis.episodes.discharge_steps): it runs inside the
discharge's transaction, and a missing answer refuses the whole discharge.

Source: The Joint Commission, National Patient Safety Goal NPSG.03.06.01 (medication reconciliation at
transitions of care).
"""

from typing import Any

from django import forms

from trellis.core.errors import reject
from trellis.episodes.discharge_steps import DischargeContext, DischargeStep
from trellis.medications.models import DischargeReconciliation, Medication
from trellis.privacy import audit

Decision = DischargeReconciliation.Decision
HANDOVER_FIELD = "medication_handover_to"


def field_name(medication: Medication) -> str:
    return f"medication_{medication.pk}"


def _current(episode: Any, day: Any) -> list[Medication]:
    return list(Medication.objects.filter(client_id=episode.client_id).current_on(day).order_by("name"))


def _label(medication: Medication) -> str:
    return f"{medication.name} {medication.dose}, {medication.get_route_display().lower()}, {medication.frequency}"


def _missing(medication: Medication) -> str:
    return f"Say whether {medication.name} continues, stops or goes to the aftercare provider."


def reconciliation_fields(episode: Any) -> dict[str, forms.Field]:
    """One choice per medication current today at the client's site, then the aftercare prescriber."""
    from trellis.core import clock

    today = clock.today_in(episode.client.site.timezone)
    fields: dict[str, forms.Field] = {
        field_name(m): forms.ChoiceField(
            choices=[("", "— choose —"), *Decision.choices],
            label=_label(m),
            error_messages={"required": _missing(m)},
        )
        for m in _current(episode, today)
    }
    if fields:
        fields[HANDOVER_FIELD] = forms.CharField(
            max_length=160,
            required=False,
            label="Aftercare prescriber taking over",
            help_text="Name and practice; needed when any medication is handed over.",
        )
    return fields


def reconcile_medications(context: DischargeContext) -> None:
    handover_to = str(context.answers.get(HANDOVER_FIELD) or "").strip()
    for medication in _current(context.episode, context.discharged_on):
        decision = context.answers.get(field_name(medication))
        if decision not in Decision.values:
            reject(field_name(medication), _missing(medication))
        if decision == Decision.HAND_OVER and not handover_to:
            reject(HANDOVER_FIELD, f"Name the aftercare prescriber who takes over {medication.name}.")
        _apply(context, medication, Decision(decision), handover_to)


def _apply(context: DischargeContext, medication: Medication, decision: Decision, handover_to: str) -> None:
    if decision == Decision.STOP:
        medication.stopped_on = context.first_day_after
        medication.stop_reason = "Stopped at discharge"
        medication.save(update_fields=["stopped_on", "stop_reason", "updated_at"])
    reconciliation = DischargeReconciliation.objects.create(
        medication=medication,
        episode=context.episode,
        decision=decision,
        handed_over_to=handover_to if decision == Decision.HAND_OVER else "",
        decided_on=context.discharged_on,
        recorded_by=context.discharged_by,
    )
    audit.record(
        actor=context.discharged_by,
        action=audit.Action.CREATE,
        client_id=context.episode.client_id,
        obj=reconciliation,
        detail=f"medication reconciled at discharge: {decision.value}",
    )


def reconciliation_lines(episode: Any) -> list[str]:
    """What was decided for each medication at this discharge, for the discharge summary page."""
    rows = DischargeReconciliation.objects.filter(episode=episode).select_related("medication")
    lines = []
    for r in rows.order_by("medication__name"):
        what = {
            Decision.CONTINUE: "continue",
            Decision.STOP: f"stopped from {r.medication.stopped_on:%b %d, %Y}"
            if r.medication.stopped_on
            else "stopped",
            Decision.HAND_OVER: f"handed over to {r.handed_over_to}",
        }[Decision(r.decision)]
        lines.append(f"{_label(r.medication)}: {what}")
    return lines


STEP = DischargeStep(
    name="medications",
    title="Medications at discharge",
    apply=reconcile_medications,
    fields=reconciliation_fields,
    summary=reconciliation_lines,
    hint="Reconcile each current medication: the client keeps taking it, stops it the day after discharge, "
    "or the aftercare prescriber takes it over.",
)
