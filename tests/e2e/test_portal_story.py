"""Issue 13's Done-when, one story on a phone (390 px): Tess invites Tali; Tali signs in with a code, signs her
TPO consent and her plan, answers her PHQ-9 with item 9 = 1 and sees crisis help while the urgent task shows
on Tess's Today; Tali joins her virtual group and Tess finds the proposed minutes on the attendance page and
confirms them. axe-core finds nothing on any page Tali sees. Every portal page at phone width, for a client
who has something on each, is in test_every_portal_page_passes_axe_at_phone_width."""

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import log_in
from tests.e2e.conftest import ROOT, watch_for_csp_violations
from tests.e2e.test_accessibility import PHONE, violations
from tests.e2e.test_portal_signin import _last_code, phone  # noqa: F401 (the phone fixture)
from trellis.core import clock

pytestmark = pytest.mark.browser
ROOM = re.compile(r"^https://meet\.jit\.si/[0-9a-f]{32}$")


def _video_service(context: Any) -> None:
    """The video service is outside the test: its room answers with a stand-in page, no network."""
    context.route("https://meet.jit.si/**", lambda route: route.fulfill(body="<title>Video room</title>"))


def _sign_in(page: Any, server_url: str, tmp_path_factory: Any, *, typed: str, e164: str, name: str) -> None:
    page.goto(f"{server_url}/me/sign-in/")
    page.get_by_label("E-mail address or mobile number").fill(typed)
    page.get_by_role("button", name="Send me a code").click()
    page.get_by_role("heading", name="Enter your code").wait_for()
    page.get_by_label("The 6-digit code we sent you").fill(_last_code(tmp_path_factory, e164))
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name=f"Hello, {name}").wait_for()


def _invite(phone: Any, server_url: str) -> None:  # noqa: F811
    staff = phone.new_page()
    log_in(staff, server_url, "tess")
    staff.goto(f"{server_url}/clients/")
    staff.get_by_role("link", name="Tali Telehealthtest").first.click()
    staff.get_by_role("link", name="Edit face sheet").click()
    panel = staff.get_by_test_id("face-sheet-portal")
    expect(panel.get_by_label("Mobile number")).to_have_value("(217) 555-0155")
    panel.get_by_role("button", name="Send the invitation").click()
    staff.get_by_text("Portal invitation sent.").wait_for()
    staff.close()
    phone.clear_cookies()  # Tali's own phone: no staff session


def _sign_consent_and_plan(page: Any, server_url: str) -> None:
    page.get_by_role("link", name="Your consents to share records: sign or revoke").click()
    page.get_by_role("heading", name="Your consents to share records").wait_for()
    assert violations(page) == []
    page.get_by_test_id("portal-consents-awaiting").get_by_role("link", name="Read and sign").click()
    page.get_by_role("heading", name="Consent to share your records").wait_for()
    assert violations(page) == []
    page.get_by_label("Type your full name to sign").fill("Tali Telehealthtest")
    page.get_by_label("I have read this consent and agree to it").check()
    page.get_by_role("button", name="Sign this consent").click()
    expect(page.get_by_text("You signed the consent")).to_be_visible()
    page.goto(f"{server_url}/me/plan/")
    page.get_by_role("heading", name="Your treatment plan").wait_for()
    assert violations(page) == []
    page.get_by_label("Type your full name").fill("Tali Telehealthtest")
    page.get_by_label("I have read this plan and agree to it").check()
    page.get_by_role("button", name="Sign my plan").click()
    expect(page.get_by_text("You signed your treatment plan")).to_be_visible()
    assert violations(page) == []


def _answer_phq9_with_item_9(page: Any, server_url: str) -> None:
    page.goto(f"{server_url}/me/")
    page.get_by_test_id("checkin-link-phq9").click()
    page.get_by_role("heading", name="PHQ-9 check-in").wait_for()
    assert violations(page) == []
    for number in range(1, 9):
        page.locator(f"#q-item_{number}").get_by_label("Not at all").check()
    page.locator("#q-item_9").get_by_label("Several days").check()
    page.get_by_role("button", name="Send my answers").click()
    help_now = page.get_by_test_id("crisis-resources")
    expect(help_now).to_contain_text("988")
    expect(help_now).to_contain_text("If you are in danger now, call 911")
    assert violations(page) == []


def _join_by_video(page: Any, server_url: str) -> None:
    page.goto(f"{server_url}/me/")
    page.get_by_test_id("portal-join-link").get_by_role("link", name="Join Online process group").click()
    page.get_by_role("heading", name="Join your online group").wait_for()
    assert violations(page) == []
    page.get_by_role("button", name="Join the video room").click()
    page.wait_for_url(ROOM)
    page.goto(f"{server_url}/me/")
    page.get_by_role("link", name="Join Online process group").click()
    expect(page.get_by_test_id("portal-joined")).to_contain_text("You joined at")
    assert violations(page) == []


