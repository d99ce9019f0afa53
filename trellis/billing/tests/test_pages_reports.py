"""Billing reports and the claims list: content, scope and constant queries (10 vs 100 charges)."""

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from trellis.billing import services
from trellis.billing.capture import capture_charges
from trellis.billing.models import Charge, Claim
from trellis.billing.tests import billing_factories as given

MONDAY = dt.date(2026, 11, 2)
NOW = dt.datetime(2026, 11, 27, 15, tzinfo=dt.UTC)


def charges(world: Any, payer: Any, count: int) -> None:
    """`count` more per-diem charges for new insured clients, one a day each (ten clients at most)."""
    clients = [factories.ClientFactory.create(site=world.site_a, address_line1="1 Main St", postal_code="62701")
               for _ in range(min(count, 10))]  # fmt: skip
    for client in clients:
        given.insure(client, payer, by=world.bill, units=31)
    for n in range(count):
        given.billable_day(world, clients[n % len(clients)], MONDAY + dt.timedelta(days=n // len(clients)))
    capture_charges(first=dt.date(2026, 11, 1), last=dt.date(2026, 11, 30), organization=world.organization)


def payer_with_fee(world: Any) -> Any:
    given.BillingProfileFactory.create(organization=world.organization)
    payer = given.PayerFactory.create(organization=world.organization, name="Prairie Mutual")
    given.FeeFactory.create(payer=payer)
    return payer


def queries(client: Any, user: Any, name: str) -> int:
    client.force_login(user)
    cache.clear()  # read afresh: kept memberships and counts would differ by state
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(name)).status_code == 200
    return len(captured)


@time_machine.travel(NOW, tick=False)
def test_it_reports_charges_by_payer_program_and_week_and_denials(
    world: Any, client: Any, tmp_path: Path
) -> None:
    payer = payer_with_fee(world)
    charges(world, payer, 4)
    given.attend(world, world.carol, MONDAY)  # uninsured and undocumented: held
    capture_charges(first=dt.date(2026, 11, 1), last=dt.date(2026, 11, 30), organization=world.organization)
    given.export(world.organization, "2026-11-01", "2026-11-30", tmp_path)
    claim = Claim.objects.first()
    assert claim is not None
    services.record_claim_decision(claim=claim, decided_by=world.bill, denial_reason="197")
    client.force_login(world.bill)
    page = client.get(reverse("billing:reports")).content.decode()
    assert "Prairie Mutual" in page
    assert "IOP Substance Use" in page
    assert "No coverage" in page
    assert "$1,000.00" in page  # four per diems in the week of Nov 2
    assert "197 Precertification/authorization absent" in page
    assert "Unsigned note" in page


def test_it_reads_reports_and_claims_in_the_same_queries_for_10_and_100_charges(
    world: Any, client: Any, tmp_path: Path
) -> None:
    payer = payer_with_fee(world)
    with time_machine.travel(NOW, tick=False):
        charges(world, payer, 10)
        given.export(world.organization, "2026-11-01", "2026-11-30", tmp_path / "a")
        few = {name: queries(client, world.bill, name) for name in ("billing:reports", "billing:claims")}
        charges(world, payer, 90)
        given.export(world.organization, "2026-11-01", "2026-11-30", tmp_path / "b")
        assert Charge.objects.count() == 100
        assert Claim.objects.count() == 20
        many = {name: queries(client, world.bill, name) for name in ("billing:reports", "billing:claims")}
    assert many == few


def test_it_scopes_claims_to_the_billers_sites(world: Any, client: Any, tmp_path: Path) -> None:
    payer = payer_with_fee(world)
    given.insure(world.dave, payer, by=world.dana)
    world.dave.address_line1, world.dave.city, world.dave.postal_code = "5 Lake Rd", "Lakeside", "60601"
    world.dave.save()
    given.billable_day(world, world.dave, MONDAY, group=world.group_b)
    capture_charges(first=dt.date(2026, 11, 1), last=dt.date(2026, 11, 30), organization=world.organization)
    given.export(world.organization, "2026-11-01", "2026-11-30", tmp_path)
    client.force_login(world.bill)
    assert "Lakewood" not in client.get(reverse("billing:claims")).content.decode()
    client.force_login(world.dana)
    assert "Lakewood" in client.get(reverse("billing:claims")).content.decode()
    assert Decimal(Claim.objects.get().total) == Decimal(250)
