"""The nav's unread count is kept per reader between changes, and follows every change at once: a client's
message, a colleague opening the thread."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext

from conftest import World
from trellis.messaging import services
from trellis.messaging.models import MessageThread

NOW = dt.datetime(2026, 12, 7, 15, 0, tzinfo=dt.UTC)
PAGE = "/accounts/security/"  # any page with the staff nav
BADGE = 'data-testid="nav-messages">Messages <span class="badge warn">'


@pytest.fixture(autouse=True, scope="module")
def _frozen_module() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _staff(user: Any) -> Browser:
    browser = Browser()
    browser.force_login(user)
    return browser


def _badge(browser: Browser) -> str:
    page = browser.get(PAGE).content.decode()
    if BADGE not in page:
        return ""
    return page.split(BADGE, 1)[1].split("<", 1)[0]


def test_the_count_shows_a_new_message_on_the_next_page_and_goes_when_a_colleague_reads_it(
    world: World,
) -> None:
    alice, bob = _staff(world.alice), _staff(world.bob)
    assert _badge(alice) == ""
    # when Carol (Alice's site) writes
    thread = services.start_thread(client=world.carol, subject="Weekend", body="Can we talk?")
    # then Alice's next page counts it, and Bob (the other site) sees nothing
    assert _badge(alice) == "1"
    assert _badge(bob) == ""
    # when a colleague of Alice's site opens the thread
    services.read_by_staff(thread=MessageThread.objects.get(pk=thread.pk), user=world.alice)
    # then the count is gone from Alice's next page
    assert _badge(alice) == ""
    # and a reply from Carol, a minute later, brings it back
    with time_machine.travel(NOW + dt.timedelta(minutes=1), tick=False):
        services.reply_as_client(client=world.carol, thread=thread, body="Thanks")
        assert _badge(alice) == "1"


def test_a_page_between_changes_does_not_count_the_threads_again(world: World) -> None:
    services.start_thread(client=world.carol, subject="Weekend", body="Can we talk?")
    alice = _staff(world.alice)
    assert _badge(alice) == "1"
    with CaptureQueriesContext(connection) as captured:
        assert _badge(alice) == "1"
    assert not [q for q in captured.captured_queries if "messaging_messagethread" in q["sql"]]
