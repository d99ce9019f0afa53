"""Every page for every role, and for staff of the other site: allowed or denied as designed, nothing leaks.

Northside (A): Alice clinician, Amy admissions, Nora nurse, Bill biller. Lakeside (B): Bob clinician.
Dana directs both; Adam administers and sees no client at all. Olga directs Harbor Light Health, another
organization: every object of Riverside's is not found for her, and no page shows her any of it.
"""

import copy
import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from tests import factories
from trellis.billing.models import Diagnosis
from trellis.clients.models import Allergy
from trellis.clients.tests.cards import card_on_file
from trellis.privacy.tests.consent_pages import prepared

PERSONAS = ["alice", "bob", "amy", "nora", "bill", "dana", "adam", "olga"]

# page -> expected status for each persona, in PERSONAS order
MATRIX: dict[str, tuple[int, ...]] = {
    "today": (200, 200, 200, 200, 200, 200, 200, 200),
    "client_list": (200, 200, 200, 200, 200, 200, 403, 200),
    "client_list_csv": (200, 200, 200, 200, 200, 200, 403, 200),
    "census_csv": (200, 200, 200, 200, 200, 200, 403, 200),
    "held_csv": (403, 403, 403, 403, 200, 200, 403, 200),
    "carol_chart": (200, 404, 200, 200, 200, 200, 403, 404),
    "dave_chart": (404, 200, 404, 404, 404, 200, 403, 404),
    # The face sheet is edited by the client's own site's clinical and admissions staff, not by billers.
    "carol_face_sheet": (200, 404, 200, 200, 403, 200, 403, 404),
    # Diagnoses on the face sheet are clinical: not admissions, not billing (billers keep theirs on billing's page).
    "carol_record_diagnosis": (200, 404, 403, 200, 403, 200, 403, 404),
    # A card's photo: whoever may see the client (a biller checks the member id on it).
    "carol_card_front": (200, 404, 200, 200, 200, 200, 403, 404),
    "session_a": (200, 404, 200, 200, 200, 200, 403, 404),
    "tracks": (200, 200, 200, 200, 200, 200, 200, 200),
    "roster_a": (200, 404, 200, 200, 200, 200, 200, 404),
    "setup": (403, 403, 403, 403, 403, 200, 200, 200),
    "audit_log": (403, 403, 403, 403, 403, 200, 200, 200),
    "new_group_a": (403, 403, 403, 403, 403, 200, 200, 404),
    # Consents: billers see a consent's state and terms but neither prepare, sign, revoke nor print one.
    "consent_new_carol": (200, 404, 200, 200, 403, 200, 403, 404),
    "patient_notice_carol": (200, 404, 200, 200, 200, 200, 403, 404),
    "consent_carol": (200, 404, 200, 200, 200, 200, 403, 404),
    "consent_sign_carol": (200, 404, 200, 200, 403, 200, 403, 404),
    "consent_revoke_carol": (200, 404, 200, 200, 403, 200, 403, 404),
    "consent_pdf_carol": (200, 404, 200, 200, 403, 200, 403, 404),
    # Part 2 (42 CFR 2.24, 2.26, 2.51, 2.64; breaches): the privacy officer's work is the director's alone.
    "carol_privacy": (200, 404, 200, 200, 200, 200, 403, 404),
    "carol_accounting_pdf": (200, 404, 200, 200, 200, 200, 403, 404),
    "carol_restriction_new": (200, 404, 200, 200, 200, 200, 403, 404),
    "carol_emergency_new": (200, 404, 403, 200, 403, 200, 403, 404),
    "carol_court_order_new": (403, 403, 403, 403, 403, 200, 403, 404),
    "restriction_decide": (403, 403, 403, 403, 403, 200, 403, 404),
    "restriction_end": (403, 403, 403, 403, 403, 200, 403, 404),
    "breaches": (403, 403, 403, 403, 403, 200, 403, 200),
    "breach_new": (403, 403, 403, 403, 403, 200, 403, 200),
    "breach": (403, 403, 403, 403, 403, 200, 403, 404),
    "breach_edit": (403, 403, 403, 403, 403, 200, 403, 404),
    "breach_letter": (403, 403, 403, 403, 403, 200, 403, 404),
    # The worklist is clinical (notes, measures, safety); naming who is on call is the director's.
    "worklist": (200, 200, 403, 200, 403, 200, 403, 200),
    "worklist_csv": (200, 200, 403, 200, 403, 200, 403, 200),
    "on_call": (403, 403, 403, 403, 403, 200, 403, 200),
    # Claims: the page is billing staff's; an exported 837 and its notice only for those of its organization.
    "claims": (403, 403, 403, 403, 200, 200, 403, 200),
    "claim_file_download": (403, 403, 403, 403, 200, 200, 403, 404),
    "claim_notice_download": (403, 403, 403, 403, 200, 200, 403, 404),
    # One calendar: an appointment's page for anyone who sees the client; booking for those who edit clients.
    "appointment_carol": (200, 404, 200, 200, 200, 200, 403, 404),
    "appointment_new_carol": (200, 404, 200, 200, 403, 200, 403, 404),
    "alice_week": (200, 404, 200, 200, 200, 200, 200, 404),
    # Supervision: whoever writes notes has a co-sign queue; only a director sets who needs co-signature.
    "cosign_queue": (200, 200, 403, 200, 403, 200, 403, 200),
    "cosign_review_carol": (200, 404, 403, 200, 403, 200, 403, 404),
    "cosign_rules": (403, 403, 403, 403, 403, 200, 403, 200),
    # Medication orders are a prescriber's alone (none among these personas; a director is not one by role):
    # a nurse records against them. Staff who cannot see Carol get 404 first.
    "carol_new_order": (403, 404, 403, 403, 403, 403, 403, 404),
}
# POSTs that change client data: status when allowed is a redirect back to the page
WRITES: dict[str, tuple[int, ...]] = {
    "record_carol": (302, 404, 403, 302, 403, 302, 403, 404),
    "mark_all_present": (302, 404, 403, 302, 403, 302, 403, 404),
    # The probe's body names no client: the roster comes back refused (400), past the role and site checks.
    "enroll_a": (400, 404, 400, 403, 403, 400, 403, 404),
    "consent_event_carol": (302, 404, 302, 302, 403, 302, 403, 404),
    # An allergy with no substance named is refused on the page (400), past the role and site checks.
    "add_allergy_carol": (400, 404, 400, 400, 403, 400, 403, 404),
    "remove_allergy_carol": (302, 404, 302, 302, 403, 302, 403, 404),
    # A card with no photo is refused on the page (400), past the role and site checks.
    "add_card_carol": (400, 404, 400, 400, 403, 400, 403, 404),
    "diagnosis_primary_carol": (302, 404, 403, 302, 403, 302, 403, 404),
    "diagnosis_resolve_carol": (302, 404, 403, 302, 403, 302, 403, 404),
    "emergency_review": (403, 403, 403, 403, 403, 302, 403, 404),
    "breach_notice": (403, 403, 403, 403, 403, 302, 403, 404),
    "set_on_call_a": (403, 403, 403, 403, 403, 302, 403, 404),
    "build_batch": (403, 403, 403, 403, 302, 302, 403, 302),
    "export_batch": (403, 403, 403, 403, 302, 302, 403, 302),
    # Correcting or voiding a claim: billing roles of its own organization (a missing reason is refused on the
    # page, with a redirect back to it)
    "correct_claim": (403, 403, 403, 403, 302, 302, 403, 404),
    "void_claim": (403, 403, 403, 403, 302, 302, 403, 404),
    "prepare_secondary_claims": (403, 403, 403, 403, 302, 302, 403, 302),
    "appointment_cancel": (302, 404, 302, 302, 403, 302, 403, 404),
    "cosign_bulk": (302, 302, 403, 302, 403, 302, 403, 302),
    "discontinue_order_carol": (403, 404, 403, 403, 403, 403, 403, 404),
}


