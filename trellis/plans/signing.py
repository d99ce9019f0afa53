"""Signing a treatment plan: client (typed name, witnessed), clinician, and supervisor where required.

The first signature locks the content. When the last required signature lands the plan becomes active
from that day (in the site's zone) and the version it revises is superseded.
"""

from typing import Any

from django.db import transaction

from trellis.accounts.roles import Capability
from trellis.core import clock
from trellis.core.errors import reject
from trellis.core.versions import SavedCopy, StaleEdit, display_name
from trellis.plans.choices import PlanStatus
from trellis.plans.models import TreatmentPlan
from trellis.plans.services import lock_plan, site_today
from trellis.privacy import audit


def _missing_parts(plan: TreatmentPlan) -> list[str]:
    """Every part a signable plan still lacks, numbered as the plan page numbers them (1, 1.1, 1.1.1)."""
    problems = list(plan.problems.prefetch_related("goals__objectives__interventions"))
    if not problems:
        return ["at least one problem"]
    missing: list[str] = []
    for problem in problems:
        goals = list(problem.goals.all())
        if not goals:
            missing.append(f"a goal in the client's words for problem {problem.position}")
        for goal in goals:
            number = f"{problem.position}.{goal.position}"
            objectives = list(goal.objectives.all())
            if not objectives:
                missing.append(f"a measurable objective for goal {number}")
            missing.extend(
                f"an intervention for objective {number}.{objective.position}"
                for objective in objectives
                if not objective.interventions.all()
            )
    return missing


def _incomplete_reason(plan: TreatmentPlan) -> str | None:
    missing = _missing_parts(plan)
    if not missing:
        return None
    return "Before signing, add " + "; ".join(missing) + "."


def _read_as_signed(plan: TreatmentPlan, expected_edits: int | None) -> None:
    """The signer signs what they read: a plan changed since their page showed it is refused."""
    if expected_edits is None or plan.edits == expected_edits:
        return
    saved = SavedCopy(
        version=plan.edits,
        saved_by=display_name(plan.last_edited_by),
        saved_at=plan.updated_at,
        summary="its problems, goals, objectives or interventions changed",
    )
    raise StaleEdit(what="This plan", saved=saved, advice="Read it again as it is now, then sign.")


def _signable(plan: TreatmentPlan, expected_edits: int | None = None) -> TreatmentPlan:
    plan = lock_plan(plan)
    _read_as_signed(plan, expected_edits)
    if plan.status != PlanStatus.DRAFT:
        reject("plan", "This version is already in force or superseded; nothing is left to sign.")
    reason = _incomplete_reason(plan)
    if reason:
        reject("plan", reason, code="incomplete")
    return plan


def _finish(
    plan: TreatmentPlan, *, signer: Any, fields: list[str], who: str, system_job: str = ""
) -> TreatmentPlan:
    plan.save(update_fields=[*fields, "updated_at"])
    audit.record(
        actor=signer,
        action=audit.Action.UPDATE,
        client_id=plan.episode.client_id,
        obj=plan,
        detail=f"plan v{plan.version} signed by {who}",
        system_job=system_job,
    )
    if not plan.missing_signatures():
        _activate(plan, activated_by=signer, system_job=system_job)
    return plan


def _activate(plan: TreatmentPlan, *, activated_by: Any, system_job: str = "") -> None:
    today = site_today(plan.episode)
    previous = TreatmentPlan.objects.select_for_update().filter(
        episode_id=plan.episode_id, status=PlanStatus.ACTIVE
    )
    for old in previous:
        old.status = PlanStatus.SUPERSEDED
        old.superseded_on = today
        old.save(update_fields=["status", "superseded_on", "updated_at"])
    plan.status = PlanStatus.ACTIVE
    plan.effective_on = today
    plan.save(update_fields=["status", "effective_on", "updated_at"])
    audit.record(
        actor=activated_by,
        action=audit.Action.UPDATE,
        client_id=plan.episode.client_id,
        obj=plan,
        detail=f"plan v{plan.version} in force",
        system_job=system_job,
    )


