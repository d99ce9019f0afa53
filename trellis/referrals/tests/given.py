"""Referral test data made through the real services."""

import datetime as dt
from typing import Any

from tests import part2 as consents_for
from trellis.privacy.part2 import Purpose, RecipientKind
from trellis.referrals import services
from trellis.referrals.choices import NeedDomain, ResourceKind
from trellis.referrals.models import Referral, Resource

SOBER_LIVING = "Maple Street Recovery House"


def resource(actor: Any, *, name: str = SOBER_LIVING, kind: str = ResourceKind.SOBER_LIVING) -> Resource:
    return services.save_resource(
        actor=actor, values={"name": name, "kind": kind, "phone": "555-0100", "payers_accepted": "Self-pay"}
    )


def drafted(
    actor: Any, client: Any, to: Resource, *, follow_up_on: dt.date, records: tuple[str, ...] = ()
) -> Referral:
    terms = services.ReferralTerms(
        resource=to, domain=NeedDomain.HOUSING, reason="Needs a sober place to live.", records=records,
        follow_up_on=follow_up_on,
    )  # fmt: skip
    return services.draft_referral(actor=actor, client=client, terms=terms)


def consent_to(client: Any, actor: Any, name: str = SOBER_LIVING) -> Any:
    return consents_for.named_consent(
        client,
        actor,
        recipient_kind=RecipientKind.OTHER,
        recipient_name=name,
        purposes=(Purpose.CLIENT_REQUEST,),
    )
