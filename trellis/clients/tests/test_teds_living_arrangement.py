"""The face sheet's living situation as TEDS "living arrangements" (LIVARAG)."""

import pytest

from trellis.clients import teds
from trellis.clients.models import LivingSituation


@pytest.mark.parametrize(
    ("situation", "code"),
    [
        (LivingSituation.UNSTABLE, 1),  # homeless
        (LivingSituation.SOBER_LIVING, 2),  # dependent living includes supervised and sober living
        (LivingSituation.HOME, 3),  # independent living
        (LivingSituation.OTHER, -9),
        ("", -9),
    ],
)
def test_it_maps_the_living_situation_to_teds(situation: str, code: int) -> None:
    assert teds.living_arrangement(situation) == code


def test_every_living_situation_has_a_code_with_a_label() -> None:
    for situation in LivingSituation:
        assert teds.living_arrangement(situation) in teds.LIVING_ARRANGEMENT_LABELS
