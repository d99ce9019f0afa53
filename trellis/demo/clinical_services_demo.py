"""Family therapy and psychiatry for the demo: a family session with a consented family member, and a
medication-management visit whose note reviews the client's order; both signed, with their charges.

Synthetic people only. The client is one at Northside whose TPO consent is in force, so the charges show
as they would bill rather than held for consent.
"""

import datetime as dt
from typing import Any

from django.db import transaction

from trellis.accounts.models import User
from trellis.billing.capture import capture_charges
from trellis.clients.models import Client, ClientContact
from trellis.core import context
from trellis.medications.choices import Route
from trellis.medications.orders import create_order
from trellis.medications.regimen import Regimen
from trellis.notes.clinical_services import create_family_note, create_psychiatric_note
from trellis.notes.individual_services import sign_individual_note
from trellis.privacy import consents
from trellis.privacy.consent_models import ConsentState
from trellis.privacy.part2 import ConsentKind, InfoKind, Purpose, RecipientKind, SignatureMethod, SignerRole
from trellis.programs.models import Organization

FAMILY_NOTE = {
    "data": "Client and her aunt met to plan evenings at home after program hours.",
    "assessment": "Both engaged; the aunt can give rides to Thursday groups.",
    "plan": "Family session again in two weeks; the aunt joins the multi-family evening.",
}
VISIT_NOTE = {
    "subjective": "Sleeping six hours; cravings less often than last month.",
    "objective": "Calm, linear, no tremor.",
    "assessment": "Stable on the current dose.",
    "plan": "Continue; review again in four weeks.",
}


def load_clinical_services(*, organization_name: str, seed: int, today: dt.date) -> str:
    """Returns the client's name ('' when the demo has no suitable client)."""
    context.set_current(context.RequestContext(request_id=f"load_demo-seed-{seed}", ip_address=None, path=""))
    try:
        return _load(organization_name, today - dt.timedelta(days=1))
    finally:
        context.set_current(None)


def _client_with_tpo(clinician: Any, day: dt.date) -> Client | None:
    candidates = (
        Client.objects.filter(site__in=clinician.sites.all(), episodes__admitted_on__lte=day)
        .filter(episodes__discharged_on__isnull=True, consents__kind=ConsentKind.TPO)
        .order_by("-legal_last_name", "legal_first_name")
        .distinct()
    )
    client: Client
    for client in candidates[:20]:
        tpo = [c for c in client.consents.all() if c.kind == ConsentKind.TPO]
        if len(tpo) == len(client.consents.all()) and any(
            consents.state_now(c) == ConsentState.ACTIVE for c in tpo
        ):
            return client
    return None


def _family_member(client: Client, actor: Any) -> ClientContact:
    aunt = ClientContact.objects.create(client=client, name="Robin Whitfield", relationship="Aunt")
    terms = consents.ConsentTerms(
        kind=ConsentKind.NAMED,
        information=(InfoKind.IDENTITY, InfoKind.ATTENDANCE, InfoKind.TREATMENT_PLAN),
        information_detail="My attendance and progress in substance use disorder treatment, in family sessions.",
        purposes=(Purpose.FAMILY,),
        recipient_kind=RecipientKind.FAMILY,
        recipient_name=aunt.name,
        recipient_detail="Aunt",
        expiry_event="The end of this treatment episode",
    )
    consent = consents.prepare(client=client, terms=terms, actor=actor)
    name = f"{client.legal_first_name} {client.legal_last_name}"
    consents.sign(
        consent=consent, signer_name=name, signer_role=SignerRole.CLIENT, method=SignatureMethod.TYPED,
        signature=name, device="demo tablet", actor=actor,
    )  # fmt: skip
    return aunt


@transaction.atomic
def _load(organization_name: str, day: dt.date) -> str:
    organization = Organization.objects.get(name=organization_name)
    staff = {user.username: user for user in User.objects.filter(organization=organization)}
    clinician, prescriber = staff["clinician"], staff["prescriber"]
    client = _client_with_tpo(clinician, day)
    if client is None:
        return ""
    aunt = _family_member(client, clinician)
    family = create_family_note(
        client=client, author=clinician, service_date=day, duration_minutes=50, note_format="dap",
        sections=FAMILY_NOTE, client_present=True, contacts=[aunt],
    )  # fmt: skip
    sign_individual_note(note=family, signed_by=clinician)
    regimen = Regimen(dose="50 mg", route=Route.ORAL, frequency="once daily")
    order = create_order(
        client=client,
        name="Sertraline",
        regimen=regimen,
        ordered_by=prescriber,
        ordered_on=day - dt.timedelta(days=28),
    )
    visit = create_psychiatric_note(
        client=client, author=prescriber, service="medication_management", service_date=day,
        duration_minutes=25, note_format="soap", sections=VISIT_NOTE, order_actions={order.pk: "reviewed"},
    )  # fmt: skip
    sign_individual_note(note=visit, signed_by=prescriber)
    capture_charges(first=day, last=day, organization=organization, client_ids=[client.pk])
    return f"{client.legal_first_name} {client.legal_last_name}"
