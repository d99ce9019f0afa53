"""Consents for the browser tests: Harper's family consent, prepared by Alice and awaiting Harper's signature.

Indy has no consent at all: the browser test prepares and signs Indy's TPO consent itself. Names are synthetic.
"""

from typing import Any

from trellis.privacy import consents
from trellis.privacy.part2 import ConsentKind, InfoKind, Purpose, RecipientKind


def seed(base: Any) -> None:
    harper = next(c for c in base.clients if c.legal_first_name == "Harper")
    terms = consents.ConsentTerms(
        kind=ConsentKind.NAMED,
        information=(InfoKind.IDENTITY, InfoKind.ATTENDANCE),
        information_detail="Whether I attend my substance use disorder treatment groups.",
        purposes=(Purpose.FAMILY,),
        recipient_kind=RecipientKind.FAMILY,
        recipient_name="Robin Example",
        expiry_event="The end of this treatment episode",
    )
    consents.prepare(client=harper, terms=terms, actor=base.alice)
