"""Family-session seed: Sage, a client of Alice's with a sister whom a signed family consent names and a
father whom none does. Sage has an episode but is in no group, so no other browser test sees her. Synthetic."""

import datetime as dt
from typing import Any

from tests import factories
from tests import part2 as consents_for
from trellis.clients.models import ClientContact
from trellis.privacy.part2 import Purpose, RecipientKind


def seed(base: Any) -> None:
    sage = factories.ClientFactory.create(
        site=base.site, legal_first_name="Sage", legal_last_name="Familytest"
    )
    factories.EpisodeFactory.create(
        client=sage, program=base.program, admitted_on=base.today - dt.timedelta(days=10)
    )
    ClientContact.objects.create(client=sage, name="Robin Familytest", relationship="Sister")
    ClientContact.objects.create(client=sage, name="Glen Familytest", relationship="Father")
    consents_for.named_consent(
        sage, base.alice, recipient_kind=RecipientKind.FAMILY, recipient_name="Robin Familytest",
        purposes=(Purpose.FAMILY,),
    )  # fmt: skip
