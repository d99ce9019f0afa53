"""Disclosing records asks the person to confirm it is them unless they did so in the last few minutes
(accounts.reauth), like signing: an open session on a shared workstation must not send records out."""

import datetime as dt
from typing import Any

import time_machine
from django.test import Client
from django.urls import reverse

from tests import part2 as consents_for
from tests.signin import give_authenticator, sign_in
from trellis.plans.tests.given import signed_plan
from trellis.privacy.disclosure_models import Disclosure
from trellis.privacy.part2 import Purpose, RecipientKind

NOW = dt.datetime(2026, 11, 20, 15, tzinfo=dt.UTC)
RELEASE = {
    "recipient": "",
    "recipient_name": "Hillside Family Clinic",
    "recipient_kind": RecipientKind.PROVIDER,
    "purpose": Purpose.TREATMENT,
}


def _release(browser: Client, plan: Any) -> Any:
    url = reverse("plans:release", kwargs={"pk": plan.pk})
    return browser.post(url, RELEASE, HTTP_REFERER=f"http://testserver{url}")


def test_a_release_minutes_after_signing_in_goes_at_once_and_after_a_break_asks_again(world: Any) -> None:
    with time_machine.travel(NOW, tick=False) as clock:
        # given Alice signed in with her second factor, and Carol consented
        give_authenticator(world.alice)
        consents_for.tpo_consent(world.carol, world.amy)
        plan = signed_plan(episode=world.carol_enrollment.episode, author=world.alice)
        browser = Client()
        sign_in(browser, "alice")
        # when she releases the plan nine minutes later, it goes
        clock.shift(dt.timedelta(minutes=9))
        assert _release(browser, plan)["Content-Type"] == "application/pdf"
        assert Disclosure.objects.count() == 1
        # and when she releases it again after a break of eleven more minutes, she is asked who she is first
        clock.shift(dt.timedelta(minutes=11))
        response = _release(browser, plan)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:reauth"))
        assert Disclosure.objects.count() == 1
