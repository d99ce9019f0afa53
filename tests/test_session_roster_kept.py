"""The group session page and the track roster are kept rendered per reader (attendance.session_kept,
episodes.roster_kept): a change shows on the next view, nobody gets another reader's page, a kept page holds
no session's CSRF token yet its forms post, and each showing audits the views as a fresh one would."""

import datetime as dt
import re
from collections import Counter
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from trellis.attendance import services, session_kept
from trellis.core import kept_pages
from trellis.episodes import roster_kept
from trellis.episodes import services as episode_services
from trellis.privacy.models import AuditEvent

WEDNESDAY = dt.date(2026, 11, 18)
DURING_THE_GROUP = dt.datetime(2026, 11, 18, 15, 0, tzinfo=dt.UTC)  # 10 am in New York; the group began at 9
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _during_the_group() -> Any:
    with time_machine.travel(DURING_THE_GROUP, tick=False):
        yield


@pytest.fixture
def session(world: Any) -> Any:
    return factories.GroupSessionFactory.create(group=world.group_a, date=WEDNESDAY)


def _as(user: Any, **options: Any) -> Browser:
    browser = Browser(**options)
    browser.force_login(user)
    return browser


def _page(browser: Browser, url: str) -> tuple[str, int]:
    """The page's HTML and its query count."""
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), len(captured)


def _session_url(session: Any) -> str:
    return reverse("attendance:session", kwargs={"pk": session.pk})


def _roster_url(world: Any) -> str:
    return reverse("episodes:track_roster", kwargs={"pk": world.track_a.pk})


def _carols_row(html: str, world: Any) -> str:
    start = html.index(f'id="row-{world.carol.pk}"')
    return html[start : html.index('<div class="hours">', start)]


def test_a_tap_shows_on_the_next_view_of_a_kept_session_page(world: Any, session: Any) -> None:
    alice = _as(world.alice)
    url = _session_url(session)
    _, fresh = _page(alice, url)
    html, kept = _page(alice, url)
    assert kept < fresh  # the second view was the kept page
    assert 'aria-pressed="true"' not in _carols_row(html, world)
    assert "0 of 1 recorded" in html
    # when Carol is tapped present (the attendance service, as the tablet does)
    services.record_attendance(session=session, client=world.carol, status="present", recorded_by=world.alice)
    # then the next view shows it
    html, _ = _page(alice, url)
    assert "1 of 1 recorded" in html
    assert 'aria-pressed="true">Present' in _carols_row(html, world)


def test_an_enrollment_shows_on_the_next_view_of_a_kept_roster(world: Any) -> None:
    alice = _as(world.alice)
    url = _roster_url(world)
    newcomer = factories.ClientFactory.create(site=world.site_a, legal_last_name="Newcombe")
    episode = factories.EpisodeFactory.create(client=newcomer, program=world.program)
    _page(alice, url)
    html, _ = _page(alice, url)
    assert "Newcombe" not in html.split('id="roster-h"', 1)[1].split("</table>", 1)[0]
    # when she is enrolled in the track (the enrollment service, as the roster's form does)
    episode_services.enroll_client(
        episode=episode, track=world.track_a, phase=world.phase3, starts_on=WEDNESDAY, enrolled_by=world.alice
    )
    # then the next view of the roster lists her
    html, _ = _page(alice, url)
    assert "Newcombe" in html.split('id="roster-h"', 1)[1].split("</table>", 1)[0]


@pytest.mark.parametrize("page", ["session", "roster"])
def test_another_reader_never_gets_the_first_readers_kept_page(world: Any, session: Any, page: str) -> None:
    url = _session_url(session) if page == "session" else _roster_url(world)
    form = "hx-post=" if page == "session" else 'id="enroll-h"'
    # given Alice, who takes attendance and enrolls, has the page kept
    alice_html, _ = _page(_as(world.alice), url)
    assert form in alice_html
    # then Bill, a biller at her site who may do neither, gets a page of his own without her forms
    bill_html, _ = _page(_as(world.bill), url)
    assert form not in bill_html
    assert "Northcott" in bill_html
    # and Bob, of the other site, is refused it outright
    assert _as(world.bob).get(url).status_code == 404


