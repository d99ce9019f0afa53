"""Every secure-messages page for each persona: carol and dave signed in to the portal (dave is "another
client" to carol), staff cami case manager A, pete peer specialist A, alice clinician A, bill biller A, bob
clinician B, dana director A+B, olga director of another organization, and anonymous visitors.

Clinicians, case managers and directors answer messages (Capability.ANSWER_MESSAGES); peer specialists and
billers do not (403). A thread of a client out of reach (another site, another organization, another client
in the portal) is 404. A portal client on a staff page meets the staff login page (302); staff on a /me/ page
are refused (403); anonymous visitors go to the sign-in page of their realm (302).
"""

from collections.abc import Callable
from typing import Any

import pytest

from conftest import SupportStaff, World
from tests.test_portal_permissions import PERSONAS, _signed_in
from trellis.messaging import services
from trellis.messaging.models import MessageThread
from trellis.portal.models import PortalAccount
from trellis.portal.tests.conftest import invite_both


@pytest.fixture
def invited(world: World) -> World:
    return invite_both(world)


def _carols_thread(world: World) -> MessageThread:
    found = MessageThread.objects.filter(client=world.carol).first()
    return found or services.start_thread(client=world.carol, subject="Rides", body="Can someone call me?")


Page = tuple[str, str, Callable[[World], str]]
PAGES: dict[str, Page] = {
    "client_threads": ("GET", "", lambda w: "/me/messages/"),
    "client_compose": ("GET", "", lambda w: "/me/messages/new/"),
    "client_compose_post": ("POST", "body=Hello", lambda w: "/me/messages/new/"),
    "client_thread_carol": ("GET", "", lambda w: f"/me/messages/{_carols_thread(w).pk}/"),
    "client_reply_carol": ("POST", "body=Hello", lambda w: f"/me/messages/{_carols_thread(w).pk}/"),
    "inbox": ("GET", "", lambda w: "/inbox/"),
    "thread_carol": ("GET", "", lambda w: f"/inbox/{_carols_thread(w).pk}/"),
    "reply_carol": ("POST", "body=Hello", lambda w: f"/inbox/{_carols_thread(w).pk}/"),
    "assign_carol": ("POST", "", lambda w: f"/inbox/{_carols_thread(w).pk}/assign/"),
    "close_carol": ("POST", "", lambda w: f"/inbox/{_carols_thread(w).pk}/close/"),
    "client_messages_carol": ("GET", "", lambda w: f"/inbox/clients/{w.carol.pk}/"),
}

# page -> expected status for each persona, in PERSONAS order:
#                        carol dave cami pete alice bill bob  dana olga anonymous
MATRIX: dict[str, tuple[int, ...]] = {
    "client_threads":        (200, 200, 403, 403, 403, 403, 403, 403, 403, 302),
    "client_compose":        (200, 200, 403, 403, 403, 403, 403, 403, 403, 302),
    "client_compose_post":   (302, 302, 403, 403, 403, 403, 403, 403, 403, 302),
    "client_thread_carol":   (200, 404, 403, 403, 403, 403, 403, 403, 403, 302),
    "client_reply_carol":    (302, 404, 403, 403, 403, 403, 403, 403, 403, 302),
    "inbox":                 (302, 302, 200, 403, 200, 403, 200, 200, 200, 302),
    "thread_carol":          (302, 302, 200, 403, 200, 403, 404, 200, 404, 302),
    "reply_carol":           (302, 302, 302, 403, 302, 403, 404, 302, 404, 302),
    "assign_carol":          (302, 302, 302, 403, 302, 403, 404, 302, 404, 302),
    "close_carol":           (302, 302, 302, 403, 302, 403, 404, 302, 404, 302),
    "client_messages_carol": (302, 302, 200, 403, 200, 403, 404, 200, 404, 302),
}  # fmt: skip


@pytest.mark.parametrize("page", list(PAGES))
def test_it_answers_every_persona_as_designed(
    page: str, invited: World, support_staff: SupportStaff, mailoutbox: Any
) -> None:
    method, data, address = PAGES[page]
    answers = []
    for persona in PERSONAS:
        PortalAccount.objects.filter(client__in=[invited.carol, invited.dave]).update(is_active=True)
        browser = _signed_in(invited, support_staff, persona, mailoutbox)
        url = address(invited)
        if method == "GET":
            answers.append(browser.get(url).status_code)
        else:
            answers.append(
                browser.post(url, data, content_type="application/x-www-form-urlencoded").status_code
            )
    assert dict(zip(PERSONAS, answers, strict=True)) == dict(zip(PERSONAS, MATRIX[page], strict=True))


def test_another_client_and_staff_out_of_reach_change_nothing(
    invited: World, support_staff: SupportStaff, mailoutbox: Any
) -> None:
    # given Carol's thread
    thread = _carols_thread(invited)
    # when Dave (in the portal), Bob (the other site) and Olga (another organization) try to write to it
    for persona, url in (("dave", f"/me/messages/{thread.pk}/"), ("bob", f"/inbox/{thread.pk}/"),
                         ("olga", f"/inbox/{thread.pk}/"), ("olga", f"/inbox/{thread.pk}/close/")):  # fmt: skip
        _signed_in(invited, support_staff, persona, mailoutbox).post(url, {"body": "Not yours"})
    # then it holds Carol's one message, open and nobody's
    thread.refresh_from_db()
    assert list(thread.messages.values_list("body", flat=True)) == ["Can someone call me?"]
    assert (thread.status, thread.assigned_to_id) == (MessageThread.Status.OPEN, None)
