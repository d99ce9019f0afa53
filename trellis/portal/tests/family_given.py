"""A family contact of Carol's for the portal's family tests: Fran, her sister, named by a signed consent."""

import datetime as dt
from typing import Any

from django.test import Client as Browser

from conftest import World
from tests import part2 as consents_for
from trellis.clients.models import ClientContact
from trellis.portal import family
from trellis.portal.models import FamilyAccess
from trellis.privacy.consent_models import Consent
from trellis.privacy.part2 import InfoKind, Purpose, RecipientKind

FRAN_MOBILE = "(413) 555-0177"
BOTH = (InfoKind.IDENTITY, InfoKind.SCHEDULE, InfoKind.FAMILY_GROUPS)


def fran(world: World) -> ClientContact:
    found = ClientContact.objects.filter(client=world.carol, name="Fran Test").first()
    return found or ClientContact.objects.create(client=world.carol, name="Fran Test", relationship="Sister")


def family_consent(
    world: World, *, information: tuple[str, ...] = BOTH, expires_on: dt.date | None = None
) -> Consent:
    return consents_for.named_consent(
        world.carol,
        world.alice,
        recipient_kind=RecipientKind.FAMILY,
        recipient_name="Fran Test",
        purposes=(Purpose.FAMILY,),
        information=information,
        expires_on=expires_on,
    )


def fran_invited(world: World, **consent: Any) -> FamilyAccess:
    """Fran named by a consent in force and invited by Alice at her own mobile."""
    family_consent(world, **consent)
    return family.invite(
        client=world.carol, contact=fran(world), email="", mobile=FRAN_MOBILE, invited_by=world.alice
    )


def fran_signs_in(browser: Browser, sms_outbox: Any) -> None:
    from trellis.portal.tests.conftest import last_code

    browser.post("/me/family/sign-in/", {"address": FRAN_MOBILE})
    answer = browser.post("/me/family/sign-in/code/", {"code": last_code(sms_outbox)})
    assert answer.status_code == 302
    assert answer["Location"] == "/me/family/"
