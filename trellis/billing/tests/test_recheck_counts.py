"""The "Recheck held charges" button says what it did in numbers that add up (held before = released +
still held + void, and released charges held again counted apart), and leaves alone every charge whose inputs did not change:
running it twice in a row changes nothing the second time.

Source: held charges wait for their cause to be fixed (REFERENCE.md s4, common denial causes); 42 CFR 2.31
(a revoked consent holds what rests on it).
"""

import datetime as dt
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from tests import part2 as consents_for
from trellis.accounts.models import User
from trellis.accounts.roles import Role
from trellis.billing import selectors
from trellis.billing.capture import capture_charges
from trellis.billing.choices import ChargeStatus
from trellis.billing.claims import prepare_claims
from trellis.billing.models import Charge, Claim
from trellis.billing.recheck import RecheckCounts, recheck_charges
from trellis.billing.tests import billing_factories as given
from trellis.notes.models import GroupNote, ParticipantEntry
from trellis.privacy import consents

NOW = dt.datetime(2026, 12, 2, 15, tzinfo=dt.UTC)
NOVEMBER = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))


def day(number: int) -> dt.date:
    return dt.date(2026, 11, number)


@pytest.fixture
def queue(world: Any) -> Any:
    """Carol's 5 authorized November days: the 2nd held for its unsigned note (it still holds its day), the 4th
    and 6th billed, the 9th and 11th released, the 13th held because the authorization is used up."""
    with time_machine.travel(NOW, tick=False):
        world.consent = consents_for.tpo_consent(world.carol, world.amy)
        payer = given.PayerFactory.create(organization=world.organization)
        given.FeeFactory.create(payer=payer)
        given.insure(world.carol, payer, by=world.bill, units=5)
        unsigned = given.attend(world, world.carol, day(2))
        given.document(unsigned, world.alice, signed=False)
        for number in (4, 6):
            given.billable_day(world, world.carol, day(number))
        capture_charges(first=NOVEMBER[0], last=NOVEMBER[1], organization=world.organization)
        prepare_claims(first=NOVEMBER[0], last=day(7), organization=world.organization)
        for number in (9, 11, 13):
            given.billable_day(world, world.carol, day(number))
        capture_charges(first=NOVEMBER[0], last=NOVEMBER[1], organization=world.organization)
    return world


def charges() -> dict[Any, tuple[Any, ...]]:
    """Every charge's decision, by charge (many share a day, and PostgreSQL returns ties in any order)."""
    rows = Charge.objects.values_list(
        "pk", "service_date", "status", "hold_reasons", "authorization_id", "claim_id", "updated_at"
    )
    return {pk: tuple(rest) for pk, *rest in rows}


def states() -> dict[int, str]:
    return {c.service_date.day: c.status for c in Charge.objects.all()}


def recheck(client: Any) -> str:
    response = client.post(reverse("billing:recheck"), follow=True)
    assert response.status_code == 200
    page: str = response.content.decode()
    return page


def sign_the_second(world: Any) -> None:
    ParticipantEntry.objects.filter(client=world.carol).update(signed_at=NOW)
    GroupNote.objects.update(signed_at=NOW)


@time_machine.travel(NOW, tick=False)
def test_a_recheck_with_nothing_changed_changes_nothing_and_says_so(queue: Any, client: Any) -> None:
    # given the queue as captured
    assert states() == {2: "held", 4: "billed", 6: "billed", 9: "released", 11: "released", 13: "held"}
    before = charges()
    # when Bill rechecks the held charges
    client.force_login(queue.bill)
    page = recheck(client)
    # then no charge changed, billed days included, and the counts add up
    assert charges() == before
    assert "Rechecked 2 held charges: 0 released, 2 still held." in page


@time_machine.travel(NOW, tick=False)
def test_a_note_signed_releases_its_day_and_a_second_recheck_changes_nothing(queue: Any, client: Any) -> None:
    # given the 2nd's note is signed
    sign_the_second(queue)
    client.force_login(queue.bill)
    # when Bill rechecks
    page = recheck(client)
    # then the 2nd is released, the 13th still waits for units, and the words add up
    assert "Rechecked 2 held charges: 1 released, 1 still held." in page
    assert states() == {2: "released", 4: "billed", 6: "billed", 9: "released", 11: "released", 13: "held"}
    # when he rechecks again at once
    after_first = charges()
    page = recheck(client)
    # then nothing changes
    assert charges() == after_first
    assert "Rechecked 1 held charge: 0 released, 1 still held." in page


