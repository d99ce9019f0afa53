"""Reads for pages and for other apps' panels: each one query (or a fixed few), whatever the row count."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Max

from trellis.support.models import OutsideMeeting, SupportContact

MEETINGS_WINDOW_DAYS = 30


def last_contacts(client_ids: Iterable[Any]) -> dict[Any, dt.date]:
    """The date of each client's latest contact of either kind, signed or not, in one query; clients with none
    are left out. For the case manager's caseload, which has already scoped `client_ids` to its reader."""
    rows = (
        SupportContact.objects.filter(client_id__in=list(client_ids))
        .values("client_id")
        .annotate(last=Max("service_date"))
        .values_list("client_id", "last")
    )
    return dict(rows)


def list_client_contacts(*, client: Any, user: Any) -> list[SupportContact]:
    return list(
        SupportContact.objects.visible_to(user)
        .filter(client=client)
        .select_related("author")
        .order_by("-service_date", "-starts_at")
    )


def list_meetings(*, client_id: Any, user: Any, since: dt.date | None = None) -> list[OutsideMeeting]:
    meetings = OutsideMeeting.objects.visible_to(user).filter(client_id=client_id)
    if since is not None:
        meetings = meetings.filter(attended_on__gte=since)
    return list(meetings.select_related("recorded_by"))


@dataclass(frozen=True)
class MeetingSummary:
    since: dt.date
    meetings: list[OutsideMeeting]

    @property
    def count(self) -> int:
        return len(self.meetings)


def recent_meetings(*, client_id: Any, user: Any, today: dt.date) -> MeetingSummary:
    """Meetings of the last 30 days, today included: what the chart shows."""
    since = today - dt.timedelta(days=MEETINGS_WINDOW_DAYS - 1)
    return MeetingSummary(since=since, meetings=list_meetings(client_id=client_id, user=user, since=since))
