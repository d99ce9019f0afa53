"""Consents for tests, made through the real services (prepare, then sign), so they obey every rule of 2.31."""

import datetime as dt
from typing import Any

from trellis.clients.models import Client
from trellis.privacy import consents
from trellis.privacy.consent_models import Consent
from trellis.privacy.part2 import ConsentKind, InfoKind, Purpose, SignatureMethod, SignerRole

ALL_BUT_NOTES = tuple(kind for kind in InfoKind.values if kind != InfoKind.COUNSELING_NOTES)
TPO = (Purpose.TREATMENT, Purpose.PAYMENT, Purpose.OPERATIONS)


def signed(consent: Consent, actor: Any) -> Consent:
    name = f"{consent.client.legal_first_name} {consent.client.legal_last_name}"
    return consents.sign(
        consent=consent,
        signer_name=name,
        signer_role=SignerRole.CLIENT,
        method=SignatureMethod.TYPED,
        signature=name,
        device="Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X)",
        actor=actor,
    )


def tpo_consent(client: Client, actor: Any, *, information: tuple[str, ...] = ALL_BUT_NOTES) -> Consent:
    """The single TPO consent, to treating providers, health plans and operations by general designation."""
    terms = consents.ConsentTerms(
        kind=ConsentKind.TPO,
        information=information,
        information_detail="Records of substance use disorder treatment in this program.",
        purposes=TPO,
        general_designation=True,
        no_expiry=True,
    )
    return signed(consents.prepare(client=client, terms=terms, actor=actor), actor)


def named_consent(
    client: Client,
    actor: Any,
    *,
    recipient_kind: str,
    recipient_name: str,
    purposes: tuple[str, ...],
    information: tuple[str, ...] = (InfoKind.IDENTITY, InfoKind.ATTENDANCE),
    expires_on: dt.date | None = None,
    kind: str = ConsentKind.NAMED,
) -> Consent:
    terms = consents.ConsentTerms(
        kind=kind,
        information=information,
        information_detail="Attendance and participation in substance use disorder treatment.",
        purposes=purposes,
        recipient_kind=recipient_kind,
        recipient_name=recipient_name,
        expires_on=expires_on,
        expiry_event="" if expires_on else "End of the treatment episode",
    )
    return signed(consents.prepare(client=client, terms=terms, actor=actor), actor)
