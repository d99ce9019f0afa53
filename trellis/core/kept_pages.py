"""Pages that summarize many clients (Today, the worklist), kept rendered per reader and shown again only
while they cannot be stale.

A kept part's key holds: the page's layout version, the reader (their id, role, sites and programs decide
what every panel shows), the activity stamps of the organization and of the reader's sites
(clients.chart_stamps: every audited write renews those of the sites its clients show at, or the
organization's, inside that write's transaction, so a page read after a tap or a signature never comes from
before it, while a tap at another site leaves the page kept), and the local day. What the clock alone changes within a day (a session starting, a
due time passing) is the caller's `valid_until`: the kept part ends then.

The reader takes the stamp before reading anything else, so what it renders is at least as new as its key.
The rendered HTML is PHI: the cache is local memory in development and Redis (not persisted) in production,
and an entry lives at most until the day changes.
"""

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import render_to_string

from trellis.clients import chart_stamps
from trellis.core import clock, page_memo

KEEP_SECONDS = 24 * 60 * 60  # the day is in the key: nothing is kept past it anyway


@dataclass(frozen=True)
class Kept:
    """A rendered part and what the page needs besides it (whom it showed, for the audit of views)."""

    html: str
    shown_client_ids: tuple[Any, ...] = ()
    valid_until: dt.datetime | None = None  # when the clock alone would change it; None: not within the day
    extra: dict[str, Any] = field(default_factory=dict)


def _ids(values: Any) -> str:
    return hashlib.sha256(",".join(sorted(str(v) for v in values)).encode()).hexdigest()[:16]


def reader_key(user: Any) -> str:
    """Who reads, as far as it decides what a summary page shows."""
    return (
        f"{user.pk}:{user.role}:{user.is_active}:{getattr(user, 'organization_id', '')}:"
        f"{_ids(user.site_ids())}:{_ids(user.program_ids())}"
    )


def activity_key(user: Any) -> str:
    """The activity stamps of the reader's organization and sites now, as one digest: one query, once per page
    inside page_memo.reading_page() (every kept part of the page and the nav's unread count share it). Read it
    before anything the page shows, so what is rendered under it is at least as new as the key."""
    organization_id = user.organization_id
    site_ids = tuple(sorted(str(s) for s in user.site_ids()))
    stamp: str = page_memo.remember(
        ("activity_stamps", organization_id, site_ids),
        lambda: chart_stamps.activity_stamps(organization_id, site_ids),
    )
    return stamp


def page_key(*, page: str, layout: int, user: Any, day: dt.date, extra: str = "") -> str:
    """The key of `page` for `user` now (activity_key: a change at a site the reader does not work at leaves
    it as it is)."""
    return f"kept:{page}:{layout}:{reader_key(user)}:{activity_key(user)}:{day.isoformat()}:{extra}"


def get_or_render(key: str, render: Callable[[], Kept]) -> Kept:
    """The part kept under `key` while its clock allows, or `render()` now and kept."""
    kept: Kept | None = cache.get(key)
    if kept is not None and (kept.valid_until is None or clock.now() < kept.valid_until):
        return kept
    fresh = render()
    cache.set(key, fresh, KEEP_SECONDS)
    return fresh


def render_with_token_slot(template_name: str, context: dict[str, Any], request: Any) -> tuple[str, str]:
    """`template_name` rendered for keeping: every `{% csrf_token %}` in it holds a random slot instead of the
    session's token (a kept part is shown to the same reader in other sessions, and a token in the cache would
    outlive its session). Returns the HTML and its slot; `fill_token_slot` puts the request's token there."""
    slot = secrets.token_hex(16)  # random: no text a page shows can match it
    html = render_to_string(template_name, {**context, "csrf_token": slot}, request=request)
    return html, slot


def fill_token_slot(html: str, slot: str, request: Any) -> str:
    """The kept HTML with this request's CSRF token (masked afresh, as `{% csrf_token %}` does) in its slot."""
    return html.replace(slot, get_token(request)) if slot else html
