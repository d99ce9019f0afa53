"""What the consent page tests share: a frozen instant, the form a clinician posts, a prepared consent."""

import datetime as dt
from typing import Any

from trellis.privacy import consents
from trellis.privacy.consent_models import Consent
from trellis.privacy.part2 import ConsentKind, InfoKind, Purpose, RecipientKind

# A Wednesday afternoon in New York (the world's Northside site): every date below is derived from it.
NOW = dt.datetime(2026, 11, 25, 20, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 25)
IPAD = "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Safari/604.1"
STROKES = "M 100 150 L 180 90 L 260 160 L 340 80 M 400 200 L 620 120.5"


def tpo_form(**changes: Any) -> dict[str, Any]:
    """The prepare form as a clinician sends it for the single TPO consent."""
    data: dict[str, Any] = {
        "kind": ConsentKind.TPO,
        "disclosing_party": "Riverside Recovery",
        "information": [InfoKind.IDENTITY, InfoKind.ATTENDANCE, InfoKind.DIAGNOSIS, InfoKind.BILLING],
        "information_detail": "Records of my substance use disorder treatment in this program.",
        "recipient_mode": "general",
        "recipient_kind": "",
        "recipient_name": "",
        "recipient_detail": "",
        "purposes": [Purpose.TREATMENT, Purpose.PAYMENT, Purpose.OPERATIONS],
        "purpose_detail": "",
        "expiry_mode": "none",
        "expires_on": "",
        "expiry_event": "",
    }
    data.update(changes)
    return data


def family_form(**changes: Any) -> dict[str, Any]:
    named = tpo_form(
        kind=ConsentKind.NAMED,
        information=[InfoKind.IDENTITY, InfoKind.ATTENDANCE],
        recipient_mode="named",
        recipient_kind=RecipientKind.FAMILY,
        recipient_name="Jordan Northcott",
        recipient_detail="Sister, 555-0199",
        purposes=[Purpose.FAMILY],
        expiry_mode="event",
        expiry_event="The end of this treatment episode",
    )
    named.update(changes)
    return named


def prepared(client: Any, actor: Any, *, expires_on: dt.date | None = None, event: str = "") -> Consent:
    """A family consent awaiting signature, ending on a date, an event, or (by default) discharge."""
    terms = consents.ConsentTerms(
        kind=ConsentKind.NAMED,
        information=(InfoKind.IDENTITY, InfoKind.ATTENDANCE),
        information_detail="Whether I attend my substance use disorder treatment groups.",
        purposes=(Purpose.FAMILY,),
        recipient_kind=RecipientKind.FAMILY,
        recipient_name="Jordan Northcott",
        expires_on=expires_on,
        expiry_event="" if expires_on else (event or "The end of this treatment episode"),
    )
    return consents.prepare(client=client, terms=terms, actor=actor)
