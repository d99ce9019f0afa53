"""Signing in takes a second step where the organization requires it: the password alone reaches nothing.

Alice (clinician) and Bill (biller) read client records, so by default they must use a second factor; Adam
(administrator) sees no client and may choose to.
"""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client, override_settings
from django.urls import reverse

from tests.signin import PASSWORD, SECRET, fresh_code, give_authenticator, sign_in
from trellis.accounts import mfa_services, totp
from trellis.accounts.models import RecoveryCode, TotpDevice
from trellis.privacy.models import AuditEvent

START = dt.datetime(2026, 11, 23, 14, 0, 10, tzinfo=dt.UTC)


def _password(client: Client, username: str = "alice", **extra: Any) -> Any:
    return client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD}, **extra)


def _code_now(offset_steps: int = 0) -> str:
    return totp.code_at(secret=SECRET, timestamp=START.timestamp() + offset_steps * totp.STEP_SECONDS)


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def test_a_required_role_without_a_factor_must_set_one_up_before_any_page(world: Any, frozen: Any) -> None:
    # given Alice, whose role reads client records and who has no second factor, types her password
    browser = Client()
    response = _password(browser)
    # then she is sent to set one up, and every other page, fragment and API call is held back
    assert response["Location"].startswith(reverse("accounts:security"))
    chart = browser.get(reverse("clients:chart", kwargs={"pk": world.carol.pk}))
    assert chart.status_code == 302
    assert chart["Location"].startswith(reverse("accounts:security"))
    assert browser.get(reverse("today"), HTTP_HX_REQUEST="true").status_code == 401
    assert browser.get("/api/v1/clients/").status_code == 403
    assert not AuditEvent.objects.filter(actor=world.alice, client=world.carol).exists()
    page = browser.get(reverse("accounts:security")).content.decode()
    assert "Set up your second factor" in page
    assert 'href="/clients/' not in page  # the layout offers only the way out

    # when she scans the QR code and types the app's code
    secret = browser.session["trellis_totp_new_secret"]
    code = totp.code_at(secret=secret, timestamp=START.timestamp())
    done = browser.post(reverse("accounts:totp_setup"), {"code": code})
    # then she is shown ten recovery codes once, and Carol's chart opens
    assert done.status_code == 200
    assert done.content.decode().count("<li><code>") == 10
    assert RecoveryCode.objects.filter(user=world.alice).count() == 10
    assert browser.get(reverse("clients:chart", kwargs={"pk": world.carol.pk})).status_code == 200
    actions = set(AuditEvent.objects.filter(actor=world.alice).values_list("action", flat=True))
    assert {"login", "mfa_enrolled", "mfa_passed", "recovery_issued"} <= actions


def test_a_wrong_first_code_sets_nothing_up(world: Any, frozen: Any) -> None:
    browser = Client()
    _password(browser)
    browser.get(reverse("accounts:security"))
    response = browser.post(reverse("accounts:totp_setup"), {"code": "000000"})
    assert response.status_code == 400
    assert "That code does not match" in response.content.decode()
    assert not TotpDevice.objects.exists()
    assert browser.get(reverse("today"))["Location"].startswith(reverse("accounts:security"))


def test_a_person_with_an_app_types_its_code_after_the_password(world: Any, frozen: Any) -> None:
    # given Alice has an authenticator app
    give_authenticator(world.alice)
    browser = Client()
    # when she types her password, then she is asked for the code, and nothing else opens
    response = _password(browser)
    assert response["Location"].startswith(reverse("accounts:mfa_verify"))
    assert browser.get(reverse("today"))["Location"].startswith(reverse("accounts:mfa_verify"))
    # and enrolling another factor is not a way round the code
    browser.get(reverse("accounts:security"))
    assert TotpDevice.objects.filter(user=world.alice).count() == 1
    assert browser.post(reverse("accounts:passkey_register_options")).status_code == 302
    # when she types the code her app shows
    done = browser.post(reverse("accounts:mfa_verify"), {"code": _code_now()})
    # then she is in
    assert done["Location"] == reverse("today")
    assert browser.get(reverse("today")).status_code == 200
    assert AuditEvent.objects.filter(actor=world.alice, action="mfa_passed").count() == 1


def test_a_code_cannot_be_used_twice(world: Any, frozen: Any) -> None:
    # given Alice signed in with the code her app shows now
    give_authenticator(world.alice)
    first = Client()
    _password(first)
    first.post(reverse("accounts:mfa_verify"), {"code": _code_now()})
    # when someone who saw her password and that code tries them within the same 30 seconds
    second = Client()
    _password(second)
    replay = second.post(reverse("accounts:mfa_verify"), {"code": _code_now()})
    # then the code is refused, and an older one too; she stays held at the second step
    assert replay.status_code == 400
    assert "already used" in replay.content.decode()
    assert second.post(reverse("accounts:mfa_verify"), {"code": _code_now(-1)}).status_code == 400
    assert second.get(reverse("today"))["Location"].startswith(reverse("accounts:mfa_verify"))
    assert AuditEvent.objects.filter(actor=world.alice, action="mfa_failed").count() == 2


def test_a_recovery_code_works_once(world: Any, frozen: Any) -> None:
    # given Alice's app and her recovery codes
    give_authenticator(world.alice)
    codes = mfa_services.issue_recovery_codes(user=world.alice)
    # when she signs in with one of them, then again with the same one
    used = Client()
    _password(used)
    first = used.post(reverse("accounts:mfa_verify"), {"code": codes[0].upper()})
    again = Client()
    _password(again)
    second = again.post(reverse("accounts:mfa_verify"), {"code": codes[0]})
    # then it let her in once only, and the trail says so with how many are left
    assert first["Location"] == reverse("today")
    assert second.status_code == 400
    event = AuditEvent.objects.get(actor=world.alice, action="recovery_code_used")
    assert event.detail == "recovery code used; 9 left"
    assert codes[0] not in event.detail


