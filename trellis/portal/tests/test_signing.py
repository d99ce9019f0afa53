"""The client reads and signs their treatment plan and consents in the portal, and revokes a consent."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client as Browser

from conftest import World
from trellis.plans import signing
from trellis.plans.choices import PlanStatus
from trellis.plans.models import TreatmentPlan
from trellis.plans.tests.given import draft_plan
from trellis.portal.tests.conftest import DAVE_EMAIL, sign_in
from trellis.privacy import consents
from trellis.privacy.audit import Action
from trellis.privacy.consent_models import Consent
from trellis.privacy.models import AuditEvent
from trellis.privacy.part2 import ConsentKind, InfoKind, Purpose

NOW = dt.datetime(2026, 12, 7, 14, 0, tzinfo=dt.UTC)
pytestmark = pytest.mark.usefixtures("invited")


@pytest.fixture(autouse=True, scope="module")
def _frozen_module() -> Any:
    """Every test here, and the module's world (built once per module), at NOW: the client's records are made
    "before" what the test does, whatever the wall clock says (CI's awkward-instant pass moves it)."""
    with time_machine.travel(NOW, tick=False):
        yield


def tpo(client: Any, actor: Any) -> Consent:
    terms = consents.ConsentTerms(
        kind=ConsentKind.TPO,
        information=(InfoKind.IDENTITY, InfoKind.ATTENDANCE),
        information_detail="My substance use disorder treatment records, for my care and billing.",
        purposes=(Purpose.TREATMENT, Purpose.PAYMENT),
        general_designation=True,
        no_expiry=True,
    )
    return consents.prepare(client=client, terms=terms, actor=actor)


def _carol(sms_outbox: Any) -> Browser:
    browser = Browser()
    sign_in(browser, sms_outbox)
    return browser


def _portal_events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, system_job="client portal"))


def test_carol_reads_and_signs_her_plan(invited: World, sms_outbox: Any) -> None:
    # given Alice wrote Carol's plan and it awaits Carol's signature
    plan = draft_plan(episode=invited.carol.episodes.get(), author=invited.alice)
    browser = _carol(sms_outbox)
    page = browser.get("/me/plan/").content.decode()
    assert "I want to stay sober 1" in page
    assert "waiting for your signature" in page
    # when she types her name and agrees
    answer = browser.post("/me/plan/", {"typed_name": " carol  northcott ", "attested": "on"})
    # then the plan carries her own signature, with no witness, audited with no staff actor
    assert answer.status_code == 302
    plan.refresh_from_db()
    assert plan.client_signed_name == "carol northcott"
    assert plan.client_signed_at == NOW
    assert plan.client_signed_in_portal
    assert plan.client_witness is None
    signed = [e for e in _portal_events(Action.UPDATE) if e.object_id == str(plan.pk)]
    assert [e.actor_id for e in signed] == [None]
    assert "Northcott" not in signed[0].detail
    assert "You: signed as carol northcott" in browser.get("/me/plan/").content.decode()


def test_a_name_not_on_file_is_refused_and_kept(invited: World, sms_outbox: Any) -> None:
    plan = draft_plan(episode=invited.carol.episodes.get(), author=invited.alice)
    answer = _carol(sms_outbox).post("/me/plan/", {"typed_name": "Carla North", "attested": "on"})
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "does not match the name we have on file" in page
    assert 'value="Carla North"' in page
    plan.refresh_from_db()
    assert plan.client_signed_at is None
    assert plan.status == PlanStatus.DRAFT


def test_the_plan_comes_into_force_when_her_signature_is_the_last(invited: World, sms_outbox: Any) -> None:
    plan = draft_plan(episode=invited.carol.episodes.get(), author=invited.alice)
    signing.sign_as_clinician(plan=plan, clinician=invited.alice)
    _carol(sms_outbox).post("/me/plan/", {"typed_name": "Carol Northcott", "attested": "on"})
    assert TreatmentPlan.objects.get(pk=plan.pk).status == PlanStatus.ACTIVE


def test_carol_signs_her_tpo_consent(invited: World, sms_outbox: Any) -> None:
    consent = tpo(invited.carol, invited.alice)
    browser = _carol(sms_outbox)
    assert "Read and sign" in browser.get("/me/consents/").content.decode()
    page = browser.get(f"/me/consents/{consent.pk}/sign/").content.decode()
    assert "My right to revoke" in page
    # a wrong name is refused, kept, and nothing is signed
    wrong = browser.post(f"/me/consents/{consent.pk}/sign/", {"typed_name": "Someone Else", "agreed": "on"})
    assert wrong.status_code == 400
    assert 'value="Someone Else"' in wrong.content.decode()
    assert Consent.objects.get(pk=consent.pk).signed_at is None
    # the right name signs it, in force now
    answer = browser.post(
        f"/me/consents/{consent.pk}/sign/", {"typed_name": "Carol Northcott", "agreed": "on"}
    )
    assert answer.status_code == 302
    consent.refresh_from_db()
    assert (consent.signed_at, consent.signer_role, consent.signature_method) == (NOW, "client", "typed")
    assert consent.witnessed_by is None
    assert [e.object_id for e in _portal_events(Action.UPDATE)] == [str(consent.pk)]
    assert "Revoke" in browser.get("/me/consents/").content.decode()


def test_carol_revokes_a_consent_in_force(invited: World, sms_outbox: Any) -> None:
    consent = tpo(invited.carol, invited.alice)
    consents.sign(
        consent=consent,
        signer_name="Carol Northcott",
        signer_role="client",
        method="typed",
        signature="Carol Northcott",
        device="iPad",
        actor=invited.alice,
    )
    browser = _carol(sms_outbox)
    page = browser.get(f"/me/consents/{consent.pk}/revoke/").content.decode()
    assert "stops sharing your records under this consent" in page
    assert browser.post(f"/me/consents/{consent.pk}/revoke/").status_code == 302
    consent.refresh_from_db()
    assert consent.revoked_at == NOW
    assert consent.revocation_method == "portal"
    assert consent.revoked_by is None
    assert len(_portal_events(Action.REVOKE)) == 1


def test_another_clients_consent_is_not_found(invited: World, sms_outbox: Any) -> None:
    daves = tpo(invited.dave, invited.bob)
    browser = _carol(sms_outbox)
    assert browser.get(f"/me/consents/{daves.pk}/sign/").status_code == 404
    assert (
        browser.post(
            f"/me/consents/{daves.pk}/sign/", {"typed_name": "Dave Lakewood", "agreed": "on"}
        ).status_code
        == 404
    )
    assert browser.post(f"/me/consents/{daves.pk}/revoke/").status_code == 404
    assert Consent.objects.get(pk=daves.pk).signed_at is None
    assert DAVE_EMAIL not in browser.get("/me/consents/").content.decode()
