"""What billing tells attendance corrections: a released or billed charge stands on the record, and a
correction puts the charge back on hold (registered in BillingConfig.ready)."""

from typing import Any

from trellis.attendance.models import AttendanceRecord
from trellis.billing import services
from trellis.billing.choices import ChargeStatus
from trellis.billing.models import Charge

WHY = {
    ChargeStatus.RELEASED: "its charge is released for billing",
    ChargeStatus.BILLED: "its charge is on a claim",
}


def charge_locks(records: list[AttendanceRecord]) -> dict[Any, str]:
    charges = Charge.objects.filter(
        attendance_id__in=[record.pk for record in records], status__in=list(WHY)
    ).values_list("attendance_id", "status")
    found: dict[Any, str] = {}
    for attendance_id, status in charges.order_by("status"):  # "billed" before "released": say the stronger
        found.setdefault(attendance_id, WHY[ChargeStatus(status)])
    return found


def hold_corrected_charges(record: AttendanceRecord, corrected_by: Any) -> str:
    held, on_claims = services.hold_charges_after_correction(
        attendance_id=record.pk, corrected_by=corrected_by
    )
    said = []
    if held:
        said.append(f"{held} charge{'s' if held > 1 else ''} back on hold for the biller.")
    if on_claims:
        said.append(f"{on_claims} charge{'s' if on_claims > 1 else ''} already on a claim: tell the biller.")
    return " ".join(said)