# The personas and the records behind the URLs are made once for the module (conftest.module_transaction):
# over a thousand requests read them, and each test's writes are rolled back.
@pytest.fixture
def world(module_world: World, db: None) -> World:
    return copy.deepcopy(module_world)


@pytest.fixture(scope="module")
def urls(module_world: World) -> dict[str, str]:
    world = module_world
    session = factories.GroupSessionFactory.create(group=world.group_a, date=dt.date(2026, 11, 23))
    consent = {"pk": prepared(world.carol, world.alice).pk}
    allergy = Allergy.objects.create(client=world.carol, substance="Latex")
    card = card_on_file(world.carol)
    diagnosis = {
        "pk": Diagnosis.objects.create(client=world.carol, code="F10.20", recorded_by=world.alice).pk
    }
    appointment = {"pk": _appointment(world).pk}
    return {
        "appointment_carol": reverse("scheduling:appointment", kwargs=appointment),
        "appointment_cancel": reverse("scheduling:appointment_cancel", kwargs=appointment),
        "appointment_new_carol": reverse("scheduling:appointment_new", kwargs={"pk": world.carol.pk}),
        "alice_week": reverse("scheduling:staff_week", kwargs={"pk": world.alice.pk}),
        **_privacy_urls(world),
        **_claim_urls(world),
        "today": reverse("today"),
        "client_list": reverse("clients:list"),
        "client_list_csv": reverse("clients:list") + "?format=csv",
        "census_csv": reverse("attendance:census_csv"),
        "held_csv": reverse("billing:held_csv"),
        "carol_chart": reverse("clients:chart", kwargs={"pk": world.carol.pk}),
        "dave_chart": reverse("clients:chart", kwargs={"pk": world.dave.pk}),
        "carol_face_sheet": reverse("clients:face_sheet", kwargs={"pk": world.carol.pk}),
        "add_allergy_carol": reverse("clients:add_allergy", kwargs={"pk": world.carol.pk}),
        "remove_allergy_carol": reverse(
            "clients:remove_allergy", kwargs={"pk": world.carol.pk, "allergy_pk": allergy.pk}
        ),
        "carol_card_front": reverse(
            "clients:insurance_card_image", kwargs={"pk": world.carol.pk, "card_pk": card.pk, "side": "front"}
        ),
        "add_card_carol": reverse("clients:add_insurance_card", kwargs={"pk": world.carol.pk}),
        "carol_record_diagnosis": reverse("billing:record_diagnosis", kwargs={"pk": world.carol.pk}),
        "diagnosis_primary_carol": reverse("billing:diagnosis_primary", kwargs=diagnosis),
        "diagnosis_resolve_carol": reverse("billing:diagnosis_resolve", kwargs=diagnosis),
        "session_a": reverse("attendance:session", kwargs={"pk": session.pk}),
        "tracks": reverse("episodes:tracks"),
        "roster_a": reverse("episodes:track_roster", kwargs={"pk": world.track_a.pk}),
        "setup": reverse("programs:setup"),
        "audit_log": reverse("privacy:audit_log"),
        "new_group_a": reverse("scheduling:group_new", kwargs={"track_pk": world.track_a.pk}),
        "record_carol": reverse("attendance:record", kwargs={"pk": session.pk, "client_pk": world.carol.pk}),
        "mark_all_present": reverse("attendance:mark_all_present", kwargs={"pk": session.pk}),
        "worklist": reverse("worklist:list"),
        "worklist_csv": reverse("worklist:csv"),
        "on_call": reverse("measures:on_call"),
        "set_on_call_a": reverse("measures:set_on_call", kwargs={"site_pk": world.site_a.pk}),
        "enroll_a": reverse("episodes:enroll", kwargs={"pk": world.track_a.pk}),
        "consent_new_carol": reverse("consents:prepare", kwargs={"client_pk": world.carol.pk}),
        "patient_notice_carol": reverse("consents:patient_notice", kwargs={"client_pk": world.carol.pk}),
        "consent_carol": reverse("consents:detail", kwargs=consent),
        "consent_sign_carol": reverse("consents:sign", kwargs=consent),
        "consent_revoke_carol": reverse("consents:revoke", kwargs=consent),
        "consent_pdf_carol": reverse("consents:pdf", kwargs=consent),
        "consent_event_carol": reverse("consents:expiry_event", kwargs=consent),
        **_cosign_urls(world),
        **_order_urls(world),
    }


