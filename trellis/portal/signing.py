"""What the client reads and signs in the portal: their treatment plan and their consents.

Reads start from the signed-in client (never a pk alone), so another client's plan or consent is not found.
Writes go through the plans and privacy services, audited with no staff actor and the portal as the job.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from trellis.clients.models import Client
from trellis.core import clock
from trellis.plans import signing as plan_signing
from trellis.plans.choices import PlanStatus
from trellis.plans.models import Objective, Problem, TreatmentPlan
from trellis.portal.services import PORTAL_JOB
from trellis.privacy import consents
from trellis.privacy.consent_models import Consent, ConsentState
from trellis.privacy.consent_selectors import ConsentLine, line_for
from trellis.privacy.part2 import SignatureMethod, SignerRole

# The portal's revocation is in writing, by the client, through the portal (42 CFR 2.31(a)(6)).
PORTAL_METHOD = "portal"


def name_on_file(client: Client) -> str:
    return f"{client.legal_first_name} {client.legal_last_name}"


@dataclass(frozen=True)
class PortalPlan:
    plan: TreatmentPlan
    problems: list[Problem]

    @property
    def awaits_client(self) -> bool:
        return self.plan.status == PlanStatus.DRAFT and self.plan.client_signed_at is None


def _plans(client: Client) -> list[TreatmentPlan]:
    return list(
        TreatmentPlan.objects.filter(
            episode__client=client,
            episode__discharged_on__isnull=True,
            status__in=[PlanStatus.DRAFT, PlanStatus.ACTIVE],
        ).select_related("clinician", "supervisor")
    )


def _ready_to_sign(plan: TreatmentPlan) -> bool:
    """A draft staff are still writing is not shown: only one with every part a signature needs."""
    return plan_signing._incomplete_reason(plan) is None


def get_plan(*, client: Client) -> PortalPlan | None:
    """The draft awaiting the client's signature if there is one, else the plan in force."""
    plans = _plans(client)
    drafts = [p for p in plans if p.status == PlanStatus.DRAFT and _ready_to_sign(p)]
    active = [p for p in plans if p.status == PlanStatus.ACTIVE]
    candidates = drafts or active
    if not candidates:
        return None
    chosen = candidates[0]
    objectives = Objective.objects.prefetch_related("interventions__responsible")
    problems = list(
        chosen.problems.prefetch_related("goals", Prefetch("goals__objectives", queryset=objectives))
    )
    return PortalPlan(plan=chosen, problems=problems)


def sign_plan(*, client: Client, plan: TreatmentPlan, typed_name: str, attested: bool, edits: Any) -> None:
    plan_signing.sign_in_portal(
        plan=plan,
        typed_name=typed_name,
        name_on_file=name_on_file(client),
        attested=attested,
        system_job=PORTAL_JOB,
        expected_edits=edits,
    )


ORDER = [ConsentState.AWAITING_SIGNATURE, ConsentState.ACTIVE, ConsentState.REVOKED, ConsentState.EXPIRED]


@dataclass(frozen=True)
class ConsentGroup:
    state: str
    label: str
    lines: list[ConsentLine]


def list_consents(*, client: Client) -> list[ConsentGroup]:
    """The client's consents grouped by state (awaiting signature first), in one query."""
    now, today = clock.now(), clock.today_in(client.site.timezone)
    lines = [line_for(c, moment=now, today=today) for c in Consent.objects.filter(client=client)]
    return [
        ConsentGroup(state, str(state.label), [line for line in lines if line.state == state])
        for state in ORDER
    ]


def get_consent(*, client: Client, pk: Any) -> Consent:
    """One of the signed-in client's own consents; any other is 404."""
    found: Consent = get_object_or_404(
        Consent.objects.select_related("client__site", "client__organization"), pk=pk, client=client
    )
    return found


def sign_consent(*, client: Client, consent: Consent, typed_name: str, device: str) -> None:
    if " ".join(typed_name.split()).casefold() != name_on_file(client).casefold():
        raise consents.ConsentInvalid(
            "The name you typed does not match the name we have on file. Type your full legal name."
        )
    consents.sign(
        consent=consent,
        signer_name=name_on_file(client),
        signer_role=SignerRole.CLIENT,
        method=SignatureMethod.TYPED,
        signature=typed_name,
        device=device,
        actor=None,
        system_job=PORTAL_JOB,
    )


def revoke_consent(*, consent: Consent) -> None:
    consents.revoke(consent=consent, method=PORTAL_METHOD, note="", actor=None, system_job=PORTAL_JOB)
