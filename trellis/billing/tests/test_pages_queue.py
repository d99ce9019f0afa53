"""The biller's work queue: who sees it, what it shows, its actions, its audit and its query count."""

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from trellis.attendance.models import AttendanceRecord, Telehealth
from trellis.billing.capture import capture_charges
from trellis.billing.models import Charge
from trellis.billing.tests import billing_factories as given
from trellis.privacy.models import AuditEvent

MONDAY = dt.date(2026, 11, 2)
FIRST, LAST = dt.date(2026, 11, 1), dt.date(2026, 11, 30)


def held_charges(world: Any, count: int) -> None:
    """`count` more held charges at Northside: up to 10 new uninsured clients, one session a day each."""
    clients = [factories.ClientFactory.create(site=world.site_a) for _ in range(min(count, 10))]
    for n in range(count):
        given.attend(world, clients[n % len(clients)], MONDAY + dt.timedelta(days=n // len(clients)))
    capture_charges(first=FIRST, last=LAST, organization=world.organization)


def get(client: Any, user: Any, name: str = "billing:queue") -> Any:
    client.force_login(user)
    return client.get(reverse(name))


@pytest.mark.parametrize("name", ["alice", "bob", "amy", "nora", "adam"])
def test_it_shows_billing_pages_only_to_billers_and_directors(world: Any, client: Any, name: str) -> None:
    for page in ("billing:queue", "billing:reports", "billing:claims", "billing:payers"):
        assert get(client, getattr(world, name), page).status_code == 403


def test_it_shows_a_held_charge_with_its_source_and_reason(world: Any, client: Any) -> None:
    # given Carol's day documented in a draft note, insured and authorized
    payer = given.PayerFactory.create(organization=world.organization)
    given.FeeFactory.create(payer=payer)
    given.insure(world.carol, payer, by=world.bill)
    given.document(given.attend(world, world.carol, MONDAY), world.alice, signed=False)
    capture_charges(first=FIRST, last=LAST, organization=world.organization)
    # when Bill opens the queue
    page = get(client, world.bill).content.decode()
    # then the charge is under "Unsigned note", with where it came from
    assert "Unsigned note" in page
    assert "The note for this service is not signed." in page
    assert "Carol Northcott" in page or "Carol" in page
    assert "Attendance: Morning process group · 180 min that day · group note not signed" in page
    assert "H0015" in page


def test_it_never_shows_another_sites_charges(world: Any, client: Any) -> None:
    # given a held charge for Dave at Lakeside, and a biller who works only at Northside
    given.attend(world, world.dave, MONDAY, group=world.group_b)
    capture_charges(first=FIRST, last=LAST, organization=world.organization)
    page = get(client, world.bill).content.decode()
    assert "Lakewood" not in page
    assert "Dave" not in page
    assert "Lakewood" in get(client, world.dana).content.decode()
    # and Bill cannot act on it by its address either
    charge = Charge.objects.get()
    client.force_login(world.bill)
    assert client.post(reverse("billing:recheck_charge", args=[charge.pk])).status_code == 404
    assert get(client, world.bob).status_code == 403


def test_it_records_who_saw_which_clients_in_the_queue(world: Any, client: Any) -> None:
    held_charges(world, 3)
    get(client, world.bill)
    viewed = AuditEvent.objects.filter(actor=world.bill, action="view", detail="billing queue")
    assert viewed.count() == 3


def test_it_releases_by_hand_only_holds_a_payer_can_waive(world: Any, client: Any) -> None:
    # given a day held only for hours below the per-diem minimum, and one held for an unsigned note
    payer = given.PayerFactory.create(organization=world.organization)
    given.FeeFactory.create(payer=payer)
    given.insure(world.carol, payer, by=world.bill)
    given.billable_day(world, world.carol, MONDAY, minutes=150)
    given.document(given.attend(world, world.carol, MONDAY + dt.timedelta(days=1)), world.alice, signed=False)
    capture_charges(first=FIRST, last=LAST, organization=world.organization)
    short, unsigned = Charge.objects.order_by("service_date")
    client.force_login(world.bill)
    # when Bill releases both with a payer reference
    client.post(reverse("billing:release_charge", args=[short.pk]), {"note": "Payer call ref 7781"})
    response = client.post(
        reverse("billing:release_charge", args=[unsigned.pk]), {"note": "please"}, follow=True
    )
    # then only the short day is released; the unsigned note is refused with the reason
    short.refresh_from_db()
    unsigned.refresh_from_db()
    assert (short.status, short.release_note, short.released_by) == (
        "released",
        "Payer call ref 7781",
        world.bill,
    )
    assert unsigned.status == "held"
    assert "cannot be released by hand: fix the cause, then recheck" in response.content.decode()
    # and a recapture keeps the hand release, since nothing new is wrong
    capture_charges(first=FIRST, last=LAST, organization=world.organization)
    short.refresh_from_db()
    assert short.status == "released"


def test_it_queues_a_capture_for_a_date_range(world: Any, client: Any) -> None:
    given.attend(world, world.carol, MONDAY)
    client.force_login(world.bill)
    response = client.post(
        reverse("billing:capture"), {"first": "2026-11-01", "last": "2026-11-30"}, follow=True
    )
    assert "is queued" in response.content.decode()
    assert Charge.objects.count() == 1  # the test queue runs tasks immediately


@pytest.mark.parametrize(
    ("first", "last", "told"),
    [
        ("2026-01-01", "2026-11-30", "To: Choose at most 92 days at a time."),
        ("2026-11-30", "2026-11-01", "To: The end date must be on or after the start date."),
    ],
)
def test_it_says_what_is_wrong_with_a_capture_range_and_captures_nothing(
    world: Any, client: Any, first: str, last: str, told: str
) -> None:
    given.attend(world, world.carol, MONDAY)
    client.force_login(world.bill)
    response = client.post(reverse("billing:capture"), {"first": first, "last": last}, follow=True)
    assert told in response.content.decode()
    assert not Charge.objects.exists()


def queue_queries(client: Any, user: Any) -> int:
    client.force_login(user)
    cache.clear()  # read afresh: kept memberships and counts would differ by state
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("billing:queue")).status_code == 200
    return len(captured)


def test_it_reads_the_queue_in_the_same_queries_for_10_and_100_charges(world: Any, client: Any) -> None:
    held_charges(world, 10)
    few = queue_queries(client, world.bill)
    held_charges(world, 90)
    assert Charge.objects.count() == 100
    assert queue_queries(client, world.bill) == few


def test_the_held_charges_download_as_csv_with_their_reasons_in_words(world: Any, client: Any) -> None:
    # given three held charges of uninsured clients at Northside
    held_charges(world, 3)
    # when Bill downloads the queue
    response = get(client, world.bill, "billing:held_csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    # then every held charge is a row, with why it is held in words, and each client's export is on the trail
    assert response["Content-Disposition"].startswith('attachment; filename="held-charges-')
    assert lines[0] == "Service date,Client,Chart number,Payer,Code,Units,Amount,Held because"
    assert len(lines) == 1 + Charge.objects.filter(status="held").count() == 4
    assert all(line.split(",")[-1] for line in lines[1:])
    assert "_" not in " ".join(line.rsplit(",", 1)[-1] for line in lines[1:])
    exported = (
        AuditEvent.objects.filter(action="export", actor=world.bill).values("client").distinct().count()
    )
    assert exported == 3


def test_it_flags_a_telehealth_attendance_for_place_of_service_and_modifier(world: Any, client: Any) -> None:
    # given Carol attended by phone only (the portal's proposal, confirmed), her day held for its unsigned note
    record = given.attend(world, world.carol, MONDAY)
    AttendanceRecord.objects.filter(pk=record.pk).update(telehealth=Telehealth.AUDIO_ONLY)
    given.document(record, world.alice, signed=False)
    capture_charges(first=FIRST, last=LAST, organization=world.organization)
    # when Bill opens the queue, then the line says audio only, with the place of service and modifier 93
    page = get(client, world.bill).content.decode()
    assert "Telehealth, audio only: POS 02 or 10, modifier 93" in page