def _order_urls(world: Any) -> dict[str, str]:
    from trellis.medications.tests.factories import order_for, prescriber_at

    order = order_for(world.carol, prescriber_at(world))
    return {
        "carol_new_order": reverse("medications:new_order", kwargs={"client_pk": world.carol.pk}),
        "discontinue_order_carol": reverse("medications:discontinue_order", kwargs={"pk": order.pk}),
    }


def _cosign_urls(world: Any) -> dict[str, str]:
    from trellis.notes.models import IndividualNote

    note = IndividualNote.objects.create(
        author=world.alice, client=world.carol, episode=world.carol_enrollment.episode,
        service_date=dt.date(2026, 11, 23), duration_minutes=50, format="dap",
    )  # fmt: skip
    return {
        "cosign_queue": reverse("notes:cosign_queue"),
        "cosign_review_carol": reverse("notes:cosign_review", kwargs={"kind": "individual", "pk": note.pk}),
        "cosign_rules": reverse("notes:cosign_rules"),
        "cosign_bulk": reverse("notes:cosign_bulk"),
    }


def _claim_urls(world: Any) -> dict[str, str]:
    from trellis.billing.models import ClaimExport, ClaimFile
    from trellis.billing.tests.billing_factories import PayerFactory

    export = ClaimExport.objects.create(
        organization=world.organization, payer=PayerFactory.create(organization=world.organization),
        claim_type="837p", control_number=1, file_name="99001_837p_20261101_20261130_000000001.x12",
        period_from=dt.date(2026, 11, 1), period_to=dt.date(2026, 11, 30), claim_count=0, total=0,
    )  # fmt: skip
    claim_file = {"pk": ClaimFile.objects.create(export=export, x12_text="ISA*00*", notice_text="Notice").pk}
    claim = {"pk": _paid_claim(world, export).pk}
    return {
        "claims": reverse("billing:claims"),
        "claim_file_download": reverse("billing:download_claim_file", kwargs=claim_file),
        "claim_notice_download": reverse("billing:download_claim_notice", kwargs=claim_file),
        "build_batch": reverse("billing:build_batch"),
        "export_batch": reverse("billing:export_batch"),
        "correct_claim": reverse("billing:correct_claim", kwargs=claim),
        "void_claim": reverse("billing:void_claim", kwargs=claim),
        "prepare_secondary_claims": reverse("billing:prepare_secondary_claims"),
    }


