"""Signing a note asks the signer to confirm it is them unless they did so in the last few minutes
(accounts.reauth): a session left open on a shared workstation must not sign."""

import datetime as dt
from typing import Any
from urllib.parse import quote

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.signin import PASSWORD, fresh_code, sign_in
from trellis.notes.models import IndividualNote
from trellis.notes.tests import given
from trellis.privacy.models import AuditEvent

BIRP = {
    "service_date": "2026-11-23",
    "duration_minutes": "50",
    "behavior": "Arrived on time, calm.",
    "intervention": "Motivational interviewing on weekend plans.",
    "response": "Named two supports.",
    "plan": "Meet again Thursday.",
    "format": "birp",
}


@pytest.fixture
def clock() -> Any:
    with time_machine.travel(given.AFTER_SESSION, tick=False) as traveller:
        yield traveller


def _draft(browser: Client, world: Any) -> tuple[IndividualNote, str]:
    new = reverse("notes:individual_new", kwargs={"client_pk": world.carol.pk}) + "?format=birp"
    browser.post(new, BIRP)
    note = IndividualNote.objects.get()
    return note, reverse("notes:individual", kwargs={"pk": note.pk})


def _sign(browser: Client, note: IndividualNote, page: str) -> Any:
    save = reverse("notes:individual_save", kwargs={"pk": note.pk})
    return browser.post(save, {**BIRP, "action": "sign"}, HTTP_REFERER=f"http://testserver{page}")


def test_it_signs_at_once_within_minutes_of_signing_in(world: Any, clock: Any) -> None:
    browser = Client()
    sign_in(browser, "alice")
    note, page = _draft(browser, world)
    clock.shift(dt.timedelta(minutes=9))
    _sign(browser, note, page)
    note.refresh_from_db()
    assert note.is_signed


def test_it_asks_again_after_the_window_then_signs(world: Any, clock: Any) -> None:
    # given Alice signed in, wrote a draft and left her desk for 11 minutes (her organization allows 15 idle)
    browser = Client()
    sign_in(browser, "alice")
    note, page = _draft(browser, world)
    clock.shift(dt.timedelta(minutes=11))
    # when she presses "Save and sign"
    response = _sign(browser, note, page)
    # then the draft is kept but not signed, and she is asked to confirm it is her, to come back to the note
    note.refresh_from_db()
    assert not note.is_signed
    assert response["Location"] == reverse("accounts:reauth") + "?next=" + quote(page, safe="")
    confirm = browser.get(response["Location"]).content.decode()
    assert '<label for="id_password">Password</label>' in confirm
    assert 'for="id_code"' in confirm

    # when a wrong code is typed, then nothing changes and the trail says so
    wrong = browser.post(response["Location"], {"password": PASSWORD, "code": "000000"})
    assert wrong.status_code == 400
    assert AuditEvent.objects.filter(actor=world.alice, action="reauth_failed").count() == 1

    # when she types her password and her app's code, she is back on the note, and signing works
    back = browser.post(response["Location"], {"password": PASSWORD, "code": fresh_code(world.alice)})
    assert back["Location"] == page
    _sign(browser, note, page)
    note.refresh_from_db()
    assert note.is_signed
    assert AuditEvent.objects.filter(actor=world.alice, action="reauthenticated").count() == 1


def test_a_password_without_the_code_is_not_enough(world: Any, clock: Any) -> None:
    browser = Client()
    sign_in(browser, "alice")
    note, page = _draft(browser, world)
    clock.shift(dt.timedelta(minutes=11))
    browser.post(reverse("accounts:reauth"), {"password": PASSWORD})
    _sign(browser, note, page)
    note.refresh_from_db()
    assert not note.is_signed


def test_plan_and_group_note_signatures_ask_again_too(world: Any, clock: Any) -> None:
    # given Alice signed in 11 minutes ago
    browser = Client()
    sign_in(browser, "alice")
    clock.shift(dt.timedelta(minutes=11))
    session = given.session(world)
    urls = [
        reverse("notes:sign_group_note", kwargs={"session_pk": session.pk}),
        reverse("notes:group_cosign", kwargs={"session_pk": session.pk}),
        reverse("plans:sign", kwargs={"pk": world.carol.pk, "role": "clinician"}),
    ]
    # then every signing action sends her to confirm it is her before it looks at anything
    for url in urls:
        assert browser.post(url)["Location"].startswith(reverse("accounts:reauth")), url
