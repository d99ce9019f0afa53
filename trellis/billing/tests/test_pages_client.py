"""A client's billing page, its forms, the cost estimate, the review packet PDF and the certification page."""

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from tests import factories
from trellis.billing.capture import capture_charges
from trellis.billing.models import Authorization, Coverage, MedicareCertification
from trellis.billing.tests import billing_factories as given
from trellis.privacy.models import AuditEvent

MONDAY = dt.date(2026, 11, 2)


def insured(world: Any) -> Any:
    payer = given.PayerFactory.create(organization=world.organization, name="Prairie Mutual")
    given.FeeFactory.create(payer=payer)
    given.insure(world.carol, payer, by=world.bill, units=5)
    for offset in (0, 2, 4, 7):
        given.billable_day(world, world.carol, MONDAY + dt.timedelta(days=offset))
    capture_charges(first=dt.date(2026, 11, 1), last=dt.date(2026, 11, 30), organization=world.organization)
    return payer


@time_machine.travel(dt.datetime(2026, 11, 10, 15, tzinfo=dt.UTC), tick=False)
def test_it_shows_coverage_and_the_authorization_burning_down(world: Any, client: Any) -> None:
    insured(world)
    client.force_login(world.bill)
    page = client.get(reverse("billing:client", args=[world.carol.pk])).content.decode()
    assert "Prairie Mutual" in page
    assert "F10.20" in page
    assert "4 of 5 days" in page
    assert "nearly used" in page
    assert AuditEvent.objects.filter(actor=world.bill, client_id=world.carol.pk, detail="billing").exists()


def test_it_refuses_a_coverage_without_a_member_id_on_the_form(world: Any, client: Any) -> None:
    payer = given.PayerFactory.create(organization=world.organization)
    client.force_login(world.bill)
    response = client.post(
        reverse("billing:add_coverage", args=[world.carol.pk]),
        {"payer": payer.pk, "member_id": "", "order": 1, "relationship": "18", "sex": "F", "starts_on": "2026-11-01",
         "deductible": 0, "deductible_met": 0, "out_of_pocket_max": 0, "out_of_pocket_met": 0, "copay_per_day": 0,
         "coinsurance_percent": 0},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Enter the member id from the insurance card" in response.content.decode()
    assert Coverage.objects.count() == 0


def test_it_refuses_an_authorization_ending_before_it_starts_on_the_form(world: Any, client: Any) -> None:
    coverage = given.CoverageFactory.create(client=world.carol)
    client.force_login(world.bill)
    response = client.post(
        reverse("billing:add_authorization", args=[world.carol.pk]),
        {"coverage": coverage.pk, "number": "A-9", "level_of_care": "2.1", "starts_on": "2026-11-30",
         "ends_on": "2026-11-01", "units_authorized": 12, "unit": "days"},
    )  # fmt: skip
    assert "before it starts" in response.content.decode()
    assert Authorization.objects.count() == 0


def test_it_refuses_an_overlapping_fee_on_the_form(world: Any, client: Any) -> None:
    payer = given.PayerFactory.create(organization=world.organization)
    given.FeeFactory.create(payer=payer)
    client.force_login(world.bill)
    response = client.post(
        reverse("billing:add_fee", args=[payer.pk]),
        {"code": "H0015", "rate": "260", "unit_type": "per_diem", "starts_on": "2026-06-01"},
    )
    assert "These dates overlap the H0015 fee of $250.00" in response.content.decode()
    assert payer.fees.count() == 1


@time_machine.travel(dt.datetime(2026, 11, 10, 15, tzinfo=dt.UTC), tick=False)
def test_it_prints_a_cost_estimate(world: Any, client: Any) -> None:
    payer = given.PayerFactory.create(organization=world.organization, name="Prairie Mutual")
    given.FeeFactory.create(payer=payer)
    given.CoverageFactory.create(
        client=world.carol, payer=payer, deductible=Decimal(1000), deductible_met=Decimal(400), coinsurance_percent=20,
    )  # fmt: skip
    client.force_login(world.bill)
    page = client.get(reverse("billing:estimate", args=[world.carol.pk])).content.decode()
    # 3 days a week for the program's 10 weeks at $250: $7,500; $600 deductible left, then 20% of $6,900
    assert "30 treatment days at $250.00" in page
    assert "$7,500.00" in page
    assert "$1,980.00" in page


@time_machine.travel(dt.datetime(2026, 11, 10, 15, tzinfo=dt.UTC), tick=False)
def test_it_builds_the_review_packet_pdf_from_attendance(world: Any, client: Any) -> None:
    insured(world)
    authorization = Authorization.objects.get()
    client.force_login(world.bill)
    response = client.get(reverse("billing:review_packet", args=[authorization.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Concurrent review packet" in text
    assert authorization.number in text
    assert "4 of 5 days used" in text
    assert AuditEvent.objects.filter(actor=world.bill, detail="review packet").exists()


def test_it_lets_a_prescriber_sign_the_certification_and_no_one_else(world: Any, client: Any) -> None:
    doctor = factories.UserFactory.create(role="prescriber", npi="1234567893", sites=[world.site_a],
                                          programs=[world.program])  # fmt: skip
    url = reverse("billing:certify", args=[world.carol.pk])
    client.force_login(world.bill)
    assert client.get(url).status_code == 403
    client.force_login(doctor)
    assert "at least 9 hours a week" in client.get(url).content.decode()
    response = client.post(url, {"kind": "initial", "certified_hours_per_week": 9})
    assert "Tick the box to sign" in response.content.decode()
    client.post(url, {"kind": "initial", "certified_hours_per_week": 9, "attested": "on"})
    assert MedicareCertification.objects.get().signed_by == doctor


def test_it_puts_billing_alerts_on_today_for_billers_only(world: Any, client: Any) -> None:
    from django.template import Context, Template
    from django.test import RequestFactory

    with time_machine.travel(dt.datetime(2026, 11, 10, 15, tzinfo=dt.UTC), tick=False):
        insured(world)
        template = Template("{% load billing_panels %}{% billing_today_panel %}|{% billing_chart_panel c %}")

        def render(user: Any) -> str:
            request = RequestFactory().get("/")
            request.user = user
            return template.render(Context({"request": request, "c": world.carol}))

        biller = render(world.bill)
        assert "Authorizations at risk" in biller
        assert "nearly used" in biller
        assert "<b>1</b> of 5 days left" in biller
        assert render(world.alice) == "|"


@pytest.mark.parametrize(("renewed", "alerts"), [(False, ("concurrent review due",)), (True, ())])
def test_it_asks_for_concurrent_review_before_expiry_unless_renewed(
    world: Any, renewed: bool, alerts: tuple[str, ...]
) -> None:
    from trellis.billing import selectors

    # given an authorization ending in 5 days, with or without the next one in place
    coverage = given.CoverageFactory.create(client=world.carol)
    given.AuthorizationFactory.create(coverage=coverage, units_authorized=30)
    if renewed:
        given.AuthorizationFactory.create(
            coverage=coverage, starts_on=dt.date(2026, 12, 1), ends_on=dt.date(2026, 12, 30)
        )
    # then it is at risk only when no renewal follows it
    lines = selectors.list_client_authorizations(
        client=world.carol, user=world.bill, today=dt.date(2026, 11, 25)
    )
    november = next(line for line in lines if line.authorization.ends_on == dt.date(2026, 11, 30))
    assert november.alerts == alerts
