"""What medications and screens put on the client timeline, and for whom."""

import datetime as dt
from typing import Any

import time_machine

from trellis.medications import services
from trellis.medications.choices import Result
from trellis.medications.services import ResultEntry
from trellis.medications.timeline import medication_events


def test_it_shows_an_unexpected_positive_and_its_review_by_name(world: Any) -> None:
    # given an unexpected fentanyl positive, reviewed an hour later
    with time_machine.travel(dt.datetime(2026, 11, 18, 15, 0, tzinfo=dt.UTC), tick=False):
        screen = services.record_drug_screen(
            client=world.carol,
            collected_at=dt.datetime(2026, 11, 18, 14, 0, tzinfo=dt.UTC),
            specimen="urine",
            method="read_by_eye",
            results=[ResultEntry("fentanyl", Result.POSITIVE)],
            collected_by=world.nora,
        )
    with time_machine.travel(dt.datetime(2026, 11, 18, 16, 0, tzinfo=dt.UTC), tick=False):
        services.review_screen_flag(flag=screen.flag, note="Discussed.", reviewed_by=world.alice)
    # when
    titles = [event.title for event in medication_events(world.carol, world.alice)]
    # then
    assert "Unexpected positive: Fentanyl" in titles
    assert "Unexpected positive reviewed: Fentanyl" in titles
    assert medication_events(world.carol, world.bill) == []
