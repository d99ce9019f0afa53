"""Authorization units are counted one way everywhere: capture's "authorization used up" hold, the
authorization page (client billing, reports) and the review packet read the same figure.

Units outside the authorization are a common denial cause (REFERENCE.md s4): a charge is held for it only
when the authorization has fewer units left than the charge needs, as the page shows them; for a per diem
(one unit a day, H0015) that is exactly when the page shows 0 left.
"""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from trellis.attendance.models import AttendanceRecord
from trellis.billing import selectors
from trellis.billing.capture import capture_charges
from trellis.billing.choices import ChargeStatus
from trellis.billing.claims import prepare_claims
from trellis.billing.models import Charge
from trellis.billing.rules.authorizations import SpentCharge, units_left, units_used
from trellis.billing.tests import billing_factories as given

NOW = dt.datetime(2026, 12, 2, 15, tzinfo=dt.UTC)
NOVEMBER = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
USED_UP = "authorization_used_up"


@pytest.mark.parametrize(
    ("statuses", "used"),
    [
        ((), 0),
        (("held",), 1),  # held for another reason (an unsigned note) it still holds its day
        (("released", "billed"), 2),
        (("void",), 0),  # a void charge gives its day back
        (("held", "released", "billed", "void"), 3),
    ],
)
def test_it_counts_every_charge_on_the_authorization_but_a_void_one(
    statuses: tuple[str, ...], used: int
) -> None:
    charges = [SpentCharge("A1", status, 1) for status in statuses]
    assert units_used(charges).get("A1", 0) == used


@pytest.mark.parametrize(("authorized", "used", "left"), [(5, 0, 5), (5, 4, 1), (5, 5, 0), (5, 7, 0)])
def test_it_never_shows_fewer_than_zero_units_left(authorized: int, used: int, left: int) -> None:
    assert units_left(units_authorized=authorized, used=used) == left


@pytest.fixture
def carol(world: Any) -> Any:
    """Carol's commercial plan authorized 5 IOP days in November; each billable day is one H0015 unit."""
    with time_machine.travel(NOW, tick=False):
        payer = given.PayerFactory.create(organization=world.organization)
        given.FeeFactory.create(payer=payer)
        given.insure(world.carol, payer, by=world.bill, units=5)
    return world


def attend(world: Any, *days: int) -> None:
    for day in days:
        given.billable_day(world, world.carol, dt.date(2026, 11, day))


def capture(world: Any) -> None:
    capture_charges(first=NOVEMBER[0], last=NOVEMBER[1], organization=world.organization)


def left_on_the_page(world: Any) -> int:
    [line] = selectors.list_client_authorizations(client=world.carol, user=world.bill, today=NOW.date())
    return line.remaining


def used_up(world: Any) -> list[int]:
    held = Charge.objects.filter(client=world.carol, status=ChargeStatus.HELD).order_by("service_date")
    return [c.service_date.day for c in held if USED_UP in c.hold_reasons]


@time_machine.travel(NOW, tick=False)
def test_a_billed_day_is_counted_once_when_capture_runs_again(carol: Any) -> None:
    # given four days captured (4 of 5 used), three of them then put on a claim
    attend(carol, 2, 4, 6, 9)
    capture(carol)
    prepare_claims(first=NOVEMBER[0], last=dt.date(2026, 11, 7), organization=carol.organization)
    assert left_on_the_page(carol) == 1
    # when a fifth day is attended and November is captured again (as the nightly job does)
    attend(carol, 11)
    capture(carol)
    # then the fifth day takes the last unit, the ninth stays released, and nothing is held for units
    assert used_up(carol) == []
    released = Charge.objects.filter(client=carol.carol, status=ChargeStatus.RELEASED)
    assert sorted(c.service_date.day for c in released) == [9, 11]
    assert left_on_the_page(carol) == 0


@time_machine.travel(NOW, tick=False)
def test_used_up_is_held_only_when_the_page_shows_no_units_left(carol: Any, client: Any) -> None:
    # given five days captured, one of them held for an unsigned note (it still holds its day)
    attend(carol, 2, 4, 6, 9)
    record = given.attend(carol, carol.carol, dt.date(2026, 11, 11))
    given.document(record, carol.alice, signed=False)
    capture(carol)
    # then all five days hold a unit, none is held for units, and the page shows none left
    assert used_up(carol) == []
    assert left_on_the_page(carol) == 0
    # when a sixth day is attended
    attend(carol, 13)
    capture(carol)
    # then it is held for the authorization, and the page says none are left
    assert used_up(carol) == [13]
    assert left_on_the_page(carol) == 0
    client.force_login(carol.bill)
    page = client.get(reverse("billing:client", kwargs={"pk": carol.carol.pk})).content.decode()
    assert "5 of 5 days" in page
    assert "used up" in page


@time_machine.travel(NOW, tick=False)
def test_a_void_day_gives_its_unit_back_on_the_page_and_to_capture(carol: Any) -> None:
    # given five days that used the authorization, and a sixth held for it
    attend(carol, 2, 4, 6, 9, 11, 13)
    capture(carol)
    assert used_up(carol) == [13]
    # when the ninth's attendance is corrected to absent and November is captured again
    AttendanceRecord.objects.filter(client=carol.carol, session__date=dt.date(2026, 11, 9)).update(
        status="absent"
    )
    capture(carol)
    # then the ninth is void, its day went to the thirteenth, and the page shows none left
    assert used_up(carol) == []
    assert left_on_the_page(carol) == 0
