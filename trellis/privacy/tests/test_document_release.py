"""Plan and discharge PDFs leaving the program: the Part 2 footer on every page, the client's own copy without
consent, and a release to anyone else only through the gate, with the notice and consent as the first page."""

import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from django.test import Client as Browser
from django.urls import reverse
from pypdf import PdfReader

from tests import part2 as consents_for
from tests.outbound_drivers import (
    REFERRAL_LINE,
    drive_aftercare_referral,
    drive_discharge_pdf,
    drive_plan_pdf,
)
from trellis.core import clock
from trellis.episodes.choices import DischargeReason, LevelOfCare
from trellis.episodes.discharge import Aftercare, discharge_with_aftercare
from trellis.plans.tests.given import signed_plan
from trellis.privacy import consents
from trellis.privacy.disclosure_models import Disclosure
from trellis.privacy.models import AuditEvent
from trellis.privacy.part2 import NOTICE, InfoKind, Purpose, RecipientKind
from trellis.programs.choices import ProgramKind

FOOTER = "42 CFR Part 2 record — redisclosure prohibited"


def _pages(content: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


def _browser(user: Any) -> Browser:
    browser = Browser()
    browser.force_login(user)
    return browser


@pytest.fixture
def plan(world: Any) -> Any:
    return signed_plan(episode=world.carol_enrollment.episode, author=world.alice, problems=5, objectives=4)


@pytest.fixture
def discharged(world: Any) -> Any:
    episode = world.carol_enrollment.episode
    discharge_with_aftercare(
        episode=episode,
        discharged_on=max(clock.today_in(world.carol.site.timezone), episode.admitted_on),
        reason=DischargeReason.COMPLETED,
        summary="Completed phase 3; cravings rare.",
        aftercare=Aftercare(next_level_of_care=LevelOfCare.OUTPATIENT, referrals=REFERRAL_LINE),
        discharged_by=world.alice,
    )
    return episode


def test_every_page_of_a_part2_clients_plan_carries_the_footer(world: Any, plan: Any) -> None:
    response = _browser(world.alice).get(reverse("plans:pdf", kwargs={"pk": plan.pk}))
    pages = _pages(response.content)
    assert len(pages) >= 2
    assert all(FOOTER in page and NOTICE in page for page in pages)
    assert "The client's own copy" in pages[0]


def test_a_mental_health_only_program_prints_no_part2_label(world: Any, plan: Any, discharged: Any) -> None:
    world.program.kind = ProgramKind.MENTAL_HEALTH
    world.program.save(update_fields=["kind"])
    browser = _browser(world.alice)
    for url in (
        reverse("plans:pdf", kwargs={"pk": plan.pk}),
        reverse("episodes:discharge_pdf", kwargs={"pk": discharged.pk}),
    ):
        text = " ".join(_pages(browser.get(url).content))
        assert FOOTER not in text
        assert "42 CFR" not in text


def test_the_clients_own_discharge_copy_needs_no_consent_and_is_no_disclosure(
    world: Any, discharged: Any
) -> None:
    response = _browser(world.alice).get(reverse("episodes:discharge_pdf", kwargs={"pk": discharged.pk}))
    pages = _pages(response.content)
    assert pages[0].startswith("Discharge summary")
    assert "the client's own copy" in pages[0]
    assert all(FOOTER in page for page in pages)
    assert not Disclosure.objects.exists()
    event = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, client=world.carol).get()
    assert event.detail == "discharge summary PDF, client's own copy"


def test_a_release_without_consent_shows_what_is_missing_and_releases_nothing(world: Any, plan: Any) -> None:
    result = drive_plan_pdf(world, world.carol, world.alice)
    assert result.refused
    assert "Hillside Family Clinic" in result.message
    assert "no signed consent for this recipient" in result.message
    assert not Disclosure.objects.exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DISCLOSURE_REFUSED, client=world.carol).exists()


def test_with_consent_the_first_page_is_the_notice_and_the_consent(world: Any, plan: Any) -> None:
    consent = consents_for.tpo_consent(world.carol, world.alice)
    result = drive_plan_pdf(world, world.carol, world.alice)
    assert not result.refused
    pages = _pages(result.payload)
    cover = pages[0]
    assert cover.startswith("Disclosure of records protected by 42 CFR Part 2")
    assert NOTICE in cover
    assert "To Hillside Family Clinic (Treating provider)" in cover
    assert "Disclosed with the written consent of the client" in cover
    assert "Individualized treatment plan" not in cover  # the records start on page 2
    assert "Individualized treatment plan" in pages[1]
    row = Disclosure.objects.get()
    assert (row.path, row.consent, row.disclosed_by) == ("plan_pdf", consent, world.alice)
    # minimum necessary: what the PDF shows, no more
    assert set(row.information) == {InfoKind.IDENTITY, InfoKind.TREATMENT_PLAN}
    assert "Admitted" not in " ".join(pages)
    assert str(row.pk) in cover


def test_revocation_stops_the_next_release(world: Any, discharged: Any) -> None:
    consent = consents_for.tpo_consent(world.carol, world.alice)
    assert not drive_discharge_pdf(world, world.carol, world.alice).refused
    consents.revoke(consent=consent, method="verbally", note="", actor=world.alice)
    again = drive_discharge_pdf(world, world.carol, world.alice)
    assert again.refused
    assert "revoked on" in again.message
    assert Disclosure.objects.count() == 1


