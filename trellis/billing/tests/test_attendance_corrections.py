"""Attendance behind a signed note or a released charge changes only with a reason, is kept and audited as a
correction, and puts the charge back on hold until a biller looks at it again."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests import factories
from trellis.attendance import services
from trellis.attendance.models import AttendanceCorrection, AttendanceRecord
from trellis.billing import services as billing
from trellis.billing.capture import capture_charges
from trellis.billing.choices import ChargeStatus
from trellis.billing.models import Charge
from trellis.billing.tests import billing_factories as given
from trellis.privacy.models import AuditEvent

Status = AttendanceRecord.Status
MONDAY = dt.date(2026, 11, 2)
NOV = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
REASON = "Marked present by mistake: the client phoned in sick."


@pytest.fixture(autouse=True)
def later_that_month() -> Any:
    with time_machine.travel(dt.datetime(2026, 11, 20, 15, 0, tzinfo=dt.UTC), tick=True):
        yield


@pytest.fixture
def signed_day(world: Any) -> AttendanceRecord:
    """Carol present on Monday, her entry in the signed group note."""
    return given.billable_day(world, world.carol, MONDAY)


@pytest.fixture
def released(world: Any, signed_day: AttendanceRecord) -> Charge:
    payer = given.PayerFactory.create(organization=world.organization)
    given.FeeFactory.create(payer=payer)
    given.insure(world.carol, payer, by=world.bill)
    capture_charges(first=NOV[0], last=NOV[1], organization=world.organization)
    charge = Charge.objects.get()
    assert charge.status == ChargeStatus.RELEASED
    return charge


def correct(record: AttendanceRecord, by: Any, *, reason: str = "", status: str = Status.EXCUSED) -> Any:
    return services.record_attendance(
        session=record.session,
        client=record.client,
        status=status,
        recorded_by=by,
        expected_version=record.version,
        reason=reason,
    )


def test_it_refuses_a_change_behind_a_signed_note_without_a_reason(
    world: Any, signed_day: AttendanceRecord
) -> None:
    # when Alice taps excused on Monday's attendance with no reason
    with pytest.raises(ValidationError) as refused:
        correct(signed_day, world.alice)

    # then she is asked why, and nothing changed
    assert "its group note is signed" in refused.value.message_dict["reason"][0]
    record = AttendanceRecord.objects.get(pk=signed_day.pk)
    assert (record.status, record.version) == (Status.PRESENT, 1)
    assert not AttendanceCorrection.objects.exists()


def test_it_keeps_a_correction_and_audits_it_without_the_reason(
    world: Any, signed_day: AttendanceRecord
) -> None:
    # when Alice corrects it with a reason
    correct(signed_day, world.alice, reason=REASON)

    # then the change lands, the reason is kept with the correction, and the audit says only what changed
    assert AttendanceRecord.objects.get(pk=signed_day.pk).status == Status.EXCUSED
    correction = AttendanceCorrection.objects.get()
    assert (correction.from_status, correction.to_status, correction.reason) == ("present", "excused", REASON)
    assert correction.behind == "its group note is signed"
    event = AuditEvent.objects.get(detail__startswith="attendance:")
    assert event.detail == "attendance: correction present -> excused"
    assert not AuditEvent.objects.filter(detail__icontains="phoned").exists()


def test_a_correction_puts_the_released_charge_back_on_hold(world: Any, released: Charge) -> None:
    # when Alice corrects Monday to excused, with a reason
    correct(AttendanceRecord.objects.get(charges=released), world.alice, reason=REASON)

    # then the charge is held for the biller, and audited so
    charge = Charge.objects.get(pk=released.pk)
    assert (charge.status, charge.hold_reasons) == (ChargeStatus.HELD, ["attendance_corrected"])
    assert AuditEvent.objects.filter(object_id=str(charge.pk), detail="held: attendance corrected").exists()


def test_the_hold_stays_through_capture_until_a_biller_releases_it(world: Any, released: Charge) -> None:
    # given a correction that keeps Carol there but leaving early, so the day still bills
    record = AttendanceRecord.objects.get(charges=released)
    services.record_attendance(
        session=record.session, client=record.client, status=Status.LEFT_EARLY, recorded_by=world.alice,
        left_at=record.session.ends_at - dt.timedelta(minutes=5), expected_version=1, reason=REASON,
    )  # fmt: skip

    # when the nightly capture runs again, the charge is still held for review
    capture_charges(first=NOV[0], last=NOV[1], organization=world.organization)
    charge = Charge.objects.get(pk=released.pk)
    assert charge.status == ChargeStatus.HELD
    assert "attendance_corrected" in charge.hold_reasons

    # and once Bill has checked and released it, capture leaves it released
    billing.release_charge(charge=charge, released_by=world.bill, note="Checked against the sign-in sheet.")
    capture_charges(first=NOV[0], last=NOV[1], organization=world.organization)
    assert Charge.objects.get(pk=released.pk).status == ChargeStatus.RELEASED


def test_the_roster_asks_for_a_reason_only_on_rows_behind_finished_work(
    world: Any, client: Any, signed_day: AttendanceRecord
) -> None:
    # given Carol's Monday in a signed note
    session = signed_day.session
    client.force_login(world.alice)

    # when Alice opens Monday's roster
    html = client.get(reverse("attendance:session", kwargs={"pk": session.pk})).content.decode()

    # then Carol's row says why it is locked and asks for a reason
    assert html.count('data-testid="correction-note"') == 1
    assert "its group note is signed" in html
    assert 'name="reason"' in html


def test_a_roster_row_without_finished_work_needs_no_reason(world: Any, client: Any) -> None:
    # given Carol present on Monday, no note written yet
    session = factories.GroupSessionFactory.create(group=world.group_a, date=MONDAY)
    AttendanceRecord.objects.create(
        session=session, client=world.carol, status="present", minutes_attended=180, recorded_by=world.alice
    )
    client.force_login(world.alice)
    # when Alice opens the roster, then a tap there needs no reason
    html = client.get(reverse("attendance:session", kwargs={"pk": session.pk})).content.decode()
    assert 'data-testid="correction-note"' not in html
