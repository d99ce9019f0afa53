"""Supervision for the demo: the director's co-signature rules, and a note waiting on her co-sign queue.

Staff holding no license (the case manager) have their individual notes co-signed by any supervisor at the
site; CADC counselors have every note co-signed by their named, licensed supervisor. One SOAP note by the
case manager, signed yesterday, waits so the director's Today shows the count on first run.
"""

import datetime as dt
from typing import Any

from django.db import transaction

from trellis.accounts.models import User
from trellis.accounts.roles import Role
from trellis.clients.models import Client
from trellis.core import context
from trellis.notes import cosign_rules, services
from trellis.notes.choices import SECTIONS
from trellis.notes.models import CosignRule
from trellis.programs.models import Organization

NOTE_TEXT = {
    "subjective": "Reports sleeping better; worried about a court date next week.",
    "objective": "On time, calm, engaged; linked to legal aid during the session.",
    "assessment": "Stable; court date is a stressor to plan around.",
    "plan": "Bring the legal aid appointment letter on Thursday.",
}


def load_supervision(*, organization_name: str, seed: int, today: dt.date) -> str:
    """Rules, named supervisors and one waiting note; returns the waiting note's client's name."""
    # The same request id as the rest of the load: the audit log shows the whole demo as one job.
    context.set_current(context.RequestContext(request_id=f"load_demo-seed-{seed}", ip_address=None, path=""))
    try:
        return _load(organization_name, today)
    finally:
        context.set_current(None)


@transaction.atomic
def _load(organization_name: str, today: dt.date) -> str:
    organization = Organization.objects.get(name=organization_name)
    staff = {user.username: user for user in User.objects.filter(organization=organization)}
    director = staff["director"]
    individual = ["dap", "birp", "soap"]
    cosign_rules.add_rule(
        set_by=director, role="", license_type=CosignRule.NO_LICENSE, kinds=individual, signer="any"
    )
    cosign_rules.add_rule(
        set_by=director,
        role=Role.CLINICIAN,
        license_type="cadc",
        kinds=["group", *individual],
        signer="named",
    )
    for counselor, supervisor in (("clinician4", "clinician"), ("clinician5", "clinician6")):
        services.require_cosignature(user=staff[counselor], supervisor=staff[supervisor], set_by=director)
    return _waiting_note(staff["casemanager"], today - dt.timedelta(days=1))


def _waiting_note(author: Any, day: dt.date) -> str:
    client = (
        Client.objects.filter(site__in=author.sites.all(), episodes__admitted_on__lte=day)
        .filter(episodes__discharged_on__isnull=True)
        .order_by("legal_last_name", "legal_first_name")
        .first()
    )
    if client is None:
        return ""
    sections = {key: NOTE_TEXT.get(key, label) for key, label in SECTIONS["soap"]}
    note = services.create_individual_note(
        client=client,
        author=author,
        service_date=day,
        duration_minutes=30,
        note_format="soap",
        sections=sections,
    )
    services.sign_individual_note(note=note, signed_by=author)
    return str(client.display_name)
