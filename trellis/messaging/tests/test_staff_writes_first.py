"""Staff write to a client first, from the client's messages page: the client reads it in the portal and is
told by text only that a message waits; without a portal account there is no one to read it, so nothing is
sent; staff of another site or organization cannot reach the page."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client as Browser

from conftest import World
from tests import factories
from trellis.messaging.models import Message, MessageThread
from trellis.notifications.services import record_opt_in
from trellis.portal.tests.conftest import CAROL_MOBILE, sign_in
from trellis.privacy.models import AuditEvent

NOW = dt.datetime(2026, 12, 7, 15, 0, tzinfo=dt.UTC)  # Monday 10 am in New York
WORDS = "We missed you at group today. Can you call me?"


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _staff(user: Any) -> Browser:
    browser = Browser()
    browser.force_login(user)
    return browser


def test_a_clinician_writes_first_and_the_client_reads_it_in_the_portal(
    invited: World, sms_outbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # given Carol has a portal account and opted in to texts
    record_opt_in(
        client=invited.carol, channel="sms", address=CAROL_MOBILE, how="verbal", recorded_by=invited.alice
    )
    alice = _staff(invited.alice)
    page = f"/inbox/clients/{invited.carol.pk}/"
    assert "Send the message" in alice.get(page).content.decode()
    # when Alice writes to her
    with django_capture_on_commit_callbacks(execute=True):
        answer = alice.post(page, {"subject": "Today's group", "body": WORDS})
    # then the conversation is Alice's, shown to her, and not waiting on the team
    thread = MessageThread.objects.get(client=invited.carol)
    assert answer.status_code == 302
    assert answer["Location"] == f"/inbox/{thread.pk}/"
    assert thread.assigned_to == invited.alice
    assert not thread.awaits_reply
    assert WORDS in alice.get(answer["Location"]).content.decode()
    # and Carol gets one neutral text, then reads the message in the portal
    texts = [t["body"] for t in sms_outbox() if "message" in t["body"]]
    assert texts == [
        "Your care team: You have a new message from your care team. Sign in to read it. Reply STOP to opt out."
    ]
    carol = Browser()
    sign_in(carol, sms_outbox)
    assert "New reply" in carol.get("/me/messages/").content.decode()
    assert WORDS in carol.get(f"/me/messages/{thread.pk}/").content.decode()
    # and her answer, a minute later, comes back to the team as awaiting a reply
    with time_machine.travel(NOW + dt.timedelta(minutes=1), tick=False):
        carol.post(f"/me/messages/{thread.pk}/", {"body": "Sorry, I was sick. Calling now."})
    thread.refresh_from_db()
    assert thread.awaits_reply
    # and the trail says a message was sent, never what it said
    details = list(AuditEvent.objects.filter(client=invited.carol).values_list("detail", flat=True))
    assert "message sent (new thread)" in details
    assert not [d for d in details if "missed you" in d]


def test_without_a_portal_account_the_page_says_so_and_sends_nothing(world: World) -> None:
    # given Carol was never invited to the portal
    alice = _staff(world.alice)
    page = f"/inbox/clients/{world.carol.pk}/"
    shown = alice.get(page).content.decode()
    assert "has no portal account to read messages in" in shown
    assert f"/portal/clients/{world.carol.pk}/invite/" in shown
    # when a message is posted anyway
    answer = alice.post(page, {"subject": "Hello", "body": WORDS})
    # then it is refused with the reason, keeping what was typed, and nothing is written
    assert answer.status_code == 400
    assert "Invite them to the portal first." in answer.content.decode()
    assert WORDS in answer.content.decode()
    assert not MessageThread.objects.exists()
    assert not Message.objects.exists()


@pytest.mark.parametrize(("body", "why"), [("   ", "This field is required"), ("x" * 2001, "at most 2000")])
def test_an_empty_or_overlong_message_is_refused(invited: World, body: str, why: str) -> None:
    answer = _staff(invited.alice).post(f"/inbox/clients/{invited.carol.pk}/", {"body": body})
    assert answer.status_code == 400
    assert why in answer.content.decode()
    assert not MessageThread.objects.exists()


def test_staff_out_of_reach_cannot_write(invited: World) -> None:
    # Bob works at the other site, Olga in another organization, Bill in billing (no messages)
    page = f"/inbox/clients/{invited.carol.pk}/"
    assert _staff(invited.bob).post(page, {"body": WORDS}).status_code == 404
    assert _staff(invited.olga).post(page, {"body": WORDS}).status_code == 404
    assert _staff(invited.bill).post(page, {"body": WORDS}).status_code == 403
    assert not MessageThread.objects.exists()


def test_a_deactivated_portal_account_cannot_be_written_to(invited: World) -> None:
    invited.carol.portal_account.is_active = False
    invited.carol.portal_account.save()
    factories.ClientFactory.create(site=invited.site_a)  # another client, unaffected
    answer = _staff(invited.alice).post(f"/inbox/clients/{invited.carol.pk}/", {"body": WORDS})
    assert answer.status_code == 400
    assert not MessageThread.objects.exists()
