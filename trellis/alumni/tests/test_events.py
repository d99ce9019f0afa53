"""Alumni events: Cami (case manager, Northside) adds one; Carol, a Northside alumna, sees it and says she'll
come; Dave, a Lakeside alumnus, never sees it; Cami sees who is coming as a number."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext

from conftest import SupportStaff, World
from trellis.alumni.models import AlumniEvent, EventReply
from trellis.alumni.tests.conftest import NOW, discharge
from trellis.portal.tests.conftest import sign_in

FORM = {
    "title": "Alumni picnic",
    "starts_at": "2026-12-19T12:00",
    "location": "Forest Park pavilion",
    "virtual_link": "",
    "description": "Bring a friend.",
}


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def test_staff_add_an_event_and_only_their_sites_alumni_see_it(
    invited: World, support_staff: SupportStaff, sms_outbox: Any, mailoutbox: Any
) -> None:
    discharge(invited, "carol")
    discharge(invited, "dave")
    cami = Browser()
    cami.force_login(support_staff.cami)
    # when Cami adds the picnic at Northside
    answer = cami.post("/alumni/events/", FORM | {"site": invited.site_a.pk})
    assert answer.status_code == 302
    event = AlumniEvent.objects.get()
    assert event.starts_at == dt.datetime(2026, 12, 19, 17, 0, tzinfo=dt.UTC)  # noon in New York
    # then Carol sees it and says she'll come
    carol = Browser()
    sign_in(carol, sms_outbox)
    assert "Alumni picnic" in carol.get("/me/alumni/").content.decode()
    carol.post(f"/me/alumni/events/{event.pk}/reply/", {"coming": "yes"})
    assert "You said you'll come." in carol.get("/me/alumni/").content.decode()
    assert EventReply.objects.filter(event=event, client=invited.carol).exists()
    # and Dave, at Lakeside, neither sees it nor can answer it
    dave = Browser()
    dave.post("/me/sign-in/", {"address": "dave@example.org"})
    dave.post("/me/sign-in/code/", {"code": mailoutbox[-1].body.split("code is ")[1][:6]})
    assert "Alumni picnic" not in dave.get("/me/alumni/").content.decode()
    assert dave.post(f"/me/alumni/events/{event.pk}/reply/", {"coming": "yes"}).status_code == 404
    # and Cami's list, one tap from her navigation, counts one coming, naming nobody
    page = cami.get("/alumni/events/").content.decode()
    assert '<a href="/alumni/events/" aria-current="page">Alumni</a>' in page
    assert "<td>1</td>" in page
    assert "Carol" not in page


def test_an_event_without_a_place_is_refused_with_what_was_typed(
    world: World, support_staff: SupportStaff
) -> None:
    cami = Browser()
    cami.force_login(support_staff.cami)
    answer = cami.post("/alumni/events/", FORM | {"site": world.site_a.pk, "location": ""})
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "Say where the event is, or give its online link." in page
    assert 'value="Alumni picnic"' in page
    assert not AlumniEvent.objects.exists()


def test_the_events_list_reads_the_same_queries_however_many_events(
    world: World, support_staff: SupportStaff
) -> None:
    cami = Browser()
    cami.force_login(support_staff.cami)

    def queries() -> int:
        cache.clear()  # read afresh: kept memberships and counts would differ by state
        with CaptureQueriesContext(connection) as captured:
            assert cami.get("/alumni/events/").status_code == 200
        return len(captured)

    def add(day: int) -> None:
        AlumniEvent.objects.create(
            organization=world.organization, site=world.site_a, title=f"Evening {day}",
            starts_at=NOW + dt.timedelta(days=day), location="Hall", created_by=world.dana,
        )  # fmt: skip

    add(1)
    one = queries()
    add(2)
    add(3)
    assert queries() == one
