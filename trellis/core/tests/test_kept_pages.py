"""A kept summary page is shown again only while nothing it shows can have changed."""

import datetime as dt
from typing import Any

import time_machine

from trellis.core import clock, kept_pages, page_memo
from trellis.privacy import audit


def _render_counting(calls: list[int], html: str, valid_until: dt.datetime | None = None) -> Any:
    def render() -> kept_pages.Kept:
        calls.append(1)
        return kept_pages.Kept(html=html, valid_until=valid_until)

    return render


def _key(user: Any) -> str:
    return kept_pages.page_key(page="test", layout=1, user=user, day=clock.now().date())


def test_a_kept_page_is_served_until_an_audited_change_in_the_organization(world: Any) -> None:
    calls: list[int] = []
    first = kept_pages.get_or_render(_key(world.alice), _render_counting(calls, "before"))
    again = kept_pages.get_or_render(_key(world.alice), _render_counting(calls, "not rendered"))
    assert (first.html, again.html, len(calls)) == ("before", "before", 1)

    # when anything in Riverside changes (an audited write), the next read renders afresh
    audit.record_changes(actor=world.dana, action=audit.Action.UPDATE, changes=[(world.dave.pk, None, "x")])
    after = kept_pages.get_or_render(_key(world.alice), _render_counting(calls, "after"))
    assert (after.html, len(calls)) == ("after", 2)


def test_views_and_other_organizations_changes_leave_it_kept(world: Any) -> None:
    calls: list[int] = []
    kept_pages.get_or_render(_key(world.alice), _render_counting(calls, "kept"))
    audit.record_views(actor=world.alice, client_ids=[world.carol.pk], detail="chart")
    audit.record_changes(actor=world.olga, action=audit.Action.UPDATE, changes=[(world.hugo.pk, None, "x")])
    kept = kept_pages.get_or_render(_key(world.alice), _render_counting(calls, "not rendered"))
    assert (kept.html, len(calls)) == ("kept", 1)


def test_each_reader_has_their_own_kept_page(world: Any) -> None:
    kept_pages.get_or_render(_key(world.alice), _render_counting([], "alice's"))
    assert kept_pages.get_or_render(_key(world.bob), _render_counting([], "bob's")).html == "bob's"
    assert kept_pages.get_or_render(_key(world.dana), _render_counting([], "dana's")).html == "dana's"


def test_a_change_of_the_readers_sites_is_a_new_key(world: Any) -> None:
    before = _key(world.alice)
    world.alice.sites.add(world.site_b)  # unaudited here, so only the reader's part of the key can tell
    next_request_user = type(world.alice).objects.get(pk=world.alice.pk)
    assert _key(next_request_user) != before


def test_a_kept_page_ends_when_the_clock_would_change_it() -> None:
    now = clock.now()
    calls: list[int] = []
    ends = now + dt.timedelta(minutes=30)
    kept_pages.get_or_render("k", _render_counting(calls, "before the session", valid_until=ends))
    with time_machine.travel(ends - dt.timedelta(seconds=1), tick=False):
        assert kept_pages.get_or_render("k", _render_counting(calls, "x")).html == "before the session"
    with time_machine.travel(ends, tick=False):
        assert (
            kept_pages.get_or_render("k", _render_counting(calls, "once it starts")).html == "once it starts"
        )
    assert len(calls) == 2


def test_the_stamp_is_read_once_per_page(world: Any, django_assert_num_queries: Any) -> None:
    world.alice.site_ids(), world.alice.program_ids()  # memberships are the reader's, read beforehand
    with page_memo.reading_page(), django_assert_num_queries(1):
        _key(world.alice)
        _key(world.alice)
