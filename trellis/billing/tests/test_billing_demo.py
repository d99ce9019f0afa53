"""The demo program's billing: a realistic work queue and claims that pass pyx12."""

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction

from trellis.billing.models import Charge, Claim
from trellis.billing.tests.x12_validation import validation_errors

MONDAY_MORNING = dt.datetime(2026, 11, 16, 16, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def loaded(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    with django_db_blocker.unblock(), time_machine.travel(MONDAY_MORNING, tick=False), transaction.atomic():
        out = StringIO()
        call_command("load_demo", "--clients", "20", "--seed", "3", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(loaded: str, db: None) -> str:
    return loaded


def test_it_fills_the_queue_with_several_kinds_of_hold(demo: str) -> None:
    assert " charges (" in demo
    reasons = Counter(
        r for row in Charge.objects.filter(status="held").values_list("hold_reasons", flat=True) for r in row
    )
    assert {"unsigned_note", "below_per_diem_minimum", "missing_diagnosis", "no_consent"} <= set(reasons)
    # the three clients without a consent in force (one never signed, one revoked, one expired) are held
    # whole, whatever else is wrong with their days; the rest of the queue is the charges a real program's
    # rules would hold, H0015's 3-days-a-week minimum among them (admission weeks, missed days, this week)
    assert "below_days_per_week" in reasons
    billable = Charge.objects.filter(status__in=["released", "billed"]).count()
    held = Charge.objects.filter(status="held").values_list("hold_reasons", flat=True)
    assert 2 * billable > 3 * sum(1 for row in held if "no_consent" not in row)


def test_it_has_claims_paid_denied_and_waiting(demo: str) -> None:
    assert {"paid", "submitted"} <= set(Claim.objects.values_list("status", flat=True))


def test_its_remaining_claims_export_and_validate(demo: str, tmp_path: Path) -> None:
    # the demo's main organization: the one whose claims the demo drafted and decided
    organization = Claim.objects.select_related("organization").first().organization  # type: ignore[union-attr]
    with time_machine.travel(MONDAY_MORNING, tick=False):
        call_command(
            "export_claims",
            "--organization",
            organization.name,
            "--from",
            "2026-09-01",
            "--to",
            "2026-11-16",
            "--out",
            str(tmp_path),
        )
    files = sorted(tmp_path.glob("*.x12"))
    assert {f.name.split("_")[1] for f in files} == {"837p", "837i"}
    for path in files:
        assert validation_errors(path) == [], path.name