@time_machine.travel(NOW, tick=False)
def test_released_charges_held_again_are_counted_apart(queue: Any, client: Any) -> None:
    # given Carol revokes her consent
    consents.revoke(consent=queue.consent, method="in writing", note="", actor=queue.amy)
    client.force_login(queue.bill)
    # when Bill rechecks the two held charges
    page = recheck(client)
    # then the two stay held, and the 9th and 11th (released, between them) are held again for the consent
    assert (
        "Rechecked 2 held charges: 0 released, 2 still held. 2 charges released before are held again: "
        "a consent, coverage, authorization or note they rest on changed."
    ) in page
    held = Charge.objects.filter(status=ChargeStatus.HELD, service_date__in=[day(9), day(11)])
    assert [c.hold_reasons for c in held] == [["no_consent"], ["no_consent"]]
    # and a second recheck finds nothing more to change
    before = charges()
    assert "Rechecked 4 held charges: 0 released, 4 still held." in recheck(client)
    assert charges() == before


@pytest.mark.parametrize(
    ("counts", "words"),
    [
        (RecheckCounts(0, 0, 0, 0, 0), "Rechecked 0 held charges: 0 released, 0 still held."),
        (RecheckCounts(1, 1, 0, 0, 0), "Rechecked 1 held charge: 1 released, 0 still held."),
        (
            RecheckCounts(326, 20, 300, 6, 0),
            "Rechecked 326 held charges: 20 released, 300 still held, 6 void (their attendance or note is gone).",
        ),
        (
            RecheckCounts(3, 1, 2, 0, 1),
            "Rechecked 3 held charges: 1 released, 2 still held. 1 charge released before is held again: "
            "a consent, coverage, authorization or note they rest on changed.",
        ),
    ],
)
def test_it_says_the_counts_in_words(counts: RecheckCounts, words: str) -> None:
    assert counts.words() == words


DEMO_MORNING = dt.datetime(2026, 11, 16, 16, 0, tzinfo=dt.UTC)


@time_machine.travel(DEMO_MORNING, tick=False)
def test_in_the_demo_program_a_recheck_adds_up_and_a_second_one_changes_nothing(db: None) -> None:
    # given the demo program's billing, as `make run` loads it (held, released, billed and paid charges)
    call_command("load_demo", "--clients", "20", "--seed", "3", stdout=StringIO())
    organization = Claim.objects.select_related("organization").first().organization  # type: ignore[union-attr]
    biller = User.objects.filter(organization=organization, role=Role.BILLER).first()
    held = list(
        Charge.objects.visible_to(biller).filter(status=ChargeStatus.HELD).values_list("pk", flat=True)
    )
    before = charges()
    # when the biller rechecks every held charge, twice
    first = recheck_charges(actor=biller, charge_ids=held)
    after_first = charges()
    second = recheck_charges(actor=biller, charge_ids=held)
    # then no charge whose inputs did not change was touched (a day documented since capture, like the demo's
    # note waiting for co-signature, is a new charge), and the counts add up
    assert {pk: after_first[pk] for pk in before} == before
    assert charges() == after_first
    assert first.held_before == len(held) == first.released + first.still_held + first.voided
    assert (first.released, first.held_again, second.released, second.held_again) == (0, 0, 0, 0)
    # and every charge held for units is on an authorization the page shows with fewer units left than it needs
    used_up = [
        c
        for c in Charge.objects.filter(status=ChargeStatus.HELD).select_related("client")
        if "authorization_used_up" in c.hold_reasons
    ]
    for charge in used_up:
        shown = selectors.list_client_authorizations(
            client=charge.client, user=biller, today=DEMO_MORNING.date()
        )
        covering = [
            line
            for line in shown
            if line.authorization.coverage_id == charge.coverage_id
            and line.authorization.starts_on <= charge.service_date <= line.authorization.ends_on
        ]
        assert covering, charge
        assert all(line.remaining < charge.units for line in covering), charge