def test_an_expired_named_consent_stops_the_release(world: Any, discharged: Any) -> None:
    today = clock.today_in(world.carol.site.timezone)
    consents_for.named_consent(
        world.carol, world.alice, recipient_kind=RecipientKind.PROVIDER, recipient_name="Hillside Family Clinic",
        purposes=(Purpose.TREATMENT,), expires_on=today + dt.timedelta(days=1),
        information=(InfoKind.IDENTITY, InfoKind.ATTENDANCE, InfoKind.DISCHARGE),
    )  # fmt: skip
    assert not drive_discharge_pdf(world, world.carol, world.alice).refused
    later = clock.local_datetime(today + dt.timedelta(days=2), dt.time(12), world.carol.site.timezone)
    with time_machine.travel(later, tick=False):
        expired = drive_discharge_pdf(world, world.carol, world.alice)
    assert expired.refused
    assert "has expired" in expired.message


def test_a_named_family_consent_is_offered_and_covers_only_what_it_names(world: Any, discharged: Any) -> None:
    consents_for.named_consent(
        world.carol, world.alice, recipient_kind=RecipientKind.FAMILY, recipient_name="Robin Northcott",
        purposes=(Purpose.FAMILY,), information=(InfoKind.IDENTITY, InfoKind.ATTENDANCE),
    )  # fmt: skip
    browser = _browser(world.alice)
    url = reverse("episodes:discharge_release", kwargs={"pk": discharged.pk})
    page = browser.get(url)
    assert 'value="family|Robin Northcott"' in page.content.decode()
    # the discharge summary carries more than the consent allows: refused, naming what is missing
    refused = browser.post(url, {"recipient": "family|Robin Northcott", "purpose": Purpose.FAMILY})
    assert refused.status_code == 403
    assert "does not cover discharge summary and aftercare plan" in refused.context["refusal"]
    assert not Disclosure.objects.exists()


def test_the_release_form_names_a_missing_recipient(world: Any, plan: Any) -> None:
    response = _browser(world.alice).post(
        reverse("plans:release", kwargs={"pk": plan.pk}), {"recipient": "", "purpose": Purpose.TREATMENT}
    )
    assert response.status_code == 422
    assert "Name the person or organization" in response.content.decode()
    assert "Say what kind of recipient" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.DISCLOSURE_REFUSED).exists()


def test_a_court_order_lets_the_plan_go_to_the_court_with_the_order_on_the_cover(
    world: Any, plan: Any
) -> None:
    from trellis.privacy.consent_models import CourtOrder

    CourtOrder.objects.create(
        organization=world.organization, client=world.carol, court_name="County Court", order_reference="CV-7",
        issued_on=clock.today_in(world.carol.site.timezone), recipient_name="County Court",
        information=[InfoKind.IDENTITY, InfoKind.TREATMENT_PLAN], scope="The treatment plan for the hearing.",
        recorded_by=world.dana,
    )  # fmt: skip
    response = _browser(world.alice).post(
        reverse("plans:release", kwargs={"pk": plan.pk}),
        {"recipient": "court|County Court", "purpose": Purpose.LEGAL},
    )
    cover = _pages(response.content)[0]
    assert "Disclosed under the order of County Court, CV-7" in cover
    assert Disclosure.objects.get().authority == "court_order"


def test_the_referral_goes_to_the_next_provider_with_the_notice_first(world: Any, discharged: Any) -> None:
    assert drive_aftercare_referral(world, world.carol, world.alice).refused
    consents_for.tpo_consent(world.carol, world.alice)
    result = drive_aftercare_referral(world, world.carol, world.alice)
    pages = _pages(result.payload)
    assert NOTICE in pages[0]
    assert "To Lakeshore Outpatient (Treating provider)" in pages[0]
    assert "Referral for continuing care" in pages[1]
    assert REFERRAL_LINE in pages[1]
    row = Disclosure.objects.get()
    assert (row.path, row.recipient_kind, row.purpose) == ("aftercare_referral", "provider", "treatment")


def test_the_discharge_page_offers_the_own_copy_the_release_and_the_referral(
    world: Any, discharged: Any
) -> None:
    page = _browser(world.alice).get(reverse("episodes:discharge_summary", kwargs={"pk": discharged.pk}))
    html = page.content.decode()
    assert "Client's own copy (PDF)" in html
    assert reverse("episodes:discharge_release", kwargs={"pk": discharged.pk}) in html
    assert reverse("episodes:referral", kwargs={"pk": discharged.pk}) in html


def test_a_recipient_name_too_long_to_record_is_refused_by_the_form(world: Any, plan: Any) -> None:
    response = _browser(world.alice).post(
        reverse("plans:release", kwargs={"pk": plan.pk}),
        {"recipient": "provider|", "recipient_name": "x" * 161, "purpose": Purpose.TREATMENT},
    )
    assert response.status_code == 422
    assert "at most 160 characters" in response.content.decode()
    assert not Disclosure.objects.exists()