def _paid_claim(world: Any, export: Any) -> Any:
    """Carol's claim the payer paid, with its claim number: one a biller may correct or void."""
    from trellis.billing.models import Claim
    from trellis.billing.tests.billing_factories import CoverageFactory

    coverage = CoverageFactory.create(client=world.carol, payer=export.payer)
    return Claim.objects.create(
        organization=world.organization, client=world.carol, payer=export.payer, coverage=coverage,
        claim_type="837p", control_number="TRPAID0001", statement_from=dt.date(2026, 11, 2),
        statement_through=dt.date(2026, 11, 6), total=750, status="paid", paid_amount=750, export=export,
        payer_claim_number="PM26120100001",
    )  # fmt: skip


def _appointment(world: Any) -> Any:
    from trellis.scheduling.models import Appointment

    starts = dt.datetime(2026, 11, 24, 15, 0, tzinfo=dt.UTC)
    return Appointment.objects.create(
        site=world.site_a, kind="individual", staff=world.alice, client=world.carol, booked_by=world.alice,
        starts_at=starts, ends_at=starts + dt.timedelta(minutes=50),
    )  # fmt: skip


def _privacy_urls(world: Any) -> dict[str, str]:
    from trellis.privacy.models import BreachIncident, EmergencyDisclosure, RestrictionRequest

    day = dt.date(2026, 11, 23)
    restriction = RestrictionRequest.objects.create(
        organization=world.organization, client=world.carol, kind="health_plan", description="Self-pay",
        requested_on=day, recorded_by=world.amy,
    )  # fmt: skip
    emergency = EmergencyDisclosure.objects.create(
        organization=world.organization, client=world.carol, medical_personnel="Dr. Example", facility="Mercy ED",
        nature_of_emergency="Overdose", information=["identity"], disclosed_at=dt.datetime(2026, 11, 23, tzinfo=dt.UTC),
        disclosed_by=world.nora,
    )  # fmt: skip
    incident = BreachIncident.objects.create(
        organization=world.organization, title="Misdirected fax", description="A fax went astray",
        discovered_on=day, conclusion="breach", recorded_by=world.dana,
    )  # fmt: skip
    incident.affected_clients.add(world.carol)
    carol = {"pk": world.carol.pk}
    return {
        "carol_privacy": reverse("part2:client", kwargs=carol),
        "carol_accounting_pdf": reverse("part2:accounting_pdf", kwargs=carol),
        "carol_restriction_new": reverse("part2:restriction_new", kwargs=carol),
        "carol_emergency_new": reverse("part2:emergency_new", kwargs=carol),
        "carol_court_order_new": reverse("part2:court_order_new", kwargs=carol),
        "restriction_decide": reverse("part2:restriction_decide", kwargs={"pk": restriction.pk}),
        "restriction_end": reverse("part2:restriction_end", kwargs={"pk": restriction.pk}),
        "emergency_review": reverse("part2:emergency_review", kwargs={"pk": emergency.pk}),
        "breaches": reverse("part2:breaches"),
        "breach_new": reverse("part2:breach_new"),
        "breach": reverse("part2:breach", kwargs={"pk": incident.pk}),
        "breach_edit": reverse("part2:breach_edit", kwargs={"pk": incident.pk}),
        "breach_notice": reverse("part2:breach_notice", kwargs={"pk": incident.pk}),
        "breach_letter": reverse(
            "part2:breach_letter", kwargs={"pk": incident.pk, "client_pk": world.carol.pk}
        ),
    }


