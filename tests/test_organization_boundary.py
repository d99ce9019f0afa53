"""The organization is a hard boundary: Olga, who directs Harbor Light Health, tries every URL of the site
with an object of Riverside Recovery in it, and every page and list without one.

A director holds every capability (but ordering medications, a prescriber's), so nothing here is refused for
her role: what stops her is the boundary alone. Object URLs answer 404 (never 403, which would say the object exists); pages without an object answer
as usual but show nothing of Riverside; and nothing she does leaves an event on a Riverside client's trail.
"""

import copy
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client as Browser
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import World
from tests import factories as typed_factories
from tests.boundary_records import NOW, riverside_records
from trellis.billing.models import (
    Charge,
)
from trellis.clients.models import Client
from trellis.intake.models import Inquiry
from trellis.measures.models import MeasureSchedule
from trellis.privacy.models import AuditEvent

factories: Any = typed_factories

# url name -> the URL's arguments, built from Riverside's objects
Args = Callable[[dict[str, Any]], dict[str, Any]]
OBJECT_URLS: dict[str, Args] = {
    "attendance:session": lambda a: {"pk": a["session"].pk},
    "attendance:record": lambda a: {"pk": a["session"].pk, "client_pk": a["carol"].pk},
    "attendance:mark_all_present": lambda a: {"pk": a["session"].pk},
    "attendance:confirm_telehealth": lambda a: {"pk": a["session"].pk, "client_pk": a["carol"].pk},
    "clients:chart": lambda a: {"pk": a["carol"].pk},
    "accounts:token_revoke": lambda a: {"pk": a["api_token"].pk},
    "accounts:unlock": lambda a: {"pk": a["alice"].pk},
    "accounts:deactivate": lambda a: {"pk": a["alice"].pk},
    "accounts:second_factor_reset": lambda a: {"pk": a["alice"].pk},
    "accounts:passkey_remove": lambda a: {"pk": a["passkey"].pk},
    "accounts:outside_system_revoke": lambda a: {"pk": a["outside_system"].pk},
    "clients:timeline": lambda a: {"pk": a["carol"].pk},
    "clients:face_sheet": lambda a: {"pk": a["carol"].pk},
    "clients:add_allergy": lambda a: {"pk": a["carol"].pk},
    "clients:remove_allergy": lambda a: {"pk": a["carol"].pk, "allergy_pk": a["allergy"].pk},
    "clients:add_insurance_card": lambda a: {"pk": a["carol"].pk},
    "clients:insurance_card_image": lambda a: {"pk": a["carol"].pk, "card_pk": a["card"].pk, "side": "front"},
    "episodes:track_roster": lambda a: {"pk": a["track"].pk},
    "episodes:enroll": lambda a: {"pk": a["track"].pk},
    "episodes:enroll_from_waitlist": lambda a: {"pk": a["track"].pk, "entry_pk": a["waitlist"].pk},
    "episodes:discharge": lambda a: {"pk": a["episode"].pk},
    "episodes:discharge_summary": lambda a: {"pk": a["episode"].pk},
    "episodes:discharge_pdf": lambda a: {"pk": a["episode"].pk},
    "episodes:discharge_release": lambda a: {"pk": a["episode"].pk},
    "episodes:referral": lambda a: {"pk": a["episode"].pk},
    "scheduling:group_new": lambda a: {"track_pk": a["track"].pk},
    "scheduling:site_schedule": lambda a: {"pk": a["site"].pk},
    "scheduling:propose": lambda a: {"pk": a["site"].pk},
    "scheduling:proposal": lambda a: {"pk": a["proposal"].pk},
    "scheduling:publish": lambda a: {"pk": a["proposal"].pk},
    "scheduling:client": lambda a: {"pk": a["carol"].pk},
    "scheduling:client_print": lambda a: {"pk": a["carol"].pk},
    "scheduling:add_commitment": lambda a: {"pk": a["carol"].pk},
    "scheduling:remove_commitment": lambda a: {"pk": a["carol"].pk, "commitment_pk": a["commitment"].pk},
    "scheduling:preference": lambda a: {"pk": a["carol"].pk},
    "scheduling:pin": lambda a: {"pk": a["carol"].pk},
    "scheduling:unpin": lambda a: {"pk": a["carol"].pk, "pin_pk": a["pin"].pk},
    "scheduling:step": lambda a: {"pk": a["carol"].pk},
    "scheduling:client_feed_link": lambda a: {"pk": a["carol"].pk},
    "scheduling:client_feed_off": lambda a: {"pk": a["carol"].pk},
    "scheduling:track_week": lambda a: {"pk": a["track"].pk},
    "scheduling:room_week": lambda a: {"pk": a["room"].pk},
    "scheduling:staff_week": lambda a: {"pk": a["alice"].pk},
    "scheduling:appointment_new": lambda a: {"pk": a["carol"].pk},
    "scheduling:appointment": lambda a: {"pk": a["appointment"].pk},
    "scheduling:appointment_cancel": lambda a: {"pk": a["appointment"].pk},
    "programs:program_edit": lambda a: {"pk": a["program"].pk},
    "programs:track_new": lambda a: {"program_pk": a["program"].pk},
    "programs:track_edit": lambda a: {"program_pk": a["program"].pk, "pk": a["track"].pk},
    "intake:inquiry": lambda a: {"pk": a["inquiry"].pk},
    "intake:screen": lambda a: {"pk": a["inquiry"].pk},
    "intake:next_action": lambda a: {"pk": a["inquiry"].pk},
    "intake:book": lambda a: {"pk": a["inquiry"].pk},
    "intake:admit": lambda a: {"pk": a["inquiry"].pk},
    "intake:refer": lambda a: {"pk": a["inquiry"].pk},
    "intake:lose": lambda a: {"pk": a["inquiry"].pk},
    "intake:assessment_new": lambda a: {"client_pk": a["carol"].pk},
    "intake:assessment": lambda a: {"pk": a["assessment"].pk},
    "intake:decide": lambda a: {"pk": a["assessment"].pk},
    "intake:change_enrollment": lambda a: {"pk": a["assessment"].pk},
    "measures:remove_schedule": lambda a: {"pk": a["schedule"].pk},
    "measures:client": lambda a: {"pk": a["carol"].pk},
    "measures:record": lambda a: {"pk": a["carol"].pk, "instrument": "phq9"},
    "measures:task": lambda a: {"pk": a["task"].pk},
    "measures:set_on_call": lambda a: {"site_pk": a["site"].pk},
    "plans:save_rules": lambda a: {"program_pk": a["program"].pk},
    "plans:client": lambda a: {"client_pk": a["carol"].pk},
    "plans:start": lambda a: {"client_pk": a["carol"].pk},
    "plans:plan": lambda a: {"pk": a["plan"].pk},
    "plans:add_problem": lambda a: {"pk": a["plan"].pk},
    "plans:add_goal": lambda a: {"pk": a["plan"].pk, "problem_pk": a["problem"].pk},
    "plans:remove_problem": lambda a: {"pk": a["plan"].pk, "problem_pk": a["problem"].pk},
    "plans:add_objective": lambda a: {"pk": a["plan"].pk, "goal_pk": a["goal"].pk},
    "plans:add_intervention": lambda a: {"pk": a["plan"].pk, "objective_pk": a["objective"].pk},
    "plans:sign": lambda a: {"pk": a["plan"].pk, "role": "client"},
    "plans:revise": lambda a: {"pk": a["plan"].pk},
    "plans:review": lambda a: {"pk": a["plan"].pk},
    "plans:step_down": lambda a: {"pk": a["plan"].pk},
    "plans:pdf": lambda a: {"pk": a["plan"].pk},
    "plans:release": lambda a: {"pk": a["plan"].pk},
    "notes:group_note": lambda a: {"session_pk": a["session"].pk},
    "notes:save_shared": lambda a: {"session_pk": a["session"].pk},
    "notes:save_entry": lambda a: {"session_pk": a["session"].pk, "client_pk": a["carol"].pk},
    "notes:sign_group_note": lambda a: {"session_pk": a["session"].pk},
    "notes:group_addendum": lambda a: {"session_pk": a["session"].pk},
    "notes:group_cosign": lambda a: {"session_pk": a["session"].pk},
    "notes:individual_new": lambda a: {"client_pk": a["carol"].pk},
    "notes:individual": lambda a: {"pk": a["note"].pk},
    "notes:family_new": lambda a: {"client_pk": a["carol"].pk},
    "notes:psychiatric_new": lambda a: {"client_pk": a["carol"].pk},
    "notes:multi_family": lambda a: {"session_pk": a["session"].pk},
    "notes:individual_save": lambda a: {"pk": a["note"].pk},
    "notes:individual_addendum": lambda a: {"pk": a["note"].pk},
    "notes:individual_cosign": lambda a: {"pk": a["note"].pk},
    "notes:cosign_review": lambda a: {"kind": "group", "pk": a["group_note"].pk},
    "notes:cosign_sign": lambda a: {"kind": "individual", "pk": a["note"].pk},
    "notes:cosign_rule_remove": lambda a: {"pk": a["cosign_rule"].pk},
    "notes:cosign_named_remove": lambda a: {"pk": a["cosign_named"].pk},
    "medications:client": lambda a: {"client_pk": a["carol"].pk},
    "medications:add": lambda a: {"client_pk": a["carol"].pk},
    "medications:record_screen": lambda a: {"client_pk": a["carol"].pk},
    "medications:change": lambda a: {"pk": a["medication"].pk},
    "medications:stop": lambda a: {"pk": a["medication"].pk},
    "medications:review_flag": lambda a: {"pk": a["flag"].pk},
    "medications:new_order": lambda a: {"client_pk": a["carol"].pk},
    "medications:discontinue_order": lambda a: {"pk": a["order"].pk},
    "billing:recheck_charge": lambda a: {"pk": a["charge"].pk},
    "billing:release_charge": lambda a: {"pk": a["charge"].pk},
    "billing:decide_claim": lambda a: {"pk": a["claim"].pk},
    "billing:correct_claim": lambda a: {"pk": a["claim"].pk},
    "billing:void_claim": lambda a: {"pk": a["claim"].pk},
    "billing:add_fee": lambda a: {"pk": a["payer"].pk},
    "billing:change_payer_rules": lambda a: {"pk": a["payer"].pk},
    "billing:client": lambda a: {"pk": a["carol"].pk},
    "billing:add_coverage": lambda a: {"pk": a["carol"].pk},
    "billing:add_diagnosis": lambda a: {"pk": a["carol"].pk},
    "billing:record_diagnosis": lambda a: {"pk": a["carol"].pk},
    "billing:diagnosis_primary": lambda a: {"pk": a["diagnosis"].pk},
    "billing:diagnosis_resolve": lambda a: {"pk": a["diagnosis"].pk},
    "billing:add_authorization": lambda a: {"pk": a["carol"].pk},
    "billing:estimate": lambda a: {"pk": a["carol"].pk},
    "billing:certify": lambda a: {"pk": a["carol"].pk},
    "billing:review_packet": lambda a: {"pk": a["authorization"].pk},
    "billing:add_patient_payment": lambda a: {"pk": a["carol"].pk},
    "billing:statement": lambda a: {"pk": a["carol"].pk},
    "billing:download_claim_file": lambda a: {"pk": a["claim_file"].pk},
    "billing:download_claim_notice": lambda a: {"pk": a["claim_file"].pk},
    "api:client": lambda a: {"pk": a["carol"].pk},
    "api:episode": lambda a: {"pk": a["episode"].pk},
    "api:episode-discharge": lambda a: {"pk": a["episode"].pk},
    "api:enrollment": lambda a: {"pk": a["enrollment"].pk},
    "api:enrollment-change": lambda a: {"pk": a["enrollment"].pk},
    "api:group": lambda a: {"pk": a["group"].pk},
    "api:session": lambda a: {"pk": a["session"].pk},
    "api:attendance-record": lambda a: {"pk": a["record"].pk},
    "consents:prepare": lambda a: {"client_pk": a["carol"].pk},
    "consents:patient_notice": lambda a: {"client_pk": a["carol"].pk},
    "consents:detail": lambda a: {"pk": a["consent"].pk},
    "consents:sign": lambda a: {"pk": a["consent"].pk},
    "consents:signed": lambda a: {"pk": a["consent"].pk},
    "consents:revoke": lambda a: {"pk": a["consent"].pk},
    "consents:expiry_event": lambda a: {"pk": a["consent"].pk},
    "consents:pdf": lambda a: {"pk": a["consent"].pk},
    "part2:client": lambda a: {"pk": a["carol"].pk},
    "part2:accounting_pdf": lambda a: {"pk": a["carol"].pk},
    "part2:restriction_new": lambda a: {"pk": a["carol"].pk},
    "part2:restriction_decide": lambda a: {"pk": a["restriction"].pk},
    "part2:restriction_end": lambda a: {"pk": a["restriction"].pk},
    "part2:court_order_new": lambda a: {"pk": a["carol"].pk},
    "part2:emergency_new": lambda a: {"pk": a["carol"].pk},
    "part2:emergency_review": lambda a: {"pk": a["emergency"].pk},
    "part2:breach": lambda a: {"pk": a["incident"].pk},
    "part2:breach_edit": lambda a: {"pk": a["incident"].pk},
    "part2:breach_notice": lambda a: {"pk": a["incident"].pk},
    "part2:breach_letter": lambda a: {"pk": a["incident"].pk, "client_pk": a["carol"].pk},
    "referrals:resource_edit": lambda a: {"pk": a["resource"].pk},
    "referrals:resource_active": lambda a: {"pk": a["resource"].pk},
    "referrals:client": lambda a: {"client_pk": a["carol"].pk},
    "referrals:new": lambda a: {"client_pk": a["carol"].pk},
    "referrals:detail": lambda a: {"pk": a["referral"].pk},
    "referrals:send": lambda a: {"pk": a["referral"].pk},
    "referrals:state": lambda a: {"pk": a["referral"].pk},
    "referrals:appointment": lambda a: {"pk": a["referral"].pk},
    "referrals:letter": lambda a: {"pk": a["referral"].pk},
    "referrals:follow_up": lambda a: {"pk": a["follow_up"].pk},
    "support:contacts": lambda a: {"client_pk": a["carol"].pk},
    "support:contact_new": lambda a: {"client_pk": a["carol"].pk},
    "support:meetings": lambda a: {"client_pk": a["carol"].pk},
    "support:contact": lambda a: {"pk": a["support_contact"].pk},
    "support:contact_sign": lambda a: {"pk": a["support_contact"].pk},
    "support:contact_addendum": lambda a: {"pk": a["support_contact"].pk},
    "casework:screen": lambda a: {"client_pk": a["carol"].pk},
    "casework:client": lambda a: {"client_pk": a["carol"].pk},
    "casework:screening": lambda a: {"pk": a["needs_screening"].pk},
    "casework:add_to_plan": lambda a: {"pk": a["needs_screening"].pk, "domain": "housing"},
    "casework:case_plan": lambda a: {"pk": a["episode"].pk},
    "casework:add_need": lambda a: {"pk": a["episode"].pk},
    "casework:add_goal": lambda a: {"pk": a["episode"].pk},
    "casework:add_task": lambda a: {"pk": a["episode"].pk},
    "casework:assign": lambda a: {"pk": a["episode"].pk},
    "casework:need_status": lambda a: {"pk": a["case_need"].pk},
    "casework:complete_task": lambda a: {"pk": a["case_task"].pk},
    "notifications:opt_in": lambda a: {"pk": a["carol"].pk},
    "notifications:wording": lambda a: {"pk": a["carol"].pk},
    "notifications:opt_out": lambda a: {"pk": a["channel_consent"].pk},
    "outcomes:site": lambda a: {"pk": a["carol"].site_id},
    "outcomes:site_csv": lambda a: {"pk": a["carol"].site_id},
    "outcomes:program": lambda a: {"pk": a["track"].program_id},
    "outcomes:program_csv": lambda a: {"pk": a["track"].program_id},
    "portal:invite": lambda a: {"pk": a["carol"].pk},
    "portal:deactivate": lambda a: {"pk": a["portal_account"].pk},
    "portal:staff_family_invite": lambda a: {"pk": a["carol"].pk},
    "portal:staff_family_end": lambda a: {"pk": a["family_access"].pk},
    "messaging:thread": lambda a: {"pk": a["message_thread"].pk},
    "messaging:assign": lambda a: {"pk": a["message_thread"].pk},
    "messaging:close": lambda a: {"pk": a["message_thread"].pk},
    "messaging:client_messages": lambda a: {"pk": a["carol"].pk},
}
# Pages and lists with no object in the URL: they answer, and show nothing of Riverside.
PAGES = [
    "today", "clients:list", "episodes:tracks", "scheduling:my_week", "programs:setup",
    "programs:program_new", "intake:pipeline", "intake:inquiry_new", "intake:report", "measures:due",
    "measures:schedules", "plans:due", "plans:rules", "notes:list", "notes:cosign_queue", "notes:cosign_rules",
    "billing:queue", "billing:reports", "billing:claims", "billing:payers", "billing:remittances", "billing:denials",
    "privacy:audit_log", "api:clients", "api:episodes",
    "api:enrollments", "api:groups", "api:sessions", "api:attendance", "api:measure-responses",
    "accounts:tokens", "accounts:access", "accounts:security", "part2:breaches", "part2:breach_new",
    "accounts:tokens", "accounts:access", "accounts:outside_systems",
    "worklist:list", "worklist:csv", "measures:on_call", "attendance:census_csv", "billing:held_csv",
    "referrals:directory", "referrals:resource_new",
    "casework:caseload",
    "notifications:settings",
    "outcomes:network", "outcomes:network_csv",
    "alumni:events",
    "messaging:inbox",
]  # fmt: skip
# Actions with no object in the URL: tried with an empty form; they must not touch Riverside's records.
ACTIONS = [
    "billing:recheck", "billing:capture", "billing:import_remittance", "billing:build_batch",
    "billing:export_batch", "billing:prepare_secondary_claims", "scheduling:my_feed_link",
    "scheduling:my_feed_off", "accounts:second_factor_roles", "notes:cosign_bulk", "notes:cosign_rule_add",
    "notes:cosign_named_add",
]  # fmt: skip
# Not about any organization's records: signing in and out, keeping a session alive, the API's token, schema
# and score calculator, and the calendar feed, whose unguessable link is itself the credential (tested in
# scheduling), and the browser's CSP violation reports (which log only the directive broken).
OUTSIDE = {
    "csp_report",
    "accounts:login", "accounts:logout", "accounts:keepalive", "api:token", "api:schema", "api:docs", "api:redoc",
    "api:measures-score", "scheduling:feed",
    # One's own password: no organization's records (accounts/tests/test_password_*.py).
    "accounts:password_change", "accounts:password_reset", "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    # One's own second factor: the second step, confirming it is you, one's own app, passkeys and codes
    # (accounts/tests/test_second_factor*.py, test_passkeys.py, test_reauth.py).
    "accounts:mfa_verify", "accounts:reauth", "accounts:passkey_auth_options", "accounts:passkey_auth",
    "accounts:totp_setup", "accounts:totp_remove", "accounts:passkey_register_options",
    "accounts:passkey_register", "accounts:recovery_codes",
    # The SMS provider's webhooks: no session, only its signature; they answer the same for any organization
    # and reveal nothing to an unknown number (notifications/tests/test_webhooks.py).
    "notifications:sms_status", "notifications:sms_inbound",
    # client realm: tried in tests/test_portal_permissions.py (no staff session opens them).
    "portal:home", "portal:sign_in", "portal:code", "portal:sign_out",
    "portal:checkin", "portal:checkin_done",  # the signed-in client's own check-ins only (portal/tests)
    "portal:plan", "portal:consents", "portal:consent_sign", "portal:consent_revoke",
    # the alumnus's own pages (tests/test_alumni_permissions.py: another client's follow-up or event is 404).
    "alumni:home", "alumni:follow_up", "alumni:follow_up_done", "alumni:reconnect", "alumni:event_reply",
    # family contacts' realm and the client's passkeys: tests/test_portal_family_permissions.py.
    "portal:family_home", "portal:family_sign_in", "portal:family_code", "portal:family_sign_out",
    "portal:family_contacts", "portal:family_end", "portal:passkeys", "portal:passkey_register_options",
    "portal:passkey_register", "portal:passkey_remove", "portal:passkey_sign_in_options", "portal:passkey_sign_in",
    # the signed-in client's own messages (tests/test_messaging_permissions.py)
    "messaging:client_threads", "messaging:client_compose", "messaging:client_thread",
    "portal:session_join", "portal:session_left",  # the client's own sessions only (portal/tests/test_telehealth)
}  # fmt: skip


