"""The client's share survives the 835: stored per claim and line by CAS group, summed into the client's ledger
on the billing page, reduced by payments staff record, and printed on the client's own statement.

CAS groups and CARC 1/2/3 (deductible, coinsurance, co-payment): X12 005010X221A1 and code source 139.
The fixture's claim TRSHARE001: billed $750.00, paid $330.00; line 1 CO-45 $50 and PR-1 (deductible) $50,
line 2 CO-45 $50 and PR-2 (coinsurance) $20, line 3 denied CO-197 $250. The client owes $70.00.
"""

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from trellis.billing import ledger
from trellis.billing.models import AdjudicatedLine, ClaimAdjudication, ClaimAdjustment, PatientPayment
from trellis.billing.remittance import import_remittance
from trellis.billing.tests.remits import PATIENT_SHARE_CLAIMS, PATIENT_SHARE_PLB, read, submitted_claims
from trellis.core import clock
from trellis.privacy.models import AuditEvent


def imported(world: Any, client: Any = None) -> None:
    submitted_claims(world, PATIENT_SHARE_CLAIMS, client=client)
    import_remittance(text=read(PATIENT_SHARE_PLB), imported_by=world.bill)


def today(world: Any) -> Any:
    return clock.today_in(world.carol.site.timezone)


def test_it_keeps_each_adjustment_by_group_claim_and_line(world: Any) -> None:
    imported(world)
    share = ClaimAdjudication.objects.get(claim__control_number="TRSHARE001")
    assert (share.charge, share.paid, share.patient_responsibility) == (
        Decimal(750),
        Decimal(330),
        Decimal(70),
    )
    assert share.denied  # one of its lines was
    lines = AdjudicatedLine.objects.filter(adjudication=share)
    assert [(line.position, line.paid, line.denied, line.remarks) for line in lines] == [
        (1, Decimal(150), False, []),
        (2, Decimal(180), False, []),
        (3, Decimal(0), True, ["N130"]),
    ]
    adjustments = ClaimAdjustment.objects.filter(adjudication=share).order_by("line__position", "group")
    assert [
        (a.line and a.line.position, a.group, a.reason, a.amount, a.cost_sharing) for a in adjustments
    ] == [
        (1, "CO", "45", Decimal(50), ""),
        (1, "PR", "1", Decimal(50), "Deductible"),
        (2, "CO", "45", Decimal(50), ""),
        (2, "PR", "2", Decimal(20), "Coinsurance"),
        (3, "CO", "197", Decimal(250), ""),
    ]
    denied = ClaimAdjudication.objects.get(claim__control_number="TRSHARE002")
    assert (denied.denied, denied.remarks, denied.patient_responsibility) == (True, ["MA130"], Decimal(0))


def test_the_ledger_adds_up_billed_paid_written_off_and_the_clients_share(world: Any) -> None:
    imported(world)
    account = ledger.get_client_ledger(client=world.carol)
    assert account.billed == Decimal(1250)
    assert account.awaiting_payer == Decimal(0)
    assert account.payer_paid == Decimal(330)
    assert account.written_off == Decimal(850)  # CO-45 50 + 50, CO-197 250, CO-16 500
    assert account.patient_responsibility == Decimal(70)
    assert account.cost_sharing == (("Deductible", Decimal(50)), ("Coinsurance", Decimal(20)))
    assert account.balance == Decimal(70)
    # everything billed is accounted for: paid + written off + the client's share
    assert account.payer_paid + account.written_off + account.patient_responsibility == account.billed


