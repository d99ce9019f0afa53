"""Billing pages keep organizations apart: Harbor Light's biller gets 404 for every billing object of Riverside
and sees none of Riverside's clients, charges, claims, payers or payments in any list."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from trellis.billing.capture import capture_charges
from trellis.billing.models import Authorization, Charge, Claim
from trellis.billing.remittance import import_remittance
from trellis.billing.tests import billing_factories as given
from trellis.billing.tests.organizations import Harbor, harbor_day, harbor_light
from trellis.billing.tests.remits import FIRST_FILE_CLAIMS, PAID_DENIED_PARTIAL, read, submitted_claims

NOW = dt.datetime(2026, 12, 2, 15, tzinfo=dt.UTC)
MONDAY = dt.date(2026, 11, 2)
RIVERSIDE_WORDS = ("Northcott", "TRPAID0001", "Prairie Mutual", "CHK20261201001", "RIVER-AUTH-1")


@pytest.fixture
def riverside_billed(world: Any) -> Harbor:
    """Riverside: Carol's charges, an authorization, claims and an imported payment. Harbor Light: Olive's days."""
    submitted_claims(world, FIRST_FILE_CLAIMS)
    payer = Claim.objects.first().payer  # type: ignore[union-attr]
    given.FeeFactory.create(payer=payer)
    given.DiagnosisFactory.create(client=world.carol, recorded_by=world.bill)
    given.AuthorizationFactory.create(
        coverage=world.carol.coverages.get(), number="RIVER-AUTH-1", units_authorized=3
    )
    for offset in (0, 2, 4, 7):
        given.billable_day(world, world.carol, MONDAY + dt.timedelta(days=offset))
    capture_charges(first=MONDAY, last=MONDAY + dt.timedelta(days=7), organization=world.organization)
    import_remittance(
        text=read(PAID_DENIED_PARTIAL).replace("CLP*TRPAID0001", "CLP*TRPAIDXXXX"), imported_by=world.bill
    )
    harbor = harbor_light(payer_name="Bayside Health (fictional)")
    harbor_day(harbor, MONDAY)
    capture_charges(first=MONDAY, last=MONDAY, organization=harbor.organization)
    return harbor


def riverside_urls(world: Any) -> list[tuple[str, str]]:
    carol = world.carol.pk
    charge = Charge.objects.filter(client=world.carol).first().pk  # type: ignore[union-attr]
    claim = Claim.objects.get(control_number="TRPAID0001").pk
    authorization = Authorization.objects.get(number="RIVER-AUTH-1").pk
    payer = Claim.objects.get(control_number="TRPAID0001").payer_id
    return [
        ("get", reverse("billing:client", args=[carol])),
        ("get", reverse("billing:add_coverage", args=[carol])),
        ("post", reverse("billing:add_coverage", args=[carol])),
        ("get", reverse("billing:add_diagnosis", args=[carol])),
        ("post", reverse("billing:add_diagnosis", args=[carol])),
        ("get", reverse("billing:add_authorization", args=[carol])),
        ("get", reverse("billing:estimate", args=[carol])),
        ("get", reverse("billing:review_packet", args=[authorization])),
        ("post", reverse("billing:recheck_charge", args=[charge])),
        ("post", reverse("billing:release_charge", args=[charge])),
        ("post", reverse("billing:decide_claim", args=[claim])),
        ("get", reverse("billing:add_fee", args=[payer])),
        ("post", reverse("billing:add_fee", args=[payer])),
    ]


@time_machine.travel(NOW, tick=False)
def test_another_organizations_biller_gets_404_for_every_billing_object(
    world: Any, riverside_billed: Harbor, client: Any
) -> None:
    before = list(Charge.objects.values_list("pk", "status", "updated_at"))
    claims = list(Claim.objects.values_list("pk", "status"))
    client.force_login(riverside_billed.beth)
    answers = {url: getattr(client, method)(url).status_code for method, url in riverside_urls(world)}
    assert set(answers.values()) == {404}, answers
    assert list(Charge.objects.values_list("pk", "status", "updated_at")) == before
    assert list(Claim.objects.values_list("pk", "status")) == claims


@time_machine.travel(NOW, tick=False)
def test_riverside_urls_answer_riverside_s_own_biller(
    world: Any, riverside_billed: Harbor, client: Any
) -> None:
    client.force_login(world.bill)
    gets = [url for method, url in riverside_urls(world) if method == "get"]
    assert {url: client.get(url).status_code for url in gets} == dict.fromkeys(gets, 200)


@pytest.mark.parametrize("page", ["billing:queue", "billing:claims", "billing:reports", "billing:payers"])
@time_machine.travel(NOW, tick=False)
def test_another_organizations_lists_show_nothing_of_riverside(
    world: Any, riverside_billed: Harbor, client: Any, page: str
) -> None:
    # given Riverside's own biller sees its data on the page
    client.force_login(world.bill)
    riverside_page = client.get(reverse(page)).content.decode()
    assert any(word in riverside_page for word in RIVERSIDE_WORDS)
    # when Harbor Light's biller opens the same page
    client.force_login(riverside_billed.beth)
    harbor_page = client.get(reverse(page)).content.decode()
    # then nothing of Riverside is on it
    assert [word for word in RIVERSIDE_WORDS if word in harbor_page] == []


def test_another_organizations_biller_sees_only_its_own_claims_and_payments(
    world: Any, riverside_billed: Harbor, client: Any
) -> None:
    client.force_login(riverside_billed.beth)
    page = client.get(reverse("billing:claims")).content.decode()
    assert "No claims yet." in page
    assert "CHK20261201001" not in page


def test_capture_from_the_queue_captures_the_billers_own_organization(
    world: Any, riverside_billed: Harbor, client: Any
) -> None:
    # given both organizations' charges are gone, their days still attended
    Charge.objects.filter(claim__isnull=True).delete()
    # when Harbor Light's biller queues a capture for November from the queue page
    client.force_login(riverside_billed.beth)
    client.post(reverse("billing:capture"), {"first": "2026-11-01", "last": "2026-11-30"})
    # then Olive's day is charged again and none of Carol's
    assert list(Charge.objects.values_list("client__legal_first_name", flat=True)) == ["Olive"]
