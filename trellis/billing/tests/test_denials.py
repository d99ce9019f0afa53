"""The denial work queue: claims denied whole or in part, with the payer's CARC and RARC codes in words, by payer.

Code texts: X12 Claim Adjustment Reason Codes (code source 139) and Remittance Advice Remark Codes (411).
"""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trellis.billing import services
from trellis.billing.choices import DenialReason
from trellis.billing.remittance import import_remittance
from trellis.billing.rules.adjustment_codes import CARC, RARC, carc_text, rarc_text
from trellis.billing.tests import billing_factories as given
from trellis.billing.tests.remits import PATIENT_SHARE_CLAIMS, PATIENT_SHARE_PLB, read, submitted_claims
from trellis.privacy.models import AuditEvent


def denials_page(client: Any, user: Any, **params: Any) -> str:
    client.force_login(user)
    response = client.get(reverse("billing:denials"), params)
    assert response.status_code == 200
    return str(response.content.decode())


def test_the_code_lists_hold_the_common_codes() -> None:
    wanted = {"1", "2", "3", "4", "16", "18", "22", "23", "27", "29", "45", "50", "96", "97", "109", "119",
              "197", "204", "242"}  # fmt: skip
    assert wanted <= set(CARC)
    assert {"N130", "M15", "MA130", "N290", "N362"} <= set(RARC)
    assert carc_text("197") == "Precertification/authorization/notification/pre-treatment absent"
    assert rarc_text("N130").startswith("Consult plan benefit documents")
    assert carc_text("Z9") == rarc_text("Z9") == "see the X12 code list"


def test_it_lists_a_denied_claim_and_a_claim_with_a_denied_line_with_their_codes_explained(
    world: Any, client: Any
) -> None:
    # given the payer paid part of one claim (its third line denied, CO-197, N130) and denied the other (CO-16, MA130)
    submitted_claims(world, PATIENT_SHARE_CLAIMS)
    import_remittance(text=read(PATIENT_SHARE_PLB), imported_by=world.bill)
    # when Bill opens the denial queue
    page = denials_page(client, world.bill)
    # then both claims are there, each with the reason and remark in words
    assert "TRSHARE001" in page
    assert "1 line denied" in page
    assert "<b>197</b> Precertification/authorization/notification/pre-treatment absent" in page
    assert "<b>N130</b> Consult plan benefit documents" in page
    assert "TRSHARE002" in page
    assert "<b>16</b> Claim or service lacks information" in page
    assert "<b>MA130</b> Incomplete and/or invalid information" in page
    # and the contractual write-off on the lines that were paid is not offered as a reason
    assert "<b>45</b>" not in page
    assert AuditEvent.objects.filter(actor=world.bill, detail="denials", client_id=world.carol.pk).exists()


def test_it_filters_by_payer(world: Any, client: Any) -> None:
    submitted_claims(world, PATIENT_SHARE_CLAIMS)
    import_remittance(text=read(PATIENT_SHARE_PLB), imported_by=world.bill)
    other = given.PayerFactory.create(organization=world.organization, name="Lakeshore Health")
    # a claim denied by hand, billed to Lakeshore
    lakeshore = submitted_claims(world, {"TRLAKE0001": "300"})["TRLAKE0001"]
    type(lakeshore).objects.filter(pk=lakeshore.pk).update(payer=other)
    lakeshore.refresh_from_db()
    services.record_claim_decision(
        claim=lakeshore, decided_by=world.bill, denial_reason=DenialReason.TIMELY_FILING
    )
    page = denials_page(client, world.bill, payer=other.pk)
    assert "TRLAKE0001" in page
    assert "<b>29</b> The time limit for filing has expired" in page
    assert "TRSHARE001" not in page
    everyone = denials_page(client, world.bill)
    assert "TRLAKE0001" in everyone
    assert "TRSHARE001" in everyone


def test_the_queue_runs_the_same_queries_for_few_or_many_denials(world: Any, client: Any) -> None:
    submitted_claims(world, PATIENT_SHARE_CLAIMS)
    import_remittance(text=read(PATIENT_SHARE_PLB), imported_by=world.bill)
    client.force_login(world.bill)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("billing:denials"))
    more = (
        read(PATIENT_SHARE_PLB).replace("TRSHARE00", "TRMORE000").replace("EFT20261218001", "EFT20261218002")
    )
    submitted_claims(world, {"TRMORE0001": "750", "TRMORE0002": "500"})
    import_remittance(text=more, imported_by=world.bill)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("billing:denials")).content.decode()
    assert "TRMORE0002" in page
    assert len(many) == len(few)


@pytest.mark.parametrize("persona", ["alice", "bob", "amy", "nora", "adam"])
def test_only_billers_and_directors_see_the_queue(world: Any, client: Any, persona: str) -> None:
    client.force_login(getattr(world, persona))
    assert client.get(reverse("billing:denials")).status_code == 403
    assert client.get(reverse("billing:remittances")).status_code == 403
    client.force_login(world.dana)
    assert client.get(reverse("billing:denials")).status_code == 200


def test_a_biller_sees_no_denial_of_a_site_they_do_not_work_at(world: Any, client: Any) -> None:
    # given Dave's (Lakeside) claims denied in part, imported by Dana who works at both sites
    submitted_claims(world, PATIENT_SHARE_CLAIMS, client=world.dave)
    import_remittance(text=read(PATIENT_SHARE_PLB), imported_by=world.dana)
    assert "TRSHARE001" in denials_page(client, world.dana)
    assert "TRSHARE001" not in denials_page(client, world.bill)