def _kept_entry(world: Any, user: Any, page: str, session: Any) -> kept_pages.Kept:
    with_stamp = kept_pages.page_key(
        page="session" if page == "session" else "track_roster",
        layout=session_kept.LAYOUT if page == "session" else roster_kept.LAYOUT,
        user=user,
        day=WEDNESDAY,
        extra=str(session.pk if page == "session" else world.track_a.pk),
    )
    kept: kept_pages.Kept | None = cache.get(with_stamp)
    assert kept is not None
    return kept


@pytest.mark.parametrize("page", ["session", "roster"])
def test_a_kept_page_holds_no_token_and_its_forms_post_with_the_readers_own(
    world: Any, session: Any, page: str
) -> None:
    waiting = factories.EpisodeFactory.create(
        client=factories.ClientFactory.create(site=world.site_a, legal_last_name="Waitwell"),
        program=world.program,
    )
    url = _session_url(session) if page == "session" else _roster_url(world)
    first = _as(world.alice, enforce_csrf_checks=True)
    first_tokens = set(TOKEN.findall(_page(first, url)[0]))
    kept = _kept_entry(world, world.alice, page, session)
    # the kept HTML holds a slot, no token of the session that rendered it
    assert first_tokens
    assert not any(token in kept.html for token in first_tokens)
    assert kept.extra["token_slot"] in kept.html
    # when Alice signs in again elsewhere, the kept page is shown with that session's own token, which posts
    second = _as(world.alice, enforce_csrf_checks=True)
    html, _ = _page(second, url)
    token = TOKEN.search(html)
    assert token is not None
    assert token.group(1) not in first_tokens
    assert kept.extra["token_slot"] not in html
    if page == "session":
        tap = reverse("attendance:record", kwargs={"pk": session.pk, "client_pk": world.carol.pk})
        data = {"status": "present", "version": "0", "csrfmiddlewaretoken": token.group(1)}
    else:
        tap = reverse("episodes:enroll", kwargs={"pk": world.track_a.pk})
        data = {"episode": waiting.pk, "phase": world.phase3.pk, "starts_on": "2026-11-18"}
        data["csrfmiddlewaretoken"] = token.group(1)
    assert second.post(tap, data).status_code == 302
    assert ("Waitwell" if page == "roster" else "1 of 1 recorded") in _page(second, url)[0]


def _views_by(user: Any) -> Counter[tuple[Any, str]]:
    events = AuditEvent.objects.filter(actor=user, action=AuditEvent.Action.VIEW)
    return Counter(events.values_list("client_id", "detail"))


@pytest.mark.parametrize("page", ["session", "roster"])
def test_a_kept_page_audits_the_views_as_a_fresh_one(world: Any, session: Any, page: str) -> None:
    url = _session_url(session) if page == "session" else _roster_url(world)
    alice = _as(world.alice)
    before = _views_by(world.alice)
    _, fresh_queries = _page(alice, url)
    fresh = _views_by(world.alice) - before
    _, kept_queries = _page(alice, url)
    kept = _views_by(world.alice) - before - fresh
    assert kept_queries < fresh_queries
    assert fresh[(world.carol.pk, "session roster" if page == "session" else "track roster")] == 1
    assert kept == fresh


def test_a_kept_session_page_ends_at_midnight_at_the_site(world: Any, session: Any) -> None:
    url = _session_url(session)
    # given the page kept at 11:50 pm in New York (04:50 UTC: the UTC day in its key is already the next)
    with time_machine.travel(dt.datetime(2026, 11, 19, 4, 50, tzinfo=dt.UTC), tick=False) as traveller:
        alice = _as(world.alice)
        _page(alice, url)
        _, kept = _page(alice, url)
        # when midnight passes at the site, with nothing written
        traveller.move_to(dt.datetime(2026, 11, 19, 5, 1, tzinfo=dt.UTC))
        _, after_midnight = _page(alice, url)
    # then the page is read afresh (the week's hours are judged on the new day)
    assert after_midnight > kept
