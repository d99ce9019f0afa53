"""Claims leave only through the disclosure gate (42 CFR Part 2): no consent, a revoked one or an agreed
restriction holds the claim in the biller's queue; what is exported carries the notice beside it and one
Disclosure row per client and file."""

import datetime as dt
import stat
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from tests import factories
from tests import part2 as consents_for
from trellis.billing import services
from trellis.billing.capture import capture_charges, recheck_held_charges
from trellis.billing.choices import ChargeStatus
from trellis.billing.claims import prepare_claims
from trellis.billing.models import Charge, Claim
from trellis.billing.tests import billing_factories as given
from trellis.privacy import consents, paths
from trellis.privacy.consent_models import Consent, RestrictionKind, RestrictionRequest, RestrictionState
from trellis.privacy.disclosure_models import Disclosure
from trellis.privacy.models import AuditEvent
from trellis.privacy.part2 import NOTICE

NOW = dt.datetime(2026, 12, 2, 15, tzinfo=dt.UTC)
MONDAY = dt.date(2026, 11, 2)
NOVEMBER = ("2026-11-01", "2026-11-30")


@pytest.fixture
def period(world: Any) -> Any:
    """Carol (no consent yet) and Dave (TPO consent) each attend three billable November days."""
    given.BillingProfileFactory.create(organization=world.organization)
    world.payer = given.PayerFactory.create(
        organization=world.organization, name="Prairie Mutual", payer_id="99111"
    )
    given.FeeFactory.create(payer=world.payer)
    given.insure(world.carol, world.payer, by=world.bill, consent=False)
    given.insure(world.dave, world.payer, by=world.bill)
    for offset in (0, 2, 4):
        given.billable_day(world, world.carol, MONDAY + dt.timedelta(days=offset))
        given.billable_day(world, world.dave, MONDAY + dt.timedelta(days=offset), group=world.group_b)
    return world


def capture(world: Any) -> None:
    capture_charges(first=dt.date(2026, 11, 1), last=dt.date(2026, 11, 30), organization=world.organization)


def export(world: Any, out: Path) -> str:
    stdout = StringIO()
    call_command(
        "export_claims", "--organization", world.organization.name, "--from", NOVEMBER[0], "--to", NOVEMBER[1],
        "--out", str(out), stdout=stdout,
    )  # fmt: skip
    return stdout.getvalue()


def statuses(client: Any) -> set[str]:
    return set(Charge.objects.filter(client=client).values_list("status", flat=True))


@time_machine.travel(NOW, tick=False)
def test_export_holds_every_claim_of_a_client_without_consent_says_why_and_writes_the_notice(
    period: Any, tmp_path: Path
) -> None:
    # given Carol has signed no consent: her charges wait in the queue, held for it
    capture(period)
    carol_charges = Charge.objects.filter(client=period.carol)
    assert {tuple(c.hold_reasons) for c in carol_charges} == {("no_consent",)}
    # when November is exported
    output = export(period, tmp_path)
    # then only Dave's claim is written, and the output says how many were held and why
    assert "Held, waiting in the billing queue: 3 charges of 1 client for no consent for the payer." in output
    [x12] = tmp_path.glob("*.x12")
    text = x12.read_text()
    assert "*Lakewood*Dave" in text
    assert "Northcott" not in text
    assert statuses(period.carol) == {ChargeStatus.HELD}
    # and beside the file, private like it, the 2.32 notice with Dave's consent under his claim number only
    notice = tmp_path / x12.name.replace(".x12", ".part2-notice.txt")
    assert stat.S_IMODE(notice.stat().st_mode) == 0o600
    words = notice.read_text()
    [claim] = Claim.objects.filter(client=period.dave)
    assert NOTICE in words
    assert f"Claims {claim.control_number}:" in words
    assert "Disclosed with the written consent of the client" in words
    assert "Lakewood" not in words
    assert "Dave" not in words
    assert "Carol" not in words
    # and one Disclosure row for Dave's claims in the file, resting on his consent
    [row] = Disclosure.objects.all()
    assert (row.client, row.path, row.purpose) == (period.dave, paths.CLAIMS_EXPORT, "payment")
    assert row.consent == Consent.objects.get(client=period.dave)
    assert row.recipient_name == "Prairie Mutual"
    assert row.object_id == str(claim.export_id)


@time_machine.travel(NOW, tick=False)
def test_signing_the_consent_then_rechecking_releases_the_claim_and_export_discloses_it(
    period: Any, tmp_path: Path
) -> None:
    # given Carol's charges held for no consent
    capture(period)
    assert statuses(period.carol) == {ChargeStatus.HELD}
    # when she signs the TPO consent and the biller rechecks
    consents_for.tpo_consent(period.carol, period.amy)
    result = recheck_held_charges(organization=period.organization)
    # then her charges are released, exported, and disclosed with her consent
    assert result.released == 3
    assert statuses(period.carol) == {ChargeStatus.RELEASED}
    output = export(period, tmp_path)
    assert "Held" not in output
    assert statuses(period.carol) == {ChargeStatus.BILLED}
    assert "*Northcott*Carol" in next(tmp_path.glob("*.x12")).read_text()
    assert Disclosure.objects.filter(client=period.carol, path=paths.CLAIMS_EXPORT).count() == 1
    assert Disclosure.objects.count() == 2


