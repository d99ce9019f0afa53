"""Attendance that later work stands on: a signed group note, a charge released for billing or billed.

Changing such a record is a correction: it needs a reason, is audited as one, and lets the later work react
(billing puts the charge back on hold). Notes and billing come later on the spine, so they register their
checks here from their AppConfig.ready(); attendance never imports them.
"""

from collections.abc import Callable, Iterable
from typing import Any

from trellis.attendance.models import AttendanceRecord

# Given records, says which of them later work stands on and why ("its group note is signed").
LockCheck = Callable[[list[AttendanceRecord]], dict[Any, str]]
# Told of a correction (record, corrected_by); says what it did, for the person correcting, or "".
AfterCorrection = Callable[[AttendanceRecord, Any], str]

_lock_checks: dict[str, LockCheck] = {}
_after_correction: dict[str, AfterCorrection] = {}


def register(name: str, *, lock_check: LockCheck, after_correction: AfterCorrection | None = None) -> None:
    """Registered by name, so a second ready() (tests, reloads) replaces rather than doubles an entry."""
    _lock_checks[name] = lock_check
    if after_correction is not None:
        _after_correction[name] = after_correction


def locks_of(records: Iterable[AttendanceRecord | None]) -> dict[Any, list[str]]:
    """For each record that later work stands on, why: one query per registered check, however many rows."""
    present = [record for record in records if record is not None]
    found: dict[Any, list[str]] = {}
    if not present:
        return found
    for check in _lock_checks.values():
        for record_id, why in check(present).items():
            found.setdefault(record_id, []).append(why)
    return found


def announce(record: AttendanceRecord, *, corrected_by: Any) -> list[str]:
    """Tell later work of a correction; what each did, in the words of the person correcting."""
    said = [react(record, corrected_by) for react in _after_correction.values()]
    return [line for line in said if line]
