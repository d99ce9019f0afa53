"""Signing in to the portal with a one-time code: ten minutes, once, five tries, rate limited, and the
same answer for an address nobody has."""

import datetime as dt
import re
from typing import Any

import time_machine
from django.test import Client as Browser

from conftest import World
from trellis.notifications.wording import reveals_treatment
from trellis.portal.models import PortalAccount, SignInCode
from trellis.portal.tests.conftest import CAROL_MOBILE, last_code, sign_in
from trellis.privacy.models import AuditEvent

NOW = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)


@time_machine.travel(NOW, tick=False)
def test_it_signs_the_client_in_with_the_texted_code(invited: World, sms_outbox: Any) -> None:
    # given / when
    browser = Browser()
    sign_in(browser, sms_outbox)
    # then
    page = browser.get("/me/")
    assert page.status_code == 200
    assert "Hello, Carol" in page.content.decode()
    account = PortalAccount.objects.get(client=invited.carol)
    assert account.last_signed_in_at == NOW
    assert AuditEvent.objects.filter(client=invited.carol, action="login", actor=None).exists()


def test_it_texts_a_code_that_names_no_treatment(invited: World, sms_outbox: Any) -> None:
    Browser().post("/me/sign-in/", {"address": CAROL_MOBILE})
    invitation, code = (message["body"] for message in sms_outbox())
    assert "sign-in code" in code
    for body in (invitation, code):
        assert not reveals_treatment(body)
        assert "Northcott" not in body


def test_it_stores_only_a_hash_of_the_code(invited: World, sms_outbox: Any) -> None:
    Browser().post("/me/sign-in/", {"address": CAROL_MOBILE})
    assert last_code(sms_outbox) not in SignInCode.objects.get().code_hash


def test_it_refuses_a_code_after_ten_minutes(invited: World, sms_outbox: Any) -> None:
    browser = Browser()
    with time_machine.travel(NOW, tick=False):
        browser.post("/me/sign-in/", {"address": CAROL_MOBILE})
    with time_machine.travel(NOW + dt.timedelta(minutes=10, seconds=1), tick=False):
        answer = browser.post("/me/sign-in/code/", {"code": last_code(sms_outbox)})
        assert answer.status_code == 400
        assert "wrong, used or expired" in answer.content.decode()
        assert browser.get("/me/").status_code == 302


def test_it_accepts_a_code_just_before_ten_minutes(invited: World, sms_outbox: Any) -> None:
    browser = Browser()
    with time_machine.travel(NOW, tick=False):
        browser.post("/me/sign-in/", {"address": CAROL_MOBILE})
    with time_machine.travel(NOW + dt.timedelta(minutes=9, seconds=59), tick=False):
        answer = browser.post("/me/sign-in/code/", {"code": last_code(sms_outbox)})
    assert answer.status_code == 302


def test_a_code_works_only_once(invited: World, sms_outbox: Any) -> None:
    sign_in(Browser(), sms_outbox)
    code = last_code(sms_outbox)
    other = Browser()
    other.post("/me/sign-in/", {"address": "nobody@example.org"})  # any pending address, then Carol's again
    session = other.session
    session["portal_pending_address"] = "sms:+14135550101"
    session.save()
    answer = other.post("/me/sign-in/code/", {"code": code})
    assert answer.status_code == 400
    assert other.get("/me/").status_code == 302


def test_five_wrong_tries_lock_the_code(invited: World, sms_outbox: Any) -> None:
    browser = Browser()
    browser.post("/me/sign-in/", {"address": CAROL_MOBILE})
    code = last_code(sms_outbox)
    wrong = f"{(int(code) + 1) % 1000000:06d}"
    for _ in range(5):
        assert browser.post("/me/sign-in/code/", {"code": wrong}).status_code == 400
    answer = browser.post("/me/sign-in/code/", {"code": code})
    assert answer.status_code == 400
    assert browser.get("/me/").status_code == 302
    assert AuditEvent.objects.filter(client=invited.carol, action="login_failed").count() == 6


def test_it_answers_the_same_for_an_unknown_address(invited: World, sms_outbox: Any) -> None:
    before = _codes_sent(sms_outbox)
    known = Browser().post("/me/sign-in/", {"address": CAROL_MOBILE}, follow=True)
    unknown = Browser().post("/me/sign-in/", {"address": "(413) 555-0199"}, follow=True)
    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain == [("/me/sign-in/code/", 302)]
    assert _without_tokens(known.content.decode()) == _without_tokens(unknown.content.decode())
    assert _codes_sent(sms_outbox) == before + 1


def _without_tokens(html: str) -> str:
    return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', "", html)


def test_it_sends_nothing_to_a_deactivated_account(invited: World, sms_outbox: Any) -> None:
    PortalAccount.objects.filter(client=invited.carol).update(is_active=False)
    before = _codes_sent(sms_outbox)
    Browser().post("/me/sign-in/", {"address": CAROL_MOBILE})
    assert _codes_sent(sms_outbox) == before


def test_it_limits_code_requests_per_address(invited: World, sms_outbox: Any) -> None:
    answers = [Browser().post("/me/sign-in/", {"address": CAROL_MOBILE}).status_code for _ in range(4)]
    assert answers == [302, 302, 302, 429]
    assert _codes_sent(sms_outbox) == 3


def test_it_limits_code_requests_per_network_address(invited: World, sms_outbox: Any) -> None:
    browser = Browser()
    answers = [
        browser.post("/me/sign-in/", {"address": f"(413) 555-{n:04d}"}).status_code for n in range(200, 211)
    ]
    assert answers[:10] == [302] * 10
    assert answers[10] == 429
    refused = browser.post("/me/sign-in/", {"address": CAROL_MOBILE})
    assert refused.status_code == 429
    assert "Wait 15 minutes" in refused.content.decode()
    assert 'value="(413) 555-0101"' in refused.content.decode()  # the form keeps what was typed


def test_the_limit_lifts_after_fifteen_minutes(invited: World, sms_outbox: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        for _ in range(4):
            Browser().post("/me/sign-in/", {"address": CAROL_MOBILE})
    with time_machine.travel(NOW + dt.timedelta(minutes=16), tick=False):
        assert Browser().post("/me/sign-in/", {"address": CAROL_MOBILE}).status_code == 302


def test_it_refuses_an_address_that_is_neither_e_mail_nor_phone(invited: World) -> None:
    answer = Browser().post("/me/sign-in/", {"address": "carol"})
    assert answer.status_code == 400
    assert "Enter your e-mail address or mobile number" in answer.content.decode()
    assert 'value="carol"' in answer.content.decode()


def _codes_sent(sms_outbox: Any) -> int:
    return sum("sign-in code" in message["body"] for message in sms_outbox())


def test_a_provider_failure_answers_as_for_any_address(invited: World, settings: Any) -> None:
    # given the SMS provider cannot be reached (nothing listens on the discard port)
    settings.TRELLIS_SMS_BACKEND = "twilio"
    settings.TRELLIS_SMS_API_BASE = "http://127.0.0.1:9"
    # when Carol asks for a code
    answer = Browser().post("/me/sign-in/", {"address": CAROL_MOBILE})
    # then the page is the one every address gets
    assert answer.status_code == 302
    assert answer["Location"] == "/me/sign-in/code/"
