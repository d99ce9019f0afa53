"""The client's address on a claim: their own street, city, state and ZIP, or no claim at all.

837P/837I loops 2010BA/2010CA carry the subscriber's or patient's N3 (street, up to 55 characters) and N4
(city, USPS state code, ZIP or ZIP+4) (ASC X12 005010X222A1 and X223A2). Filling them in from the program's
own address would put an invented address on a legal document, so a client without one is held.
State codes: USPS Publication 28, appendix B.
"""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError

from trellis.billing.capture import capture_charges, recheck_held_charges
from trellis.billing.choices import ChargeStatus
from trellis.billing.models import Charge, Claim
from trellis.billing.tests import billing_factories as given
from trellis.billing.tests.x12_validation import validation_errors
from trellis.clients import addresses
from trellis.clients.addresses import Address
from trellis.privacy.models import AuditEvent

MONDAY = dt.date(2026, 11, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 Elm Street, Springfield, IL 62702", Address("12 Elm Street", "", "Springfield", "IL", "62702")),
        ("12 Elm Street, Apt 4, Springfield, il 62702-1234",
         Address("12 Elm Street", "Apt 4", "Springfield", "IL", "62702-1234")),
        ("9 Oak Ave,  Oak Park,  IL 603021234", Address("9 Oak Ave", "", "Oak Park", "IL", "60302-1234")),
        ("1 Main St, San Juan, PR 00901", Address("1 Main St", "", "San Juan", "PR", "00901")),
        # what does not read cleanly stays whole, nothing guessed
        ("12 Elm Street, Springfield", Address("12 Elm Street, Springfield")),
        ("12 Elm Street, Springfield, ZZ 62702", Address("12 Elm Street, Springfield, ZZ 62702")),
        ("12 Elm Street, Springfield, IL 6270", Address("12 Elm Street, Springfield, IL 6270")),
        ("staying with her sister", Address("staying with her sister")),
        ("", Address()),
    ],
)  # fmt: skip
def test_it_reads_an_old_one_line_address_or_keeps_it_whole(text: str, expected: Address) -> None:
    assert addresses.parse_one_line(text) == expected


@pytest.mark.parametrize(
    ("state", "zip_code", "complete"),
    [("IL", "62702", True), ("", "62702", False), ("IL", "", False), ("DC", "20001-0001", True)],
)
def test_it_calls_an_address_complete_only_with_street_city_state_and_zip(
    state: str, zip_code: str, complete: bool
) -> None:
    assert Address("1 Main St", "", "Springfield", state, zip_code).is_complete is complete


@pytest.fixture
def insured_carol(world: Any) -> Any:
    given.BillingProfileFactory.create(organization=world.organization)  # in Springfield, IL 62701
    payer = given.PayerFactory.create(organization=world.organization)
    given.FeeFactory.create(payer=payer)
    given.insure(world.carol, payer, by=world.bill)
    given.billable_day(world, world.carol, MONDAY)
    return world


def _move_carol(world: Any, **address: str) -> None:
    for name, value in address.items():
        setattr(world.carol, name, value)
    world.carol.save()


def _capture(world: Any) -> None:
    capture_charges(first=dt.date(2026, 11, 1), last=dt.date(2026, 11, 30), organization=world.organization)


def test_it_puts_the_clients_own_address_on_the_claim(insured_carol: Any, tmp_path: Path) -> None:
    # given Carol lives in Oak Park, not in the program's Springfield
    _move_carol(insured_carol, address_line1="9 Oak Ave", address_line2="Unit 2", city="Oak Park",
                state="IL", postal_code="60302-1234")  # fmt: skip
    _capture(insured_carol)
    # when November is exported
    given.export(insured_carol.organization, "2026-11-01", "2026-11-30", tmp_path)
    # then her claim carries her street and town, and the file is valid
    (path,) = tmp_path.glob("*.x12")
    text = path.read_text()
    assert "N3*9 Oak Ave*Unit 2~\nN4*Oak Park*IL*603021234~" in text
    assert validation_errors(path) == []


def test_it_holds_a_client_whose_address_is_incomplete(insured_carol: Any, tmp_path: Path) -> None:
    # given Carol's address has a street but no city
    _move_carol(insured_carol, address_line1="12 Elm Street", city="", state="IL", postal_code="62702")
    _capture(insured_carol)
    # when November is exported
    with pytest.raises(CommandError, match="client's address is incomplete"):
        given.export(insured_carol.organization, "2026-11-01", "2026-11-30", tmp_path)
    # then no claim is written, her charge waits in the queue with the reason, and the hold is audited
    assert not list(tmp_path.glob("*.x12"))
    assert Claim.objects.count() == 0
    charge = Charge.objects.get()
    assert (charge.status, charge.hold_labels) == (ChargeStatus.HELD, ["Client's address is incomplete"])
    assert AuditEvent.objects.filter(
        client_id=insured_carol.carol.pk, detail="charge held: client's address is incomplete"
    ).exists()


def test_it_claims_the_charge_once_the_address_is_completed(insured_carol: Any, tmp_path: Path) -> None:
    # given Carol's charge was held for her incomplete address
    _move_carol(insured_carol, address_line1="12 Elm Street", city="", state="", postal_code="")
    _capture(insured_carol)
    with pytest.raises(CommandError):
        given.export(insured_carol.organization, "2026-11-01", "2026-11-30", tmp_path / "first")
    # when her address is completed and the queue rechecked
    _move_carol(insured_carol, city="Springfield", state="IL", postal_code="62702")
    recheck_held_charges(organization=insured_carol.organization)
    given.export(insured_carol.organization, "2026-11-01", "2026-11-30", tmp_path / "second")
    # then her claim goes with her own address
    (path,) = (tmp_path / "second").glob("*.x12")
    assert "N3*12 Elm Street~\nN4*Springfield*IL*62702~" in path.read_text()
    assert Charge.objects.get().status == ChargeStatus.BILLED
