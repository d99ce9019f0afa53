"""Every alumni page for a signed-in alumna, another alumnus, staff and anonymous visitors.

carol (Northside) and dave (Lakeside) are both discharged and signed in to the portal: dave is "another
client" to carol, and an event of Northside is another site's to him. Staff: cami case manager A, pete peer
specialist A, alice clinician A, bill biller A, bob clinician B, dana director A+B, olga director of another
organization. The /me/alumni/ pages refuse any staff session (403); the staff events page is for those who
keep the program's outside connections (case management), each at their own sites.
"""

from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client as Browser

from conftest import SupportStaff, World
from trellis.alumni import services
from trellis.alumni.models import AlumniEvent, FollowUp
from trellis.alumni.tests.conftest import NOW, discharge
from trellis.portal.models import PortalAccount
from trellis.portal.tests.conftest import invite_both, read_sms, sign_in

PERSONAS = ["carol", "dave", "cami", "pete", "alice", "bill", "bob", "dana", "olga", "anonymous"]
REPORT = services.SelfReport(
    using_since="no", in_support=True, working_or_school=True, housing_stable=True, note=""
)


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def alumni(world: World) -> World:
    invite_both(world)
    discharge(world, "carol")
    return discharge(world, "dave")


Page = tuple[str, str, Callable[[World], str]]
PAGES: dict[str, Page] = {
    "alumni_home": ("GET", "", lambda w: "/me/alumni/"),
    "follow_up": ("GET", "", lambda w: "/me/alumni/follow-up/"),
    "follow_up_post": ("POST", "item_1=0", lambda w: "/me/alumni/follow-up/"),
    "follow_up_done_carol": ("GET", "", lambda w: f"/me/alumni/follow-up/{_carols_follow_up(w).pk}/done/"),
    "reconnect": ("GET", "", lambda w: "/me/alumni/reconnect/"),
    "reconnect_post": ("POST", "", lambda w: "/me/alumni/reconnect/"),
    "northside_event_reply": ("POST", "coming=yes", lambda w: f"/me/alumni/events/{_event(w).pk}/reply/"),
    "staff_events": ("GET", "", lambda w: "/alumni/events/"),
    "staff_events_post_northside": ("POST", "", lambda w: "/alumni/events/"),
}

# page -> expected status for each persona, in PERSONAS order. 302 for a client on a staff page is the
# staff login page; 302 for anonymous on /me/ is the portal's sign-in page; 400 for bob and olga adding an
# event at Northside is the form refusing a site that is not theirs.
MATRIX: dict[str, tuple[int, ...]] = {
    "alumni_home": (200, 200, 403, 403, 403, 403, 403, 403, 403, 302),
    "follow_up": (200, 200, 403, 403, 403, 403, 403, 403, 403, 302),
    "follow_up_post": (400, 400, 403, 403, 403, 403, 403, 403, 403, 302),
    "follow_up_done_carol": (200, 404, 403, 403, 403, 403, 403, 403, 403, 302),
    "reconnect": (200, 200, 403, 403, 403, 403, 403, 403, 403, 302),
    "reconnect_post": (200, 200, 403, 403, 403, 403, 403, 403, 403, 302),
    "northside_event_reply": (302, 404, 403, 403, 403, 403, 403, 403, 403, 302),
    "staff_events": (302, 302, 200, 403, 200, 403, 200, 200, 200, 302),
    "staff_events_post_northside": (302, 302, 302, 403, 302, 403, 400, 302, 400, 302),
}


def _event_form(world: World) -> str:
    return f"site={world.site_a.pk}&title=Picnic&starts_at=2026-12-19T12:00&location=Park"


@pytest.mark.parametrize("page", list(PAGES))
def test_it_answers_every_persona_as_designed(
    page: str, alumni: World, support_staff: SupportStaff, mailoutbox: Any
) -> None:
    method, data, address = PAGES[page]
    if page == "staff_events_post_northside":
        data = _event_form(alumni)
    answers = []
    for persona in PERSONAS:
        browser = _signed_in(alumni, support_staff, persona, mailoutbox)
        url = address(alumni)
        if method == "GET":
            answers.append(browser.get(url).status_code)
        else:
            answers.append(
                browser.post(url, data, content_type="application/x-www-form-urlencoded").status_code
            )
    assert dict(zip(PERSONAS, answers, strict=True)) == dict(zip(PERSONAS, MATRIX[page], strict=True))


def _signed_in(world: World, staff: SupportStaff, persona: str, mailoutbox: Any) -> Browser:
    browser = Browser()
    if persona == "carol":
        sign_in(browser, read_sms)
    elif persona == "dave":
        browser.post("/me/sign-in/", {"address": "dave@example.org"})
        code = mailoutbox[-1].body.split("code is ")[1][:6]
        browser.post("/me/sign-in/code/", {"code": code})
    elif persona in {"cami", "pete"}:
        browser.force_login(getattr(staff, persona))
    elif persona != "anonymous":
        browser.force_login(getattr(world, persona))
    return browser


def _carols_follow_up(world: World) -> FollowUp:
    found = FollowUp.objects.filter(client=world.carol).first()
    if found is not None:
        return found
    account = PortalAccount.objects.get(client=world.carol)
    answers: list[Any] = [0] * 17
    answers[4] = answers[6] = None
    return services.submit_follow_up(account=account, answers=answers, sex=None, report=REPORT)


def _event(world: World) -> AlumniEvent:
    found = AlumniEvent.objects.filter(site=world.site_a).first()
    return found or AlumniEvent.objects.create(
        organization=world.organization, site=world.site_a, title="Picnic", starts_at=NOW.replace(day=19),
        location="Park", created_by=world.dana,
    )  # fmt: skip