def test_a_client_goes_from_invitation_to_her_virtual_group_on_her_phone(
    phone: Any,  # noqa: F811
    server_url: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # given Tess invites Tali from the face sheet
    _video_service(phone)
    _invite(phone, server_url)
    # when Tali signs in with the texted code, signs her consent and plan, and answers her PHQ-9 (item 9 = 1)
    page = phone.new_page()
    _sign_in(page, server_url, tmp_path_factory, typed="217-555-0155", e164="+12175550155", name="Tali")
    assert violations(page) == []
    _sign_consent_and_plan(page, server_url)
    _answer_phq9_with_item_9(page, server_url)
    # and joins her virtual group by video
    _join_by_video(page, server_url)
    # then Tess finds the urgent safety task on Today
    phone.clear_cookies()
    staff = phone.new_page()
    log_in(staff, server_url, "tess")
    urgent = staff.locator(".urgent")
    expect(urgent).to_contain_text("Urgent: same-day safety assessment")
    expect(urgent.get_by_role("link", name="PHQ-9 item 9 above 0")).to_be_visible()
    # and Tali's proposed minutes on the group's attendance page, which she confirms in one tap
    staff.get_by_role("link", name="Online process group").first.click()
    row = staff.locator('.roster-row[data-client^="Tali"]')
    expect(row.get_by_test_id("telehealth-proposal")).to_contain_text(
        re.compile(r"Proposed from telehealth: \d+ min")
    )
    assert violations(staff) == []
    row.get_by_role("button", name=re.compile("^Confirm")).click()
    expect(staff.locator('.roster-row[data-client^="Tali"] .hours')).to_contain_text(
        re.compile(r"(Present|Late) · \d+ min")
    )


# Ari's pages, looked up in the server's database (their addresses hold ids).
ARI_PATHS = """
import json
import django
django.setup()
from tests import instant
instant.start()
from django.urls import reverse
from trellis.clients.models import Client
from trellis.measures.models import MeasureResponse
from trellis.privacy.consent_models import Consent
from trellis.scheduling.models import GroupSession
ari = Client.objects.get(legal_first_name="Ari", legal_last_name="Axetest")
unsigned = Consent.objects.filter(client=ari, signed_at__isnull=True).get()
signed = Consent.objects.filter(client=ari, signed_at__isnull=False).get()
session = GroupSession.objects.get(group__name="Online process group")
print(json.dumps({
    "home": reverse("portal:home"),
    "check-in": reverse("portal:checkin", kwargs={"instrument": "phq9"}),
    "check-in done": reverse("portal:checkin_done", kwargs={"pk": MeasureResponse.objects.get(client=ari).pk}),
    "plan": reverse("portal:plan"),
    "consents": reverse("portal:consents"),
    "consent sign": reverse("portal:consent_sign", kwargs={"pk": unsigned.pk}),
    "consent revoke": reverse("portal:consent_revoke", kwargs={"pk": signed.pk}),
    "join": reverse("portal:session_join", kwargs={"pk": session.pk}),
    "messages": reverse("messaging:client_threads"),
    "new message": reverse("messaging:client_compose"),
    "family contacts": reverse("portal:family_contacts"),
    "passkeys": reverse("portal:passkeys"),
}))
"""
SIGNED_IN_PAGES = [
    "home", "check-in", "check-in done", "plan", "consents", "consent sign", "consent revoke", "join",
    "messages", "new message", "family contacts", "passkeys",
]  # fmt: skip


@pytest.fixture(scope="module")
def ari_paths(server_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    [database] = Path(tmp_path_factory.getbasetemp()).glob("e2e[0-9]*/db.sqlite3")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "TRELLIS_SQLITE_PATH": str(database),
        "TRELLIS_VAR_DIR": str(database.parent),
    }
    env.pop("DATABASE_URL", None)
    if env.get("TRELLIS_TEST_NOW"):
        env["TRELLIS_TEST_NOW"] = clock.now().isoformat()
    done = subprocess.run(
        [sys.executable, "-c", ARI_PATHS], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    found: dict[str, str] = json.loads(done.stdout)
    return found


@pytest.fixture(scope="module")
def ari(browser: Any, server_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Ari's phone, signed in once for every page (one code: the portal limits how many are sent)."""
    context = browser.new_context(viewport=PHONE, has_touch=True)
    csp = watch_for_csp_violations(context)
    page = context.new_page()
    _sign_in(page, server_url, tmp_path_factory, typed="217-555-0144", e164="+12175550144", name="Ari")
    yield page
    context.close()
    assert csp == [], "the page broke its Content-Security-Policy"


@pytest.mark.parametrize("name", ["sign in", "code", *SIGNED_IN_PAGES])
def test_every_portal_page_passes_axe_at_phone_width(
    browser: Any, server_url: str, ari_paths: dict[str, str], ari: Any, name: str
) -> None:
    if name in {"sign in", "code"}:  # before signing in: a visitor's own phone
        context = browser.new_context(viewport=PHONE, has_touch=True)
        page = context.new_page()
        page.goto(f"{server_url}/me/sign-in/")
        if name == "code":
            page.get_by_label("E-mail address or mobile number").fill("217-555-0100")
            page.get_by_role("button", name="Send me a code").click()
            page.get_by_role("heading", name="Enter your code").wait_for()
        found = violations(page)
        context.close()
    else:
        answer = ari.goto(f"{server_url}{ari_paths[name]}")
        assert answer is not None
        assert answer.ok, f"{name} answered {answer.status}"
        found = violations(ari)
    assert found == [], "\n".join(found)
