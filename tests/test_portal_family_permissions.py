"""Every URL under /me/ as Fran, a family contact of Carol's signed in to her own family session (issue 13).

The list of URLs comes from the URL resolver, so pages other parts of the portal add later are walked too, each
with a sample object (Carol's own, where the page takes one of hers; otherwise an id of nothing). Fran's consent
lets her see Carol's schedule and family-group invitations; on every page but her own family page she gets
exactly what an anonymous visitor gets (a sign-in page, a redirect to one, 404 for an object) or is sent to
her own page, never more, and
no page but her own shows anything of Carol's. Dave, another client, gets 404 for Carol's family access.
"""

import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client as Browser
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, SlugConverter, UUIDConverter

from conftest import World
from trellis.portal import family_sessions, sessions
from trellis.portal.models import FamilyAccess, PortalPasskey
from trellis.portal.tests.conftest import invite_both
from trellis.portal.tests.family_given import fran, fran_invited
from trellis.portal.tests.test_signing import tpo
from trellis.privacy.consent_models import Consent

NOW = dt.datetime(2026, 12, 7, 14, 0, tzinfo=dt.UTC)
FRANS_OWN = {"portal:family_home"}  # the only page that shows her anything of Carol's


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _patterns(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            yield from _patterns(
                pattern.url_patterns, f"{namespace}:{inner}".strip(":") if inner else namespace
            )
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern


def _carols_passkey(world: World) -> PortalPasskey:
    account = world.carol.portal_account
    found = PortalPasskey.objects.filter(account=account).first()
    return found or PortalPasskey.objects.create(
        account=account, name="Carol's phone", credential_id="carol-1", public_key=b"k"
    )


def _carols_consent(world: World) -> Consent:
    return Consent.objects.filter(client=world.carol).exclude(recipient_kind="family").first() or tpo(
        world.carol, world.alice
    )


# Carol's own objects, for the pages that take one of hers.
SAMPLES: dict[str, Callable[[World], Any]] = {
    "portal:consent_sign": lambda w: _carols_consent(w).pk,
    "portal:consent_revoke": lambda w: _carols_consent(w).pk,
    "portal:family_end": lambda w: FamilyAccess.objects.get(client=w.carol).pk,
    "portal:passkey_remove": lambda w: _carols_passkey(w).pk,
}


def _sample(name: str, converter: Any, world: World) -> Any:
    if name in SAMPLES:
        return SAMPLES[name](world)
    if isinstance(converter, UUIDConverter):
        return uuid.uuid4()
    if isinstance(converter, IntConverter):
        return 1
    return "phq9" if isinstance(converter, SlugConverter) else "x"


def portal_urls(world: World) -> dict[str, str]:
    """Every named URL that resolves under /me/, with sample objects."""
    found = {}
    for name, pattern in _patterns(get_resolver().url_patterns):
        converters = getattr(pattern.pattern, "converters", {})
        kwargs = {key: _sample(name, converter, world) for key, converter in converters.items()}
        url = reverse(name, kwargs=kwargs)
        if url.startswith("/me/"):
            found[name] = url
    return found


def _as_fran(access: FamilyAccess) -> Browser:
    """Fran's family session, as her code sign-in starts it (the sign-in itself is tested in portal/tests)."""
    browser = Browser()
    session = browser.session
    session[family_sessions.ACCESS_KEY] = str(access.pk)
    session[sessions.STARTED_KEY] = session[sessions.SEEN_KEY] = NOW.timestamp()
    session.save()
    return browser


def _answer(browser: Browser, method: str, url: str) -> tuple[int, str, str]:
    cache.clear()  # the sign-in limiter counts per network address: every visitor starts afresh
    response = browser.get(url) if method == "GET" else browser.post(url, {})
    return response.status_code, response.get("Location", ""), response.content.decode(errors="replace")


def test_a_family_contact_gets_only_her_own_pages(world: World) -> None:
    invite_both(world)
    access = fran_invited(world)
    urls = portal_urls(world)
    assert {"portal:home", "portal:family_home", "portal:passkeys", "portal:family_contacts"} <= set(urls)
    carol_words = {world.carol.legal_last_name, world.carol.chart_number}
    for name, url in urls.items():
        for method in ("GET", "POST"):
            fran_answer = _answer(_as_fran(access), method, url)
            if name in FRANS_OWN:  # her page reads the same whether asked by GET or POST
                assert fran_answer[0] == 200, name
                continue
            if fran_answer[:2] == (302, "/me/family/"):  # a sign-in page sends her, signed in, to her page
                continue
            anonymous = _answer(Browser(), method, url)
            assert fran_answer[:2] == anonymous[:2], f"{method} {name}: {fran_answer[:2]} vs {anonymous[:2]}"
            assert not any(word in fran_answer[2] for word in carol_words), f"{method} {name} shows Carol's"


def test_her_page_closes_when_her_access_is_turned_off(world: World) -> None:
    access = fran_invited(world)
    browser = _as_fran(access)
    assert world.carol.legal_first_name in browser.get("/me/family/").content.decode()
    FamilyAccess.objects.filter(pk=access.pk).update(is_active=False)
    assert browser.get("/me/family/")["Location"] == "/me/family/sign-in/?ended=1"


def test_another_client_gets_404_for_carols_family_access(world: World) -> None:
    invite_both(world)
    access = fran_invited(world)
    dave = Browser()
    session = dave.session
    session[sessions.ACCOUNT_KEY] = str(world.dave.portal_account.pk)
    session[sessions.STARTED_KEY] = session[sessions.SEEN_KEY] = NOW.timestamp()
    session.save()
    assert dave.post(f"/me/family-contacts/{access.pk}/end/").status_code == 404
    assert FamilyAccess.objects.get(pk=access.pk).is_active
    assert fran(world).portal_family_access == access
