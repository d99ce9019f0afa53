"""Claims in the browser: a biller builds a period's batch, reviews it, exports it through the disclosure gate
(42 CFR Part 2, as `manage.py export_claims` does) and downloads each 837 with its 2.32 notice.

Sources: 42 CFR 2.31-2.33 (consent for payment), 2.32 (the notice that travels with the records); X12 837
envelopes start with an ISA segment (ASC X12 005010X222A1/X223A2).
"""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import part2 as consents_for
from trellis.billing.capture import capture_charges
from trellis.billing.choices import ChargeStatus, ClaimStatus
from trellis.billing.models import Charge, Claim, ClaimFile
from trellis.billing.tests import billing_factories as given
from trellis.privacy import consents
from trellis.privacy.disclosure_models import Disclosure
from trellis.privacy.models import AuditEvent
from trellis.privacy.part2 import NOTICE

NOW = dt.datetime(2026, 12, 2, 15, tzinfo=dt.UTC)
MONDAY = dt.date(2026, 11, 2)
NOVEMBER = {"first": "2026-11-01", "last": "2026-11-30"}


@pytest.fixture
def period(world: Any) -> Any:
    """Carol (Northside, TPO consent signed) attends three billable November days, captured and released."""
    with time_machine.travel(NOW, tick=False):
        given.BillingProfileFactory.create(organization=world.organization)
        world.payer = given.PayerFactory.create(
            organization=world.organization, name="Prairie Mutual", payer_id="99111"
        )
        given.FeeFactory.create(payer=world.payer)
        world.consent = consents_for.tpo_consent(world.carol, world.amy)
        given.insure(world.carol, world.payer, by=world.bill)
        for offset in (0, 2, 4):
            given.billable_day(world, world.carol, MONDAY + dt.timedelta(days=offset))
        capture_charges(
            first=dt.date(2026, 11, 1), last=dt.date(2026, 11, 30), organization=world.organization
        )
    return world


def review(client: Any, **query: str) -> str:
    response = client.get(reverse("billing:claims"), {**NOVEMBER, **query})
    assert response.status_code == 200
    page: str = response.content.decode()
    return page


def post(client: Any, name: str) -> str:
    response = client.post(reverse(name), NOVEMBER, follow=True)
    assert response.status_code == 200
    page: str = response.content.decode()
    return page


@time_machine.travel(NOW, tick=False)
def test_a_biller_builds_reviews_exports_and_downloads_a_batch(period: Any, client: Any) -> None:
    # given Bill reviews November: three released charges, no claim yet
    client.force_login(period.bill)
    page = review(client)
    assert "<b>0</b> draft claims" in page
    assert "<b>3</b> released charges not yet on a claim" in page
    # when he builds the batch
    page = post(client, "billing:build_batch")
    # then Carol's claim is listed with its payer, dates and amount
    assert "1 claim drafted from released charges of Nov 01, 2026 to Nov 30, 2026." in page
    assert "<b>1</b> draft claim " in page
    row = page.split('aria-label="Draft claims in the batch"')[1].split("</table>")[0]
    assert period.carol.display_name in row
    assert "Prairie Mutual" in row
    assert "Nov 2 \u2013 Nov 6" in row
    claim = Claim.objects.get(client=period.carol)
    assert f"${claim.total:,.2f}" in row
    # when he exports it
    page = post(client, "billing:export_batch")
    # then one file is kept, the claim is submitted and the gate recorded the disclosure
    claim_file = ClaimFile.objects.get()
    assert f"Exported 1 file ({claim_file.export.file_name})" in page
    assert reverse("billing:download_claim_file", kwargs={"pk": claim_file.pk}) in page
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    assert Disclosure.objects.filter(client=period.carol, path="claims_export").count() == 1
    # when he downloads the 837 and its notice
    download = client.get(reverse("billing:download_claim_file", kwargs={"pk": claim_file.pk}))
    notice = client.get(reverse("billing:download_claim_notice", kwargs={"pk": claim_file.pk}))
    # then each is an attachment named without anything about the client, and the 837 is the X12 written
    disposition = download["Content-Disposition"]
    assert disposition == f'attachment; filename="{claim_file.export.file_name}"'
    assert claim_file.export.file_name.startswith("99111_837p_20261101_20261130_")
    for private in (period.carol.legal_last_name, period.carol.chart_number, str(period.carol.pk)):
        assert private not in disposition
        assert private not in notice["Content-Disposition"]
    body = download.content.decode()
    assert body.startswith("ISA*")
    assert f"CLM*{claim.control_number}*" in body
    assert NOTICE in notice.content.decode()
    # and each download is on Carol's trail as an export by Bill
    exports = AuditEvent.objects.filter(
        action=AuditEvent.Action.EXPORT, client=period.carol, actor=period.bill
    )
    assert sorted(exports.values_list("detail", flat=True)) == [
        "42 CFR Part 2 notice downloaded",
        "837 claim file downloaded",
    ]


