"""Kept pages go cold only where a write can show (clients.site_stamps, issue 14): a tap at the reader's site
shows on her next Today, worklist and chart; a tap at another site leaves her kept pages kept; a client who
moves is gone from the old site's pages and on the new site's at once; a write naming clients of two sites
reaches the readers of both."""

import datetime as dt
from typing import Any

import time_machine
from django.db import connection, transaction
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from trellis.attendance import services as attendance
from trellis.clients.models import Client
from trellis.episodes import services as episodes
from trellis.episodes.models import Episode
from trellis.notes import services as note_services
from trellis.notes.choices import SECTIONS, NoteFormat
from trellis.privacy import audit

WEDNESDAY = dt.date(2026, 11, 18)
TUESDAY = dt.date(2026, 11, 17)
NOW = dt.datetime(2026, 11, 18, 20, 0, tzinfo=dt.UTC)  # both of the world's groups are over for the day
NOTE_LINE = "DAP note of Nov 17"


def _browser(reader: Any) -> Browser:
    browser = Browser()
    browser.force_login(reader)
    return browser


def _get(browser: Browser, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), len(captured)


def _section(html: str, heading_id: str) -> str:
    start = html.index(f'aria-labelledby="{heading_id}"')
    return html[start : html.index("</section>", start)]


def _sessions(world: Any) -> tuple[Any, Any]:
    return (
        factories.GroupSessionFactory.create(group=world.group_a, date=WEDNESDAY),
        factories.GroupSessionFactory.create(group=world.group_b, date=WEDNESDAY),
    )


def _tap(session: Any, person: Any, by: Any) -> None:
    attendance.record_attendance(session=session, client=person, status="present", recorded_by=by)


def _kept_counts(browsers: dict[str, Browser], urls: dict[str, str]) -> dict[tuple[str, str], int]:
    """Each reader's pages read twice: the second read's queries, the page as kept."""
    counts = {}
    for who, browser in browsers.items():
        for page, url in urls.items():
            _get(browser, url)
            counts[(who, page)] = _get(browser, url)[1]
    return counts


def _urls(world: Any) -> dict[str, str]:
    return {"today": reverse("today"), "worklist": reverse("worklist:list")}


