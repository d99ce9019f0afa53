import datetime as dt
from typing import Any

import pytest

from conftest import World
from trellis.episodes.models import Episode
from trellis.portal.tests.conftest import invite_both, sms_outbox

__all__ = ["sms_outbox"]

# Carol was discharged on Nov 7: Dec 7 is day 30, her first follow-up's day.
NOW = dt.datetime(2026, 12, 7, 15, 0, tzinfo=dt.UTC)
DISCHARGED_ON = dt.date(2026, 11, 7)


def discharge(world: World, client_name: str = "carol", *, on: dt.date = DISCHARGED_ON) -> World:
    """Close the client's stay as completed (Alice her clinician), without the discharge steps' paperwork."""
    client = getattr(world, client_name)
    Episode.objects.filter(client=client).update(
        admitted_on=on - dt.timedelta(days=60),
        discharged_on=on,
        discharge_reason=1,
        primary_clinician=world.alice,
    )
    return world


def bam(*, use_days: int = 0, cravings: int = 0) -> dict[str, int]:
    """BAM answers of an alumna doing well (item 4 any alcohol; item 8 cravings), with the self-report."""
    answers = {f"item_{n}": 0 for n in range(1, 18)} | {"item_4": use_days, "item_8": cravings}
    if use_days == 0:
        answers.pop("item_5")  # asked only after a day of drinking
    answers.pop("item_7")
    return answers


SELF_REPORT = {
    "using_since": "no",
    "in_support": "yes",
    "working_or_school": "yes",
    "housing_stable": "yes",
    "note": "My sister's wedding is next month",
}


@pytest.fixture
def invited(world: World, sms_outbox: Any) -> World:
    return invite_both(world)