def test_a_payment_the_biller_records_lowers_the_balance_and_is_audited(world: Any, client: Any) -> None:
    imported(world)
    client.force_login(world.bill)
    response = client.post(
        reverse("billing:add_patient_payment", args=[world.carol.pk]),
        {"amount": "25.00", "received_on": today(world).isoformat(), "method": "check", "reference": "1042"},
    )
    assert response.status_code == 302
    page = client.get(reverse("billing:client", args=[world.carol.pk])).content.decode()
    assert "Payment of $25.00 recorded" in page
    assert '<b id="patient-balance">$45.00</b>' in page
    assert "Deductible $50.00" in page
    payment = PatientPayment.objects.get()
    event = AuditEvent.objects.get(object_type="billing.PatientPayment")
    assert (event.actor, event.client_id, event.object_id) == (world.bill, world.carol.pk, str(payment.pk))


@pytest.mark.parametrize(
    ("amount", "message"),
    [("0", "Ensure this value is greater than or equal to 0.01."), ("-5", "greater than or equal to 0.01")],
)
def test_it_refuses_a_payment_of_nothing_and_changes_nothing(
    world: Any, client: Any, amount: str, message: str
) -> None:
    client.force_login(world.bill)
    client.post(
        reverse("billing:add_patient_payment", args=[world.carol.pk]),
        {"amount": amount, "received_on": today(world).isoformat(), "method": "cash"},
    )
    page = client.get(reverse("billing:client", args=[world.carol.pk])).content.decode()
    assert "The payment was not recorded" in page
    assert message in page
    assert PatientPayment.objects.count() == 0


def test_the_service_refuses_a_payment_received_tomorrow(world: Any) -> None:
    import datetime as dt

    with pytest.raises(ValidationError) as refused:
        ledger.record_patient_payment(
            client=world.carol, amount=Decimal(10), received_on=today(world) + dt.timedelta(days=1),
            method="cash", recorded_by=world.bill,
        )  # fmt: skip
    assert refused.value.message_dict == {"received_on": ["A payment cannot be received in the future."]}
    assert PatientPayment.objects.count() == 0


def test_the_statement_shows_the_clients_share_and_what_is_due(world: Any, client: Any) -> None:
    imported(world)
    ledger.record_patient_payment(
        client=world.carol,
        amount=Decimal(20),
        received_on=today(world),
        method="cash",
        recorded_by=world.bill,
    )
    client.force_login(world.bill)
    response = client.get(reverse("billing:statement", args=[world.carol.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.content)).pages
    )
    assert "Statement of account" in text
    assert "Deductible $50.00" in text
    assert "Coinsurance $20.00" in text
    assert "$750.00 $330.00 $350.00" in text  # billed, paid, written off (CO-45 twice and the denied line)
    assert "Amount due $50.00" in text
    # the client's own copy: no disclosure through the gate, an export in the audit trail
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT, client_id=world.carol.pk)
    assert (event.actor, event.detail) == (world.bill, "patient statement PDF, client's own copy")


def test_the_billing_page_runs_the_same_queries_for_one_claim_or_many(world: Any, client: Any) -> None:
    imported(world)
    client.force_login(world.bill)
    url = reverse("billing:client", args=[world.carol.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    more = (
        read(PATIENT_SHARE_PLB).replace("TRSHARE00", "TRMORE000").replace("EFT20261218001", "EFT20261218002")
    )
    submitted_claims(world, {"TRMORE0001": "750", "TRMORE0002": "500"})
    import_remittance(text=more, imported_by=world.bill)
    ledger.record_patient_payment(
        client=world.carol, amount=Decimal(5), received_on=today(world), method="cash", recorded_by=world.bill
    )
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert "TRMORE0001" in page
    assert len(many) == len(one)


@pytest.mark.parametrize("persona", ["alice", "amy", "nora", "adam", "bob"])
def test_clinicians_and_the_administrator_see_no_ledger(world: Any, client: Any, persona: str) -> None:
    client.force_login(getattr(world, persona))
    assert client.get(reverse("billing:statement", args=[world.carol.pk])).status_code == 403
    post = client.post(reverse("billing:add_patient_payment", args=[world.carol.pk]), {"amount": "5"})
    assert post.status_code == 403
