"""Case-management (H0006) and peer-support (H0038) charges from contacts, under the payer's rules: held when
the payer does not pay for the service, when the contact is unsigned, when no fee prices it, and when it is
shorter than one 15-minute unit (8 minutes: CMS 8-minute rule)."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from conftest import SupportStaff, World
from trellis.billing.capture import capture_charges
from trellis.billing.choices import ChargeStatus, UnitType
from trellis.billing.models import Charge
from trellis.billing.tests import billing_factories as given
from trellis.support.choices import ContactKind, ContactMode
from trellis.support.models import SupportContact

DAY = dt.date(2026, 11, 10)
CM, PEER = ContactKind.CASE_MANAGEMENT, ContactKind.PEER_SUPPORT


def _contact(
    world: World, author: Any, kind: str, *, minutes: int = 30, signed: bool = True
) -> SupportContact:
    return SupportContact.objects.create(
        client=world.carol, episode=world.carol_enrollment.episode, kind=kind, author=author,
        service_date=DAY, starts_at=dt.time(10), minutes=minutes, mode=ContactMode.PHONE, summary="Done.",
        signed_at=dt.datetime(2026, 11, 10, 16, tzinfo=dt.UTC) if signed else None,
    )  # fmt: skip


def _payer(world: World, **rules: Any) -> Any:
    payer = given.PayerFactory.create(
        organization=world.organization, **{f"rules__{k}": v for k, v in rules.items()}
    )
    given.FeeFactory.create(payer=payer, code="H0006", rate=Decimal("40.00"), unit_type=UnitType.PER_SESSION)
    given.FeeFactory.create(payer=payer, code="H0038", rate=Decimal("12.50"), unit_type=UnitType.PER_15_MIN)
    given.insure(world.carol, payer, by=world.bill)
    return payer


def _captured(world: World) -> Charge:
    capture_charges(first=DAY, last=DAY, organization=world.organization)
    charge: Charge = Charge.objects.get()
    return charge


@pytest.mark.django_db
def test_a_signed_case_management_contact_bills_h0006_per_encounter(
    world: World, support_staff: SupportStaff
) -> None:
    # given a payer that pays H0006 at $40 an encounter, and Cami's signed 50-minute contact with Carol
    _payer(world)
    contact = _contact(world, support_staff.cami, CM, minutes=50)
    # when charges are captured
    charge = _captured(world)
    # then one H0006 encounter, released, standing on the contact
    assert (charge.code, charge.units, charge.amount, charge.status) == ("H0006", 1, Decimal(40), "released")
    assert charge.support_contact == contact


@pytest.mark.django_db
def test_it_holds_an_unsigned_contact_and_releases_it_once_signed(
    world: World, support_staff: SupportStaff
) -> None:
    _payer(world)
    contact = _contact(world, support_staff.pete, PEER, signed=False)
    assert (_captured(world).status, _captured(world).hold_labels) == (ChargeStatus.HELD, ["Unsigned note"])
    SupportContact.objects.filter(pk=contact.pk).update(signed_at=dt.datetime(2026, 11, 11, tzinfo=dt.UTC))
    assert _captured(world).status == ChargeStatus.RELEASED


@pytest.mark.parametrize(
    ("kind", "rule", "reason", "label"),
    [
        (CM, "pays_case_management", "case_management_not_paid", "Payer does not pay for case management"),
        (PEER, "pays_peer_support", "peer_support_not_paid", "Payer does not pay for peer support"),
    ],
)
@pytest.mark.django_db
def test_it_holds_a_service_the_payer_does_not_pay_for(
    world: World, support_staff: SupportStaff, kind: str, rule: str, reason: str, label: str
) -> None:
    # given a payer whose rules say it does not pay for this service
    _payer(world, **{rule: False})
    _contact(world, support_staff.cami, kind)
    # then the charge is held, saying so
    charge = _captured(world)
    assert (charge.status, charge.hold_reasons, charge.hold_labels) == (ChargeStatus.HELD, [reason], [label])


@pytest.mark.django_db
def test_it_holds_a_contact_the_fee_schedule_does_not_price(
    world: World, support_staff: SupportStaff
) -> None:
    payer = given.PayerFactory.create(organization=world.organization)
    given.insure(world.carol, payer, by=world.bill)
    _contact(world, support_staff.cami, CM)
    assert _captured(world).hold_reasons == ["no_fee"]


@pytest.mark.parametrize(
    ("minutes", "units", "reasons"),
    [
        (7, 0, ["below_one_unit"]),  # under half a unit: nothing to bill
        (8, 1, []),  # CMS 8-minute rule: a unit from its midpoint
        (22, 1, []),
        (23, 2, []),
        (37, 2, []),
        (38, 3, []),
    ],
)
@pytest.mark.django_db
def test_peer_support_units_are_15_minutes_from_the_midpoint(
    world: World, support_staff: SupportStaff, minutes: int, units: int, reasons: list[str]
) -> None:
    _payer(world)
    _contact(world, support_staff.pete, PEER, minutes=minutes)
    charge = _captured(world)
    assert (charge.code, charge.units, charge.amount, charge.hold_reasons) == (
        "H0038", units, Decimal("12.50") * units, reasons
    )  # fmt: skip


@pytest.mark.django_db
def test_the_payers_page_shows_what_a_payer_pays_for(client: Any, world: World) -> None:
    # given a payer whose rules pay for case management but not peer support
    _payer(world, pays_peer_support=False)
    client.force_login(world.bill)
    # then its rules say so
    page = client.get(reverse("billing:payers")).content.decode()
    assert "Case management (H0006): paid" in page
    assert "Peer support (H0038): not paid" in page