@time_machine.travel(NOW, tick=False)
def test_a_consent_revoked_after_capture_holds_the_claim_at_the_next_export(
    period: Any, tmp_path: Path
) -> None:
    # given Carol signed, her charges were released and even drafted onto a claim
    consent = consents_for.tpo_consent(period.carol, period.amy)
    capture(period)
    assert statuses(period.carol) == {ChargeStatus.RELEASED}
    prepare_claims(first=dt.date(2026, 11, 1), last=dt.date(2026, 11, 30), organization=period.organization)
    # when she revokes before the export
    consents.revoke(consent=consent, method="in writing", note="", actor=period.amy)
    output = export(period, tmp_path)
    # then her draft is withdrawn, her charges held again for the consent, and the output says so
    assert "1 draft claims were not written" in output
    assert "3 charges of 1 client for no consent for the payer" in output
    assert not Claim.objects.filter(client=period.carol).exists()
    charges = Charge.objects.filter(client=period.carol)
    assert {(c.status, tuple(c.hold_reasons), c.claim_id) for c in charges} == {
        (ChargeStatus.HELD, ("no_consent",), None)
    }
    assert not Disclosure.objects.filter(client=period.carol).exists()
    refused = AuditEvent.objects.get(action=AuditEvent.Action.DISCLOSURE_REFUSED, client=period.carol)
    assert refused.detail == "claims_export: no_consent"
    # and a recheck does not release them while the consent stays revoked
    recheck_held_charges(organization=period.organization)
    assert statuses(period.carol) == {ChargeStatus.HELD}


@time_machine.travel(NOW, tick=False)
def test_when_every_claim_is_held_nothing_is_written_and_the_holds_stay(period: Any, tmp_path: Path) -> None:
    # given both clients' charges released, then both consents revoked
    consents_for.tpo_consent(period.carol, period.amy)
    capture(period)
    for consent in Consent.objects.all():
        consents.revoke(consent=consent, method="verbally", note="", actor=period.amy)
    # when November is exported
    with pytest.raises(CommandError) as refused:
        export(period, tmp_path)
    # then no file, the reason in the message, and the holds and refusals kept though the export failed
    assert "6 charges of 2 clients for no consent for the payer" in str(refused.value)
    assert not list(tmp_path.glob("*"))
    assert set(Charge.objects.values_list("status", flat=True)) == {ChargeStatus.HELD}
    assert not Claim.objects.exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DISCLOSURE_REFUSED).count() == 2


@time_machine.travel(NOW, tick=False)
def test_a_client_who_restricted_the_plan_is_never_claimed_to_it(period: Any, tmp_path: Path) -> None:
    # given Carol signed the TPO consent but paid herself and asked that Prairie Mutual not be told (2.26)
    consents_for.tpo_consent(period.carol, period.amy)
    RestrictionRequest.objects.create(
        organization=period.organization, client=period.carol, kind=RestrictionKind.HEALTH_PLAN,
        payer=period.payer, description="Paid for November herself.", requested_on=dt.date(2026, 10, 30),
        state=RestrictionState.AGREED, recorded_by=period.dana,
    )  # fmt: skip
    # when charges are captured and November exported
    capture(period)
    output = export(period, tmp_path)
    # then her charges are held for the restriction, never on a claim, and no one may release them by hand
    assert "3 charges of 1 client for client restricted this plan" in output
    assert not Claim.objects.filter(client=period.carol).exists()
    charge = Charge.objects.filter(client=period.carol).first()
    assert charge is not None
    assert charge.hold_reasons == ["restricted_plan"]
    with pytest.raises(ValidationError, match="cannot be released by hand"):
        services.release_charge(charge=charge, released_by=period.bill, note="Payer called")
    assert "Northcott" not in next(tmp_path.glob("*.x12")).read_text()


@time_machine.travel(NOW, tick=False)
def test_the_queue_shows_the_consent_hold_with_the_payer_and_no_release_button(
    period: Any, client: Any
) -> None:
    capture(period)
    client.force_login(period.bill)
    page = client.get("/billing/").content.decode()
    assert "No consent for the payer" in page
    assert "No consent in force lets this client&#x27;s records go to the payer shown" in page
    assert "Prairie Mutual" in page
    section = page.split('id="reason-no_consent"')[1].split("</section>")[0]
    assert "Recheck" in section
    assert "Payer reference" not in section


def test_capture_asks_the_gate_in_a_constant_number_of_queries(world: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    payer = given.PayerFactory.create(organization=world.organization)
    given.FeeFactory.create(payer=payer)

    def queries_for(count: int) -> int:
        for n in range(count):
            person = factories.ClientFactory.create(site=world.site_a)
            given.insure(person, payer, by=world.bill, consent=n % 2 == 0)
            given.billable_day(world, person, MONDAY)
        with CaptureQueriesContext(connection) as captured:
            capture(world)
        return len(captured)

    assert queries_for(2) == queries_for(6)


@time_machine.travel(NOW, tick=False)
def test_export_discloses_in_a_constant_number_of_queries(world: Any, tmp_path: Path) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from trellis.billing.claims import export_claims

    given.BillingProfileFactory.create(organization=world.organization)
    payer = given.PayerFactory.create(organization=world.organization)
    given.FeeFactory.create(payer=payer)

    def queries_for(count: int, out: Path) -> int:
        for _ in range(count):
            person = factories.ClientFactory.create(site=world.site_a)
            given.insure(person, payer, by=world.bill)
            given.billable_day(world, person, MONDAY)
        capture(world)
        with CaptureQueriesContext(connection) as captured:
            export_claims(first=MONDAY, last=MONDAY, out_dir=out, organization=world.organization)
        return len(captured)

    assert queries_for(2, tmp_path / "a") == queries_for(6, tmp_path / "b")
    assert Disclosure.objects.count() == 8