@time_machine.travel(NOW, tick=False)
def test_a_consent_revoked_after_the_batch_was_built_keeps_the_claim_home(period: Any, client: Any) -> None:
    # given Bill built the batch, then Carol revoked her consent
    client.force_login(period.bill)
    post(client, "billing:build_batch")
    consents.revoke(consent=period.consent, method="in writing", note="", actor=period.amy)
    # when he exports
    page = post(client, "billing:export_batch")
    # then the gate's refusal is shown, nothing is written or disclosed, and her charges wait in the queue
    assert (
        "Not sent (42 CFR Part 2), held in the queue: 1 client: Refused: no consent in force covers" in page
    )
    assert "no file was written" in page
    assert not ClaimFile.objects.exists()
    assert not Disclosure.objects.filter(client=period.carol).exists()
    assert not Claim.objects.exists()
    assert set(Charge.objects.values_list("status", flat=True)) == {ChargeStatus.HELD}
    # and the review lists them as held for the consent
    assert "No consent" in review(client).split("Held, not in the batch")[1]


@time_machine.travel(NOW, tick=False)
def test_without_a_billing_profile_nothing_is_drafted_or_written(period: Any, client: Any) -> None:
    period.organization.billing_profile.delete()
    client.force_login(period.bill)
    page = post(client, "billing:export_batch")
    assert "This organization has no billing profile" in page
    assert not Claim.objects.exists()
    assert not ClaimFile.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_bad_period_is_refused_with_the_field_named(period: Any, client: Any) -> None:
    client.force_login(period.bill)
    response = client.post(
        reverse("billing:build_batch"), {"first": "2026-11-30", "last": "2026-11-01"}, follow=True
    )
    assert "Service dates to: The end date must be on or after the start date." in response.content.decode()
    assert not Claim.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_only_billing_staff_of_the_organization_build_export_or_download(period: Any, client: Any) -> None:
    # given a file Bill exported
    client.force_login(period.bill)
    post(client, "billing:export_batch")
    url = reverse("billing:download_claim_file", kwargs={"pk": ClaimFile.objects.get().pk})
    # then Alice (a clinician) may neither build, export nor download; Olga (another organization) finds nothing
    client.force_login(period.alice)
    assert client.post(reverse("billing:build_batch"), NOVEMBER).status_code == 403
    assert client.post(reverse("billing:export_batch"), NOVEMBER).status_code == 403
    assert client.get(url).status_code == 403
    client.force_login(period.olga)
    assert client.get(url).status_code == 404
    assert "download_claim" not in review(client)
    assert "/billing/claims/files/" not in review(client)
    # and Dana, who directs Riverside, may download it
    client.force_login(period.dana)
    assert client.get(url).content.decode().startswith("ISA*")


@time_machine.travel(NOW, tick=False)
def test_the_review_takes_as_many_queries_for_many_claims_as_for_one(period: Any, client: Any) -> None:
    # given Dana's review of a batch of one claim
    client.force_login(period.dana)
    post(client, "billing:build_batch")
    with CaptureQueriesContext(connection) as one:
        review(client)
    # when Dave's days join it
    given.insure(period.dave, period.payer, by=period.bill)
    for offset in (0, 2):
        given.billable_day(period, period.dave, MONDAY + dt.timedelta(days=offset), group=period.group_b)
    capture_charges(first=dt.date(2026, 11, 1), last=dt.date(2026, 11, 30), organization=period.organization)
    post(client, "billing:build_batch")
    with CaptureQueriesContext(connection) as two:
        page = review(client)
    # then the page lists both and reads the same number of times
    assert period.dave.display_name in page
    assert period.carol.display_name in page
    assert len(two) == len(one)
