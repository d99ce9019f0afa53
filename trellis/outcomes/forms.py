import datetime as dt
from typing import Any

from django import forms

DATE = forms.DateInput(attrs={"type": "date"})
DEFAULT_WEEKS = 12
# Two years of weekly census points keeps the page and its one census query a bounded size.
LONGEST_RANGE_DAYS = 731


class DateRangeForm(forms.Form):
    first = forms.DateField(label="From", widget=DATE)
    last = forms.DateField(label="To", widget=DATE)

    def __init__(self, data: Any, *, today: dt.date) -> None:
        self.today = today
        given = {key: data[key] for key in ("first", "last") if data.get(key)}
        super().__init__({**self.defaults(today), **given})

    @staticmethod
    def defaults(today: dt.date) -> dict[str, str]:
        """The last 12 weeks, today included."""
        first = today - dt.timedelta(weeks=DEFAULT_WEEKS) + dt.timedelta(days=1)
        return {"first": first.isoformat(), "last": today.isoformat()}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first"), data.get("last")
        if first is None or last is None:
            return data
        if first > last:
            self.add_error("first", "The start date must be on or before the end date.")
        elif last > self.today:
            self.add_error("last", "The end date cannot be after today.")
        elif (last - first).days > LONGEST_RANGE_DAYS:
            self.add_error("first", "Choose a range of at most two years.")
        return data