def test_wrong_codes_lock_the_account_like_wrong_passwords(world: Any, frozen: Any) -> None:
    # given Alice's app, and someone who knows her password but not the code
    give_authenticator(world.alice)
    thief = Client()
    _password(thief)
    # when they guess codes five times, logging in with the password again between guesses
    answers = []
    for guess in range(5):
        if guess == 3:
            _password(thief)  # a right password does not reset the count
        answers.append(thief.post(reverse("accounts:mfa_verify"), {"code": f"00000{guess}"}).status_code)
    # then the fifth locks the account: the session ends and even Alice's password is refused for now
    assert answers == [400, 400, 400, 400, 429]
    assert thief.get(reverse("today"))["Location"].startswith(reverse("accounts:login"))
    assert _password(Client()).status_code == 429


def test_a_session_no_login_form_marked_is_held_outside_the_test_settings(world: Any) -> None:
    # given a session made without the login form (Django's admin login, the test client's force_login)
    give_authenticator(world.alice)
    browser = Client()
    browser.force_login(world.alice)
    # when the settings do not trust such sessions, as in production, then it too must take the step
    with override_settings(TRELLIS_MFA_TRUST_UNMARKED_SESSIONS=False):
        response = browser.get(reverse("today"))
    assert response["Location"].startswith(reverse("accounts:mfa_verify"))


@pytest.mark.parametrize(("username", "held"), [("alice", True), ("bill", True), ("adam", False)])
def test_by_default_every_role_that_reads_client_records_must(
    world: Any, frozen: Any, username: str, held: bool
) -> None:
    response = _password(Client(), username)
    assert response["Location"].startswith(reverse("accounts:security")) is held


def test_the_administrator_chooses_which_roles_must(world: Any, frozen: Any) -> None:
    # given Adam makes the second factor optional for clinicians and required for administrators
    adam = Client()
    adam.force_login(world.adam)
    roles = ["admissions", "prescriber", "nurse", "case_manager", "director", "biller", "admin"]
    adam.post(reverse("accounts:second_factor_roles"), {"roles": roles})
    # then Alice (clinician) goes straight in, Nora (nurse) still sets one up, and so does Adam
    assert _password(Client(), "alice")["Location"] == reverse("today")
    assert _password(Client(), "nora")["Location"].startswith(reverse("accounts:security"))
    assert _password(Client(), "adam")["Location"].startswith(reverse("accounts:security"))
    # and Harbor Light's clinicians are untouched by Riverside's choice
    assert AuditEvent.objects.filter(actor=world.adam, action="mfa_policy").count() == 1
    page = adam.get(reverse("accounts:access")).content.decode()
    assert 'value="clinician">' in page
    assert 'value="admin" checked>' in page


def test_a_role_that_need_not_but_has_an_app_still_uses_it(world: Any, frozen: Any) -> None:
    give_authenticator(world.adam)
    assert _password(Client(), "adam")["Location"].startswith(reverse("accounts:mfa_verify"))


@override_settings(DEBUG=True, TRELLIS_DEMO_SKIP_SECOND_FACTOR=True)
def test_the_demo_lets_people_without_a_factor_skip_and_says_so(world: Any, frozen: Any) -> None:
    # given the demo's settings
    login_page = Client().get(reverse("accounts:login")).content.decode()
    # then the login page says the step is skipped, Alice goes straight in, and the trail records the skip
    assert "Demo mode" in login_page
    assert _password(Client())["Location"] == reverse("today")
    assert AuditEvent.objects.filter(actor=world.alice, action="mfa_skipped").exists()
    # but someone who set an app up still uses it
    give_authenticator(world.bob)
    assert _password(Client(), "bob")["Location"].startswith(reverse("accounts:mfa_verify"))


def test_without_the_demo_setting_the_login_page_says_nothing_of_skipping(world: Any) -> None:
    assert "Demo mode" not in Client().get(reverse("accounts:login")).content.decode()


def test_the_api_token_endpoint_asks_for_the_code_too(world: Any, frozen: Any) -> None:
    give_authenticator(world.alice)
    url = "/api/v1/token/"
    without = Client().post(url, {"username": "alice", "password": PASSWORD})
    wrong = Client().post(url, {"username": "alice", "password": PASSWORD, "code": "123456"})
    right = Client().post(url, {"username": "alice", "password": PASSWORD, "code": fresh_code(world.alice)})
    assert (without.status_code, wrong.status_code, right.status_code) == (400, 400, 200)
    assert "token" in right.json()
    enrol_first = Client().post(url, {"username": "nora", "password": PASSWORD})
    assert enrol_first.status_code == 403


def test_the_second_step_pages_are_labelled(world: Any, frozen: Any) -> None:
    give_authenticator(world.alice)
    browser = Client()
    _password(browser)
    page = browser.get(reverse("accounts:mfa_verify")).content.decode()
    assert '<label for="id_code">' in page
    assert 'id="id_code"' in page
    assert "<h1>Confirm it is you</h1>" in page
    nora = Client()
    _password(nora, "nora")
    setup = nora.get(reverse("accounts:security")).content.decode()
    assert '<label for="id_totp_code">' in setup
    assert 'alt="QR code of your authenticator key' in setup
    assert '<label for="passkey-name">' in setup


def test_sign_in_helper_reaches_today(world: Any, frozen: Any) -> None:
    browser = Client()
    assert sign_in(browser, "alice")["Location"] == reverse("today")
