"""A purpose reads as a purpose: "family" and "operations" are also kinds of recipient, with other words."""

from typing import Any

from tests import part2 as consents_for
from trellis.privacy import gate, part2
from trellis.privacy.part2 import Purpose, RecipientKind


def test_it_names_purposes_and_recipients_each_in_their_own_words() -> None:
    assert part2.labels([Purpose.OPERATIONS, Purpose.FAMILY], Purpose) == [
        "Health care operations",
        "Involving family or a support person",
    ]
    assert part2.labels([RecipientKind.OPERATIONS], RecipientKind) == ["Business associate of the program"]


def test_the_summary_sent_with_a_disclosure_names_the_tpo_purposes(world: Any) -> None:
    summary = gate.consent_summary(consents_for.tpo_consent(world.carol, world.alice))
    assert "Purposes: health care operations; payment; treatment." in summary
    assert "business associate" not in summary.lower()