@pytest.mark.parametrize("page", MATRIX)
@pytest.mark.parametrize("persona", PERSONAS)
def test_it_allows_or_denies_each_page(
    world: Any, client: Any, urls: dict[str, str], page: str, persona: str
) -> None:
    client.force_login(getattr(world, persona))
    response = client.get(urls[page])
    assert response.status_code == MATRIX[page][PERSONAS.index(persona)]


@pytest.mark.parametrize("action", WRITES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_it_allows_or_denies_each_change(
    world: Any, client: Any, urls: dict[str, str], action: str, persona: str
) -> None:
    client.force_login(getattr(world, persona))
    response = client.post(urls[action], {"status": "present"})
    assert response.status_code == WRITES[action][PERSONAS.index(persona)]


def test_it_sends_anonymous_visitors_to_log_in(world: Any, client: Any, urls: dict[str, str]) -> None:
    for page in MATRIX:
        response = client.get(urls[page])
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("persona", ["bob", "olga"])
@pytest.mark.parametrize(
    "page",
    ["today", "client_list", "client_list_csv", "census_csv", "tracks", "roster_a", "setup", "audit_log"],
)
def test_it_never_shows_bob_or_olga_a_northside_client(
    world: Any, client: Any, urls: dict[str, str], page: str, persona: str
) -> None:
    # given Carol is waitlisted too, so she would appear on every list that leaks
    from trellis.episodes.services import add_to_waitlist

    add_to_waitlist(
        episode=world.carol_enrollment.episode,
        track=world.track_a,
        phase=world.phase1,
        requested_on=dt.date(2026, 11, 20),
        added_by=world.alice,
    )
    client.force_login(getattr(world, persona))
    response = client.get(urls[page])
    assert "Northcott" not in response.content.decode()
    assert world.carol.chart_number not in response.content.decode()


def test_it_finds_no_other_site_client_by_search(world: Any, client: Any) -> None:
    client.force_login(world.bob)
    assert (
        "Northcott" not in client.post(reverse("clients:list"), {"q": "Carol"}, follow=True).content.decode()
    )
    client.force_login(world.olga)
    assert (
        "Northcott" not in client.post(reverse("clients:list"), {"q": "Carol"}, follow=True).content.decode()
    )
    assert (
        "Northcott"
        not in client.post(
            reverse("clients:list"), {"q": world.carol.chart_number}, follow=True
        ).content.decode()
    )
    assert "Harbormann" in client.post(reverse("clients:list"), {"q": "Hugo"}, follow=True).content.decode()
    client.force_login(world.alice)
    assert "Northcott" in client.post(reverse("clients:list"), {"q": "Carol"}, follow=True).content.decode()


def test_it_shows_the_administrator_no_client_names(world: Any, client: Any, urls: dict[str, str]) -> None:
    # given Carol's chart was opened, so the audit trail names her
    client.force_login(world.alice)
    client.get(urls["carol_chart"])
    client.force_login(world.adam)
    for page in ("today", "tracks", "roster_a", "audit_log"):
        body = client.get(urls[page]).content.decode()
        assert "Northcott" not in body
        assert "Lakewood" not in body
        assert world.carol.chart_number not in body


# Releases through the disclosure gate (42 CFR Part 2) and the director's outside systems. Carol is discharged
# with an aftercare referral and has signed the TPO consent, so a release that the role allows succeeds (200,
# the PDF); registering a system answers 200 with its secret, revoking one redirects.
RELEASE_PAGES: dict[str, tuple[int, ...]] = {
    "plan_release": (200, 404, 403, 200, 403, 200, 403, 404),
    "discharge_release": (200, 404, 200, 403, 403, 200, 403, 404),
    "referral": (200, 404, 200, 403, 403, 200, 403, 404),
    "outside_systems": (403, 403, 403, 403, 403, 200, 403, 200),
}
RELEASES: dict[str, tuple[int, ...]] = {
    "plan_release": (200, 404, 403, 200, 403, 200, 403, 404),
    "discharge_release": (200, 404, 200, 403, 403, 200, 403, 404),
    "referral": (200, 404, 200, 403, 403, 200, 403, 404),
    "outside_systems": (403, 403, 403, 403, 403, 200, 403, 200),
    "outside_system_revoke": (403, 403, 403, 403, 403, 302, 403, 404),
}
TO_PDF = {"plan_release", "discharge_release", "referral"}
TO_A_PROVIDER = {
    "recipient_name": "Hillside Family Clinic",
    "recipient_kind": "provider",
    "purpose": "treatment",
}
RELEASE_BODIES: dict[str, dict[str, str]] = {
    "plan_release": TO_A_PROVIDER,
    "discharge_release": TO_A_PROVIDER,
    "referral": {"referral": "Lakeshore Outpatient, 555-0142", "provider": "Lakeshore Outpatient"},
    "outside_systems": {
        "name": "Blue Ridge Health Plan",
        "recipient_kind": "health_plan",
        "purpose": "payment",
    },
    "outside_system_revoke": {},
}


@pytest.fixture
def release_urls(world: Any) -> dict[str, str]:
    from tests import part2 as consents_for
    from trellis.accounts.outside_systems import register_outside_system
    from trellis.episodes.discharge import Aftercare, discharge_with_aftercare
    from trellis.plans.tests.given import signed_plan

    episode = world.carol_enrollment.episode
    plan = signed_plan(episode=episode, author=world.alice)
    discharge_with_aftercare(
        episode=episode, discharged_on=dt.date(2026, 11, 30), reason=1, summary="Completed.",
        aftercare=Aftercare(referrals="Lakeshore Outpatient, 555-0142"), discharged_by=world.alice,
    )  # fmt: skip
    consents_for.tpo_consent(world.carol, world.alice)
    system, _ = register_outside_system(
        name="Partner clinic", recipient_kind="provider", purpose="treatment", registered_by=world.dana
    )
    return {
        "plan_release": reverse("plans:release", kwargs={"pk": plan.pk}),
        "discharge_release": reverse("episodes:discharge_release", kwargs={"pk": episode.pk}),
        "referral": reverse("episodes:referral", kwargs={"pk": episode.pk}),
        "outside_systems": reverse("accounts:outside_systems"),
        "outside_system_revoke": reverse("accounts:outside_system_revoke", kwargs={"pk": system.pk}),
    }


@pytest.mark.parametrize("page", RELEASE_PAGES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_it_allows_or_denies_each_release_page(
    world: Any, client: Any, release_urls: dict[str, str], page: str, persona: str
) -> None:
    client.force_login(getattr(world, persona))
    response = client.get(release_urls[page])
    assert response.status_code == RELEASE_PAGES[page][PERSONAS.index(persona)]


@pytest.mark.parametrize("action", RELEASES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_it_allows_or_denies_each_release(
    world: Any, client: Any, release_urls: dict[str, str], action: str, persona: str
) -> None:
    client.force_login(getattr(world, persona))
    response = client.post(release_urls[action], RELEASE_BODIES[action])
    assert response.status_code == RELEASES[action][PERSONAS.index(persona)]
    released = response.get("Content-Type") == "application/pdf"
    assert released == (response.status_code == 200 and action in TO_PDF)
