"""Break-glass disclosure in a bona fide medical emergency (42 CFR 2.51), without the client's consent.

The one way records leave without the gate's consent check: 2.51 needs none. It writes what 2.51(c) asks the
program to record (the medical personnel and their facility, who disclosed, when, the nature of the emergency)
as an EmergencyDisclosure, and a Disclosure row with authority EMERGENCY for the accounting, in one
transaction with its audit event. The organization's privacy officers are told by e-mail once it commits, in
words with no PHI, and see it on Today until one of them marks it reviewed.
"""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction

from trellis.accounts.models import User
from trellis.accounts.roles import CAPABILITIES, Capability
from trellis.clients.models import Client
from trellis.core import clock
from trellis.core.errors import reject
from trellis.privacy import audit, part2
from trellis.privacy.disclosure_models import Authority, Disclosure, EmergencyDisclosure
from trellis.privacy.gate import GateContext
from trellis.privacy.part2 import InfoKind, Purpose, RecipientKind

# The Disclosure.path of an emergency disclosure. Not in OUTBOUND_PATHS: those are the ways out that need
# consent, and each is driven through refusal and release by tests/test_outbound_paths.py.
EMERGENCY_PATH = "medical_emergency"
EMERGENCY_LABEL = "Medical emergency (42 CFR 2.51)"

ALERT_SUBJECT = "Trellis: an emergency disclosure was recorded"
ALERT_BODY = (
    "An emergency disclosure of client records was recorded without consent (42 CFR 2.51).\n"
    "Review it in Trellis: {link}\n\n"
    "This message carries no client information on purpose; sign in to see it."
)


def _check(medical_personnel: str, facility: str, nature: str, information: set[str]) -> None:
    if not medical_personnel.strip():
        reject("medical_personnel", "Name the medical personnel who received the information.")
    if not facility.strip():
        reject("facility", "Name the facility they work for.")
    if not nature.strip():
        reject("nature_of_emergency", "Describe the medical emergency.")
    if not information or not information <= set(InfoKind.values):
        reject("information", "Choose what information was disclosed.")
    if InfoKind.COUNSELING_NOTES in information:
        reject("information", "SUD counseling notes are not disclosed in an emergency; give what care needs.")


def disclose_in_emergency(
    *,
    client: Client,
    medical_personnel: str,
    facility: str,
    nature_of_emergency: str,
    information: Iterable[str],
    actor: Any,
    review_link: str,
) -> EmergencyDisclosure:
    wanted = {str(kind) for kind in information}
    _check(medical_personnel, facility, nature_of_emergency, wanted)
    is_part2 = GateContext.load([client.pk]).part2.get(client.pk, True)
    with transaction.atomic():
        emergency = EmergencyDisclosure.objects.create(
            organization_id=client.organization_id,
            client=client,
            medical_personnel=medical_personnel.strip()[:160],
            facility=facility.strip()[:160],
            nature_of_emergency=nature_of_emergency.strip(),
            information=sorted(wanted),
            disclosed_at=clock.now(),
            disclosed_by=actor,
        )
        disclosure = Disclosure.objects.create(
            organization_id=client.organization_id,
            client=client,
            path=EMERGENCY_PATH,
            disclosed_at=emergency.disclosed_at,
            recipient_kind=RecipientKind.PROVIDER,
            recipient_name=f"{emergency.medical_personnel}, {emergency.facility}"[:160],
            purpose=Purpose.TREATMENT,
            information=sorted(wanted),
            description="Disclosure in a medical emergency",
            authority=Authority.EMERGENCY,
            emergency=emergency,
            part2=is_part2,
            notice=part2.NOTICE if is_part2 else "",
            disclosed_by=actor,
            object_type=EmergencyDisclosure._meta.label,
            object_id=str(emergency.pk),
        )
        audit.record(
            actor=actor,
            action=audit.Action.DISCLOSE,
            client_id=client.pk,
            obj=disclosure,
            detail=f"{EMERGENCY_PATH} without consent",
        )
        organization_id = client.organization_id
        transaction.on_commit(lambda: _alert_privacy_officers(organization_id, review_link))
    return emergency


def _privacy_officer_addresses(organization_id: Any) -> list[str]:
    roles = [role for role, capabilities in CAPABILITIES.items() if Capability.MANAGE_PRIVACY in capabilities]
    officers = User.objects.filter(organization_id=organization_id, role__in=roles, is_active=True)
    return sorted(set(officers.exclude(email="").values_list("email", flat=True)))


def _alert_privacy_officers(organization_id: Any, review_link: str) -> None:
    addresses = _privacy_officer_addresses(organization_id)
    if addresses:
        send_mail(
            ALERT_SUBJECT,
            ALERT_BODY.format(link=review_link),
            settings.DEFAULT_FROM_EMAIL,
            addresses,
            fail_silently=True,  # the record is what 2.51 asks for; a mail server down must not undo it
        )


def mark_reviewed(*, emergency: EmergencyDisclosure, actor: Any) -> EmergencyDisclosure:
    if emergency.reviewed_at is not None:
        reject("reviewed", "This emergency disclosure was already reviewed.")
    with transaction.atomic():
        emergency.reviewed_at = clock.now()
        emergency.reviewed_by = actor
        emergency.save(update_fields=["reviewed_at", "reviewed_by", "updated_at"])
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            client_id=emergency.client_id,
            obj=emergency,
            detail="emergency disclosure reviewed",
        )
    return emergency


def unreviewed(*, organization_id: Any) -> models.QuerySet[EmergencyDisclosure]:
    """The organization's emergency disclosures no privacy officer has reviewed yet, oldest first."""
    return (
        EmergencyDisclosure.objects.filter(organization_id=organization_id, reviewed_at__isnull=True)
        .select_related("client", "disclosed_by")
        .order_by("disclosed_at")
    )
