"""What the client's phone shows of a new message (nothing of it, no program unless she chose it), and when
the care team reads messages."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from conftest import World
from trellis.messaging.office_hours import is_open
from trellis.notifications import wording
from trellis.notifications.delivery import compose_body
from trellis.notifications.models import Notification, WordingPreference
from trellis.notifications.services import choose_wording

MESSAGE = Notification.Purpose.MESSAGE
NY = ZoneInfo("America/New_York")


def test_the_alert_names_no_care_and_no_program_by_default(world: World) -> None:
    text = compose_body(client=world.carol, purpose=MESSAGE, starts_at=None, channel="email")
    assert text == "Your care team: You have a new message from your care team. Sign in to read it."
    assert not wording.reveals_treatment(text)


def test_the_alert_names_the_program_only_when_the_client_chose_it(world: World) -> None:
    choose_wording(
        client=world.carol, style=WordingPreference.Style.PROGRAM, own_sender="", chosen_by=world.alice
    )
    text = compose_body(client=world.carol, purpose=MESSAGE, starts_at=None, channel="sms")
    assert text.startswith("IOP Substance Use: You have a new message")
    assert text.endswith("Reply STOP to opt out.")


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        (dt.datetime(2026, 12, 7, 8, 59, tzinfo=NY), False),  # Monday, before opening
        (dt.datetime(2026, 12, 7, 9, 0, tzinfo=NY), True),  # opening
        (dt.datetime(2026, 12, 11, 16, 59, tzinfo=NY), True),  # Friday, the last minute
        (dt.datetime(2026, 12, 11, 17, 0, tzinfo=NY), False),  # closing
        (dt.datetime(2026, 12, 12, 12, 0, tzinfo=NY), False),  # Saturday noon
    ],
)
def test_office_hours(local: dt.datetime, expected: bool) -> None:
    assert is_open(local) is expected
