"""Shared set-ups for family-session and psychiatric-visit tests: Carol's family, their consents, a prescriber."""

from typing import Any

from tests import part2 as consents_for
from trellis.clients.models import ClientContact
from trellis.privacy.part2 import Purpose, RecipientKind

DAP = {"data": "Discussed the week at home.", "assessment": "Engaged.", "plan": "Meet again in two weeks."}


def family(world: Any) -> tuple[Any, Any]:
    """Carol's sister, whom a signed family consent names, and her father, whom none does."""
    sister = ClientContact.objects.create(client=world.carol, name="Robin Northcott", relationship="Sister")
    father = ClientContact.objects.create(client=world.carol, name="Glen Northcott", relationship="Father")
    consents_for.named_consent(
        world.carol, world.alice, recipient_kind=RecipientKind.FAMILY, recipient_name="robin  northcott",
        purposes=(Purpose.FAMILY,),
    )  # fmt: skip
    return sister, father
