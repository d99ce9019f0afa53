import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from trellis.attendance.models import AttendanceRecord
from trellis.core import clock
from trellis.scheduling.models import GroupSession


class AttendanceForm(forms.Form):
    """One tap: a status, and for late arrivals or early departures the wall-clock time."""

    status = forms.ChoiceField(choices=AttendanceRecord.Status.choices)
    arrived = forms.TimeField(required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    left = forms.TimeField(required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    # The record's version the roster showed (0: not recorded yet), so a tap on a changed record is refused.
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    reason = forms.CharField(required=False, max_length=1000, label="Reason for the correction")

    def __init__(self, *args: Any, session: GroupSession, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session = session

    @classmethod
    def for_record(cls, *, session: GroupSession, record: AttendanceRecord | None) -> "AttendanceForm":
        zone = session.track.site.timezone
        initial = {"status": record.status if record else "", "version": record.version if record else 0}
        if record and record.arrived_at:
            initial["arrived"] = record.arrived_at.astimezone(clock.zone(zone)).strftime("%H:%M")
        if record and record.left_at:
            initial["left"] = record.left_at.astimezone(clock.zone(zone)).strftime("%H:%M")
        return cls(initial=initial, session=session, prefix=None)

    def _at(self, value: dt.time | None) -> dt.datetime | None:
        if value is None:
            return None
        return clock.local_datetime(self.session.date, value, self.session.track.site.timezone)

    @property
    def cleaned(self) -> dict[str, Any]:
        """The service's keyword arguments, with times placed on the session's day in the site's zone."""
        status = self.cleaned_data["status"]
        keeps_arrival = status in {AttendanceRecord.Status.LATE, AttendanceRecord.Status.LEFT_EARLY}
        return {
            "status": status,
            "arrived_at": self._at(self.cleaned_data.get("arrived")) if keeps_arrival else None,
            "left_at": self._at(self.cleaned_data.get("left"))
            if status == AttendanceRecord.Status.LEFT_EARLY
            else None,
            "expected_version": self.cleaned_data.get("version"),
            "reason": self.cleaned_data.get("reason") or "",
        }

    def add_service_errors(self, error: ValidationError) -> None:
        names = {"arrived_at": "arrived", "left_at": "left", "status": "status", "reason": "reason"}
        for field, messages in error.message_dict.items():
            self.add_error(names.get(field), messages)
