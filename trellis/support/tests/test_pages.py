"""The contacts list and the chart's panel read a fixed number of queries, however many contacts and meetings
a client has."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import SupportStaff, World
from trellis.support import services
from trellis.support.choices import ContactKind, MeetingKind
from trellis.support.tests import given

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def _queries(browser: Browser, url: str) -> int:
    cache.clear()  # read afresh each time: kept memberships, counts and parts would differ by state
    with CaptureQueriesContext(connection) as captured:
        assert browser.get(url).status_code == 200
    return len(captured)


def _more(world: World, staff: SupportStaff, n: int) -> None:
    for days_ago in range(1, n + 1):
        day = given.TODAY - dt.timedelta(days=days_ago)
        given.contact(world.carol, staff.cami, day=day)
        given.contact(world.carol, staff.pete, kind=ContactKind.PEER_SUPPORT, day=day)
        services.record_outside_meeting(
            client=world.carol, recorded_by=staff.pete, attended_on=day, kind=MeetingKind.AA
        )


@pytest.mark.parametrize("page", ["support:contacts", "clients:chart"])
def test_it_keeps_queries_constant_as_contacts_grow(
    world: World, support_staff: SupportStaff, page: str
) -> None:
    browser = Browser()
    browser.force_login(support_staff.cami)
    key = "client_pk" if page.startswith("support") else "pk"
    url = reverse(page, kwargs={key: world.carol.pk})
    _more(world, support_staff, 1)
    few = _queries(browser, url)
    _more(world, support_staff, 6)
    assert _queries(browser, url) == few