def test_a_tap_at_another_site_leaves_the_readers_kept_pages_kept(world: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        north, lake = _sessions(world)
        _tap(north, world.carol, world.alice)  # each site's clients have been stamped once before
        _tap(lake, world.dave, world.bob)
        b = {"alice": _browser(world.alice), "bob": _browser(world.bob)}
        kept = _kept_counts(b, _urls(world))
        # when Bob corrects Dave's record at Lakeside
        attendance.record_attendance(
            session=lake, client=world.dave, status="unexcused", recorded_by=world.bob
        )
        # then Alice, at Northside only, is shown her pages as kept: not one query more
        for page, url in _urls(world).items():
            assert _get(b["alice"], url)[1] == kept[("alice", page)], page
        # while Bob's pages, at Lakeside, are read afresh
        for page, url in _urls(world).items():
            assert _get(b["bob"], url)[1] > kept[("bob", page)], page


def test_a_tap_at_the_readers_site_shows_on_her_next_today_worklist_and_chart(world: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        north, _ = _sessions(world)
        chart = reverse("clients:chart", args=[world.carol.pk])
        b = {"alice": _browser(world.alice), "dana": _browser(world.dana)}
        _kept_counts(b, {**_urls(world), "chart": chart})
        assert "0/1" in _section(_get(b["alice"], reverse("today"))[0], "sessions-h")
        # when Alice taps Carol present in her group
        _tap(north, world.carol, world.alice)
        # then her Today and the director's count it, and her chart lists it, on the very next read
        for browser in b.values():
            assert "1/1" in _section(_get(browser, reverse("today"))[0], "sessions-h")
        assert "Present" in _get(b["alice"], chart)[0]


def _draft_note(world: Any) -> Any:
    return note_services.create_individual_note(
        client=world.carol,
        author=world.alice,
        service_date=TUESDAY,
        duration_minutes=50,
        note_format=NoteFormat.DAP,
        sections={key: f"{label} text." for key, label in SECTIONS[NoteFormat.DAP]},
    )


def _move_home_site(person: Any, site: Any, by: Any) -> None:
    """A client moved to another site, audited in the same transaction as every write."""
    with transaction.atomic():
        Client.objects.filter(pk=person.pk).update(site=site)
        audit.record(
            actor=by, action=audit.Action.UPDATE, client_id=person.pk, obj=person, detail="changed site"
        )


def test_a_client_moving_between_sites_leaves_the_old_sites_pages_and_joins_the_new(world: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        _draft_note(world)  # on the worklist of Northside readers: Carol's home site
        b = {"alice": _browser(world.alice), "bob": _browser(world.bob), "dana": _browser(world.dana)}
        _kept_counts(b, _urls(world))
        assert NOTE_LINE in _get(b["dana"], reverse("worklist:list"))[0]
        assert "Northcott" in _get(b["alice"], reverse("worklist:list"))[0]
        alice_census = _section(_get(b["alice"], reverse("today"))[0], "census-h")
        bob_census = _section(_get(b["bob"], reverse("today"))[0], "census-h")
        assert ("1/" in alice_census, "1/" in bob_census) == (True, True)
        # when Carol moves to Lakeside: her home site, then her track
        _move_home_site(world.carol, world.site_b, world.dana)
        episodes.change_enrollment(
            episode=Episode.objects.select_related("client__site").get(pk=world.carol_enrollment.episode_id),
            track=world.track_b,
            phase=world.phase3,
            starts_on=WEDNESDAY,
            reason="track_change",
            changed_by=world.dana,
        )
        # then Northside's pages no longer show her, Lakeside's count her, and the director still sees her
        assert "Northcott" not in _get(b["alice"], reverse("worklist:list"))[0]
        assert "0/" in _section(_get(b["alice"], reverse("today"))[0], "census-h")
        assert "2/" in _section(_get(b["bob"], reverse("today"))[0], "census-h")
        assert "Northcott" in _get(b["dana"], reverse("worklist:list"))[0]


def test_a_move_alone_reaches_the_old_site_when_it_is_the_clients_first_change(world: Any) -> None:
    # given Carol, never changed since her sites were kept (no stamp yet), on Alice's kept worklist
    with time_machine.travel(NOW, tick=False):
        note = _draft_note(world)
        b = {"alice": _browser(world.alice)}
        assert "Northcott" in _get(b["alice"], reverse("worklist:list"))[0]
        # when her home site alone changes... after a stamp that did not know her earlier site
        _move_home_site(world.carol, world.site_b, world.dana)
        # then Alice's page no longer names her
        assert "Northcott" not in _get(b["alice"], reverse("worklist:list"))[0]
        # and once more, with her sites now known: back to Northside
        _move_home_site(world.carol, world.site_a, world.dana)
        assert NOTE_LINE in _get(b["alice"], reverse("worklist:list"))[0]
        note_services.sign_individual_note(note=note, signed_by=world.alice)
        assert NOTE_LINE not in _get(b["alice"], reverse("worklist:list"))[0]


def test_a_write_naming_clients_of_two_sites_reaches_the_readers_of_both(world: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        north, lake = _sessions(world)
        _tap(north, world.carol, world.alice)
        _tap(lake, world.dave, world.bob)
        b = {"alice": _browser(world.alice), "bob": _browser(world.bob)}
        kept = _kept_counts(b, {"today": reverse("today")})
        # when one change names Carol (Northside) and Dave (Lakeside), as a published week does
        audit.record_changes(
            actor=world.dana,
            action=audit.Action.UPDATE,
            changes=[(world.carol.pk, None, "weekly schedule"), (world.dave.pk, None, "weekly schedule")],
        )
        # then both readers' Today is read afresh
        for who, browser in b.items():
            assert _get(browser, reverse("today"))[1] > kept[(who, "today")], who


def test_a_change_naming_no_client_reaches_every_reader(world: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        north, _ = _sessions(world)
        _tap(north, world.carol, world.alice)
        b = {"alice": _browser(world.alice), "bob": _browser(world.bob)}
        kept = _kept_counts(b, {"today": reverse("today")})
        # when the program's setup changes (a track renamed): no client named
        audit.record(actor=world.dana, action=audit.Action.UPDATE, obj=world.track_b, detail="track renamed")
        for who, browser in b.items():
            assert _get(browser, reverse("today"))[1] > kept[(who, "today")], who