@transaction.atomic
def sign_as_client(
    *,
    plan: TreatmentPlan,
    typed_name: str,
    attested: bool,
    witnessed_by: Any,
    expected_edits: int | None = None,
) -> TreatmentPlan:
    """The client types their name; the witness attests they saw the client do it (e-signature attestation).

    `expected_edits` is the plan's edit count the signing page showed; a plan changed since is refused."""
    plan = _signable(plan, expected_edits)
    if plan.client_signed_at is not None:
        reject("client_signed_name", "The client has already signed this version.")
    if not typed_name.strip():
        reject("client_signed_name", "The client types their full name to sign.", code="required")
    if not attested:
        reject("attested", "Confirm that you watched the client read and sign the plan.", code="required")
    plan.client_signed_name = typed_name.strip()
    plan.client_signed_at = clock.now()
    plan.client_witness = witnessed_by
    return _finish(
        plan,
        signer=witnessed_by,
        fields=["client_signed_name", "client_signed_at", "client_witness"],
        who="client (witnessed)",
    )


@transaction.atomic
def sign_in_portal(
    *,
    plan: TreatmentPlan,
    typed_name: str,
    name_on_file: str,
    attested: bool,
    system_job: str,
    expected_edits: int | None = None,
) -> TreatmentPlan:
    """The client signs alone in the portal: the one-time-code sign-in stands for the witness, and the typed
    name must be the name on file. Audited with no staff actor, naming the portal as the job."""
    plan = _signable(plan, expected_edits)
    if plan.client_signed_at is not None:
        reject("client_signed_name", "You have already signed this version.")
    typed = " ".join(typed_name.split())
    if not typed:
        reject("client_signed_name", "Type your full name to sign.", code="required")
    if typed.casefold() != " ".join(name_on_file.split()).casefold():
        reject(
            "client_signed_name",
            "The name you typed does not match the name we have on file. Type your full legal name.",
            code="mismatch",
        )
    if not attested:
        reject("attested", "Tick the box to say you have read the plan and agree.", code="required")
    plan.client_signed_name = typed
    plan.client_signed_at = clock.now()
    plan.client_signed_in_portal = True
    return _finish(
        plan,
        signer=None,
        fields=["client_signed_name", "client_signed_at", "client_signed_in_portal"],
        who="client (portal)",
        system_job=system_job,
    )


@transaction.atomic
def sign_as_clinician(
    *, plan: TreatmentPlan, clinician: Any, expected_edits: int | None = None
) -> TreatmentPlan:
    plan = _signable(plan, expected_edits)
    if plan.clinician_signed_at is not None:
        reject("clinician", "A clinician has already signed this version.")
    if not clinician.can(Capability.VIEW_CLINICAL):
        reject("clinician", "Only clinical staff sign treatment plans.")
    plan.clinician = clinician
    plan.clinician_signed_at = clock.now()
    return _finish(plan, signer=clinician, fields=["clinician", "clinician_signed_at"], who="clinician")


@transaction.atomic
def sign_as_supervisor(
    *, plan: TreatmentPlan, supervisor: Any, expected_edits: int | None = None
) -> TreatmentPlan:
    """Co-signature by a clinical director, where the program or the plan asks for one."""
    plan = _signable(plan, expected_edits)
    if not plan.requires_supervisor_signature:
        reject("supervisor", "This plan does not need a supervisor's signature.")
    if plan.supervisor_signed_at is not None:
        reject("supervisor", "A supervisor has already signed this version.")
    if not supervisor.can(Capability.SUPERVISE_NOTES):  # the same people who supervise notes
        reject(
            "supervisor", "Only a clinical director or other supervisor of notes co-signs treatment plans."
        )
    if plan.clinician_id == supervisor.pk:
        reject("supervisor", "The supervisor must be someone other than the signing clinician.")
    plan.supervisor = supervisor
    plan.supervisor_signed_at = clock.now()
    return _finish(plan, signer=supervisor, fields=["supervisor", "supervisor_signed_at"], who="supervisor")
