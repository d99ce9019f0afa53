"""Set-ups for the support app's tests: a moment after Monday's contacts, and contacts written through the
services as staff would write them."""

import datetime as dt
from typing import Any

from trellis.support import services
from trellis.support.choices import ContactKind, ContactMode
from trellis.support.models import SupportContact

NOW = dt.datetime(2026, 11, 23, 18, 0, tzinfo=dt.UTC)  # Monday, 1 pm in New York (Northside's zone)
TODAY = dt.date(2026, 11, 23)
SUMMARY = "Called the housing authority with the client; application for a voucher started."


def contact(
    client: Any,
    author: Any,
    *,
    kind: str = ContactKind.CASE_MANAGEMENT,
    day: dt.date = TODAY,
    minutes: int = 30,
    starts_at: dt.time = dt.time(10, 0),
) -> SupportContact:
    return services.create_contact(
        client=client, author=author, kind=kind, service_date=day, starts_at=starts_at,
        minutes=minutes, mode=ContactMode.PHONE, summary=SUMMARY,
    )  # fmt: skip