def _url_names(patterns: list[Any], namespace: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            inner = pattern.namespace or ""
            yield from _url_names(
                pattern.url_patterns, f"{namespace}:{inner}".strip(":") if inner else namespace
            )
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


# The personas and Riverside's records are made once for the module (conftest.module_transaction): each test's
# writes are rolled back, and it works on its own copy of the objects.
@pytest.fixture
def world(module_world: World, db: None) -> World:
    return copy.deepcopy(module_world)


@pytest.fixture
def riverside(module_riverside: dict[str, Any], db: None) -> dict[str, Any]:
    return copy.deepcopy(module_riverside)


@pytest.fixture(scope="module")
def module_riverside(module_world: World) -> dict[str, Any]:
    """One of each kind of record Riverside keeps, all about Carol at Northside."""
    with time_machine.travel(NOW, tick=False):
        return riverside_records(module_world)


def _markers(world: World) -> list[str]:
    """Words that appear only in Riverside's records."""
    return [
        "Northcott", "Lakewood", world.carol.chart_number, world.dave.chart_number, "Northside", "Lakeside",
        "Morning process group", "Riverside", "IOP Substance Use", "Prairie Mutual", str(world.carol.pk),
    ]  # fmt: skip


def _as_olga(world: World) -> Browser:
    browser = Browser()
    browser.force_login(world.olga)
    return browser


def _writes(browser: Browser, url: str, *, api: bool) -> dict[str, int]:
    """Every way of writing to a URL: pages take forms and JSON by POST, the API its own verbs."""
    empty = json.dumps({})
    if not api:
        return {
            "form": browser.post(url, {}).status_code,
            "json": browser.post(url, empty, content_type="application/json").status_code,
        }
    return {
        verb: getattr(browser, verb)(url, empty, content_type="application/json").status_code
        for verb in ("post", "put", "patch", "delete")
    }


def _leaked(world: World, body: str) -> list[str]:
    return [marker for marker in _markers(world) if marker in body]


def _riverside_events_by(user: Any) -> list[str]:
    riverside_clients = Client.objects.exclude(organization=user.organization)
    events = AuditEvent.objects.filter(actor=user, client__in=riverside_clients)
    return list(events.values_list("object_type", flat=True))


def test_it_covers_every_url() -> None:
    # given every named URL of the site
    names = set(_url_names(get_resolver().url_patterns))
    # then each one is tried across the boundary here, or is listed as outside it with a reason
    tried = set(OBJECT_URLS) | set(PAGES) | set(ACTIONS) | OUTSIDE
    assert names - tried == set()
    assert tried - names == set()


@pytest.mark.parametrize("name", list(OBJECT_URLS))
def test_it_answers_404_for_every_object_of_another_organization(
    world: World, riverside: dict[str, Any], name: str
) -> None:
    # given Olga, director of Harbor Light Health, and the URL of a Riverside record
    browser = _as_olga(world)
    url = reverse(name, kwargs=OBJECT_URLS[name](riverside))
    # when she opens it and writes to it in every way it takes
    with time_machine.travel(NOW, tick=False):
        read = browser.get(url)
        writes = _writes(browser, url, api=name.startswith("api:"))
    # then it does not exist for her (a method the URL never takes may say so), and nothing of Carol's trail
    # carries her name
    answers = {"get": read.status_code, **writes}
    assert set(answers.values()) <= {404, 405}, answers
    assert 404 in answers.values(), answers
    assert _leaked(world, read.content.decode(errors="replace")) == []
    assert _riverside_events_by(world.olga) == []


@pytest.mark.parametrize("name", PAGES)
def test_it_shows_nothing_of_another_organization_on_any_page_or_list(
    world: World, riverside: dict[str, Any], name: str
) -> None:
    # given Olga
    browser = _as_olga(world)
    # when she opens a page or list with no object in its URL, unfiltered and searching for Carol
    with time_machine.travel(NOW, tick=False):
        plain = browser.get(reverse(name))
        searched = browser.get(reverse(name), {"q": "Carol", "search": "Carol", "date": "2026-11-23"})
    # then it answers, and nothing in it is Riverside's
    assert plain.status_code == 200
    assert _leaked(world, plain.content.decode()) == []
    assert _leaked(world, searched.content.decode()) == []
    assert _riverside_events_by(world.olga) == []


@pytest.mark.parametrize("name", ACTIONS)
def test_it_changes_nothing_of_another_organization_by_an_action(
    world: World, riverside: dict[str, Any], name: str
) -> None:
    # given Olga and Riverside's charges as they stand
    charges = list(Charge.objects.values_list("pk", "status", "updated_at"))
    # when she runs an action that has no object in its URL
    with time_machine.travel(NOW, tick=False):
        response = _as_olga(world).post(reverse(name), {"first": "2026-11-01", "last": "2026-11-30"})
    # then Riverside's records are as they were and its trail does not name her
    assert response.status_code < 500
    assert list(Charge.objects.values_list("pk", "status", "updated_at")) == charges
    assert _riverside_events_by(world.olga) == []
    assert _leaked(world, response.content.decode()) == []


MISASSIGNED_URLS = [
    "clients:chart", "clients:face_sheet", "attendance:session", "episodes:track_roster", "intake:inquiry", "plans:plan",
    "notes:individual", "medications:client", "measures:task", "scheduling:site_schedule", "api:client",
    "api:session", "api:group", "consents:detail", "consents:prepare", "scheduling:appointment",
]  # fmt: skip


@pytest.mark.parametrize("name", MISASSIGNED_URLS)
def test_it_holds_the_boundary_even_when_a_membership_crosses_it(
    world: World, riverside: dict[str, Any], name: str
) -> None:
    # given Olga wrongly made a member of Riverside's Northside site and program
    world.olga.sites.add(world.site_a)
    world.olga.programs.add(world.program)
    browser = _as_olga(world)
    # when she opens a Riverside record and Riverside's lists
    with time_machine.travel(NOW, tick=False):
        read = browser.get(reverse(name, kwargs=OBJECT_URLS[name](riverside)))
        lists = [browser.get(reverse(page)) for page in ("clients:list", "api:clients", "intake:pipeline")]
    # then her organization still decides: not found, and nothing of Riverside listed
    assert read.status_code == 404
    assert [_leaked(world, page.content.decode()) for page in lists] == [[], [], []]


@pytest.mark.parametrize("own", [True, False], ids=["own organization", "other organization"])
def test_it_takes_a_form_only_with_references_to_her_own_organization(
    world: World, riverside: dict[str, Any], own: bool
) -> None:
    # given Olga filling in a new inquiry and a measure schedule, naming her own site and program or Riverside's
    site, program = (world.site_harbor, world.program_b) if own else (world.site_a, world.program)
    browser = _as_olga(world)
    inquiry = {
        "site": site.pk, "caller_name": "Pat Caller", "referral_source": "self", "urgency": "routine",
        "presenting_concern": "Wants evening groups.",
    }  # fmt: skip
    # when she sends them
    with time_machine.travel(NOW, tick=False):
        browser.post(reverse("intake:inquiry_new"), inquiry)
        browser.post(
            reverse("measures:schedules"), {"program": program.pk, "instrument": "gad7", "every_days": 7}
        )
    # then they are taken for her own organization and refused for Riverside's
    assert Inquiry.objects.filter(site=site, caller_name="Pat Caller").exists() == own
    assert MeasureSchedule.objects.filter(program=program, instrument="gad7").exists() == own
