"""A client writes to the care team in the portal; staff answer from the shared inbox; the client is told by
text that a message waits (never what it says), and reads the answer. Both sides leave audit events without
a word of the messages."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client as Browser

from conftest import World
from trellis.messaging import services
from trellis.messaging.models import Message, MessageThread
from trellis.messaging.selectors import count_unread_for_staff
from trellis.notifications.models import Notification
from trellis.notifications.services import record_opt_in
from trellis.portal.tests.conftest import CAROL_MOBILE, sign_in
from trellis.privacy.models import AuditEvent

NOW = dt.datetime(2026, 12, 7, 15, 0, tzinfo=dt.UTC)  # Monday 10 am in New York: office hours
SECRET = "I relapsed on Saturday"


@pytest.fixture(autouse=True, scope="module")
def _frozen_module() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _carol(sms_outbox: Any) -> Browser:
    browser = Browser()
    sign_in(browser, sms_outbox)
    return browser


def _staff(user: Any) -> Browser:
    browser = Browser()
    browser.force_login(user)
    return browser


def _write(carol: Browser, body: str = SECRET, subject: str = "Weekend") -> Any:
    return carol.post("/me/messages/new/", {"subject": subject, "body": body})


def test_a_client_writes_and_staff_of_her_site_answer(
    invited: World, sms_outbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # given Carol opted in to texts and writes to her care team
    record_opt_in(
        client=invited.carol, channel="sms", address=CAROL_MOBILE, how="verbal", recorded_by=invited.alice
    )
    carol = _carol(sms_outbox)
    assert _write(carol).status_code == 302
    thread = MessageThread.objects.get(client=invited.carol)
    # then Alice (her site) sees it awaiting a reply, with the unread count in the nav; Bob (the other site) not
    inbox = _staff(invited.alice).get("/inbox/").content.decode()
    assert "Weekend" in inbox
    assert "Carol" in inbox
    assert "Awaiting reply" in inbox
    assert 'data-testid="nav-messages">Messages <span class="badge warn">1' in inbox
    bobs_inbox = _staff(invited.bob).get("/inbox/").content.decode()
    assert "Weekend" not in bobs_inbox
    assert 'data-testid="nav-messages">Messages <span class="badge' not in bobs_inbox  # nor in his count
    # and a second conversation of hers counts as a second unread one
    _write(carol, subject="Rides")
    assert count_unread_for_staff(user=invited.alice) == 2
    assert (count_unread_for_staff(user=invited.bob), count_unread_for_staff(user=invited.olga)) == (0, 0)
    MessageThread.objects.filter(subject="Rides").delete()
    # when Alice reads and answers it, a little later
    with time_machine.travel(NOW + dt.timedelta(minutes=5), tick=False):
        alice = _staff(invited.alice)
        assert SECRET in alice.get(f"/inbox/{thread.pk}/").content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            answer = alice.post(f"/inbox/{thread.pk}/", {"body": "Thank you for telling us. Call me at 2?"})
    assert answer.status_code == 302
    # then Carol gets one neutral text, with nothing of either message in it
    texts = [t for t in sms_outbox() if "message" in t["body"]]
    assert [t["body"] for t in texts] == [
        "Your care team: You have a new message from your care team. Sign in to read it. Reply STOP to opt out."
    ]
    # and her list marks the reply new until she reads it
    with time_machine.travel(NOW + dt.timedelta(minutes=10), tick=False):
        carol = _carol(sms_outbox)
        assert "New reply" in carol.get("/me/messages/").content.decode()
        page = carol.get(f"/me/messages/{thread.pk}/").content.decode()
        assert "Call me at 2?" in page
        assert "Alice Test, your care team" in page
        assert "New reply" not in carol.get("/me/messages/").content.decode()
    # and the trail names every step on both sides, never a word of a message
    details = list(AuditEvent.objects.filter(client=invited.carol).values_list("detail", flat=True))
    assert "portal message sent (new thread)" in details
    assert "message reply sent" in details
    assert "message thread" in details
    assert "portal: message thread" in details
    assert not [d for d in details if "relapsed" in d or "Call me" in d]


def test_it_escapes_what_a_client_types(invited: World, sms_outbox: Any) -> None:
    carol = _carol(sms_outbox)
    _write(carol, body="<script>alert(1)</script>\nsecond line", subject="<b>hi</b>")
    thread = MessageThread.objects.get(client=invited.carol)
    page = _staff(invited.alice).get(f"/inbox/{thread.pk}/").content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>second line" in page
    assert "&lt;b&gt;hi&lt;/b&gt;" in page


@pytest.mark.parametrize(
    ("body", "why"), [("   ", "This field is required"), ("x" * 2001, "at most 2000 characters")]
)
def test_it_refuses_an_empty_or_overlong_message_and_keeps_the_input(
    invited: World, sms_outbox: Any, body: str, why: str
) -> None:
    carol = _carol(sms_outbox)
    answer = _write(carol, body=body, subject="Keep me")
    assert answer.status_code == 400
    assert why in answer.content.decode()
    assert 'value="Keep me"' in answer.content.decode()
    assert not Message.objects.exists()


def test_a_reply_in_quiet_hours_waits_and_without_an_opt_in_nothing_is_sent(
    invited: World, sms_outbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # given Carol's thread, and Carol opted in; Dave wrote too, without any opt-in
    record_opt_in(
        client=invited.carol, channel="sms", address=CAROL_MOBILE, how="verbal", recorded_by=invited.alice
    )
    _write(_carol(sms_outbox))
    thread = MessageThread.objects.get(client=invited.carol)
    daves = services.start_thread(client=invited.dave, subject="", body="Running late")
    # when Dana answers at 10 pm New York time, twice
    with time_machine.travel(dt.datetime(2026, 12, 8, 3, 0, tzinfo=dt.UTC), tick=False):
        dana = _staff(invited.dana)
        with django_capture_on_commit_callbacks(execute=True):
            dana.post(f"/inbox/{thread.pk}/", {"body": "We will call you tomorrow."})
            dana.post(f"/inbox/{thread.pk}/", {"body": "And one more thing."})
            dana.post(f"/inbox/{daves.pk}/", {"body": "Thanks for letting us know."})
    # then one alert is held for the morning, and no text went out at night
    alerts = Notification.objects.filter(client=invited.carol, purpose=Notification.Purpose.MESSAGE)
    assert list(alerts.values_list("status", flat=True)) == [Notification.Status.HELD]
    assert not [t for t in sms_outbox() if "message" in t["body"]]
    assert not Notification.objects.filter(client=invited.dave).exists()


def test_staff_take_and_close_a_thread_and_a_client_reply_opens_it_again(
    invited: World, sms_outbox: Any
) -> None:
    carol = _carol(sms_outbox)
    _write(carol)
    thread = MessageThread.objects.get(client=invited.carol)
    alice = _staff(invited.alice)
    alice.post(f"/inbox/{thread.pk}/assign/")
    assert "Alice Test" in alice.get("/inbox/?show=mine").content.decode()
    alice.post(f"/inbox/{thread.pk}/close/")
    assert "Weekend" not in alice.get("/inbox/?show=open").content.decode()
    assert "Weekend" in alice.get("/inbox/?show=closed").content.decode()
    carol.post(f"/me/messages/{thread.pk}/", {"body": "One more question"})
    assert "Weekend" in alice.get("/inbox/").content.decode()


def test_the_compose_page_gives_crisis_lines_out_of_office_hours(invited: World, sms_outbox: Any) -> None:
    assert 'data-testid="after-hours"' not in _carol(sms_outbox).get("/me/messages/new/").content.decode()
    with time_machine.travel(dt.datetime(2026, 12, 12, 17, 0, tzinfo=dt.UTC), tick=False):  # Saturday noon
        page = _carol(sms_outbox).get("/me/messages/new/").content.decode()
    assert "Messages are read during office hours" in page
    assert page.count('href="tel:988"') == 2  # the banner's and the notice's own


def test_the_chart_and_face_sheet_link_to_the_clients_messages(invited: World, sms_outbox: Any) -> None:
    # given a message from Carol awaiting a reply
    _write(_carol(sms_outbox))
    link = f'href="/inbox/clients/{invited.carol.pk}/"'
    # then Alice finds it from Carol's chart and face sheet; the chart offers Bill (a biller) no such link
    alice = _staff(invited.alice)
    assert link in alice.get(f"/clients/{invited.carol.pk}/").content.decode()
    face_sheet = alice.get(f"/clients/{invited.carol.pk}/face-sheet/").content.decode()
    assert link in face_sheet
    assert "1 awaiting a reply" in face_sheet
    assert link not in _staff(invited.bill).get(f"/clients/{invited.carol.pk}/").content.decode()
    assert "Weekend" in alice.get(f"/inbox/clients/{invited.carol.pk}/").content.decode()


def test_it_refuses_an_eleventh_message_within_the_hour(invited: World, sms_outbox: Any) -> None:
    # given Carol sent ten messages this hour
    for n in range(10):
        services.start_thread(client=invited.carol, subject=f"Try {n}", body="Hello?")
    # when she sends an eleventh
    answer = _write(_carol(sms_outbox), body="Are you there?")
    # then it is refused with a way to reach someone, what she typed is kept, and nothing is written
    page = answer.content.decode()
    assert answer.status_code == 400
    assert "You sent 10 messages in the last hour" in page
    assert "Are you there?" in page
    assert Message.objects.count() == 10
