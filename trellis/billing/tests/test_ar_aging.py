"""Accounts receivable by payer: claims awaiting the payer, in bands of days since submission (0-30, 31-60,
61-90, 91-120, over 120), on the billing reports page. Every date is counted back from the clock's today."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from trellis.billing import reports
from trellis.billing.choices import ClaimStatus
from trellis.billing.models import Claim
from trellis.billing.tests.remits import submitted_claims
from trellis.core import clock


@pytest.mark.parametrize(
    ("days", "band"),
    [(0, 0), (30, 0), (31, 1), (60, 1), (61, 2), (90, 2), (91, 3), (120, 3), (121, 4), (400, 4)],
)
def test_each_band_ends_on_its_last_day(days: int, band: int) -> None:
    assert reports.aging_band(days) == band


def submitted_days_ago(world: Any, ages: dict[str, int]) -> None:
    """Claims of $100 each, submitted the given number of days before today (noon, local time)."""
    claims = submitted_claims(world, dict.fromkeys(ages, "100"))
    today = timezone.localdate(clock.now())
    for number, days in ages.items():
        noon = dt.datetime.combine(today - dt.timedelta(days=days), dt.time(12))
        Claim.objects.filter(pk=claims[number].pk).update(submitted_at=timezone.make_aware(noon))


def test_it_ages_open_claims_by_payer_and_leaves_out_decided_ones(world: Any) -> None:
    submitted_days_ago(world, {"A30": 30, "A31": 31, "A61": 61, "A91": 91, "A121": 121, "A0": 0})
    Claim.objects.filter(control_number="A0").update(status=ClaimStatus.PAID, paid_amount=Decimal(100))
    today = timezone.localdate(clock.now())
    (row,) = reports.receivables_by_payer(user=world.bill, today=today)
    assert row.payer == "Prairie Mutual (fictional)"
    assert row.amounts == (Decimal(100), Decimal(100), Decimal(100), Decimal(100), Decimal(100))
    assert (row.claims, row.total) == (5, Decimal(500))


def test_the_reports_page_shows_the_aging_and_hides_other_sites(world: Any, client: Any) -> None:
    submitted_days_ago(world, {"B45": 45})
    client.force_login(world.bill)
    page = client.get(reverse("billing:reports")).content.decode()
    assert "Accounts receivable by payer" in page
    assert "31-60 days" in page
    assert "Prairie Mutual (fictional)" in page
    client.force_login(world.bob)
    assert client.get(reverse("billing:reports")).status_code == 403
