"""The concurrent-review packet for a payer (WeasyPrint): attendance and weekly hours, measure trends and
plan progress, all read from what Trellis already holds for the client during the authorization."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from weasyprint import HTML  # type: ignore[import-untyped,unused-ignore]  # WeasyPrint ships no type hints

from trellis.attendance.models import PRESENT_STATUSES, AttendanceRecord
from trellis.attendance.selectors import list_weeks_compliance
from trellis.billing.models import Authorization
from trellis.core import clock
from trellis.measures.models import MeasureResponse
from trellis.plans.choices import PlanStatus
from trellis.plans.models import Objective

PACKET_WEEKS = 8


@dataclass(frozen=True)
class WeekLine:
    monday: dt.date
    days: int
    attended_hours: float
    required_hours: float
    status: str


def _weeks(client: Any, authorization: Authorization, today: dt.date) -> list[WeekLine]:
    last = min(today, authorization.ends_on)
    mondays = sorted({clock.week_start(last) - dt.timedelta(weeks=n) for n in range(PACKET_WEEKS)})
    mondays = [m for m in mondays if m + dt.timedelta(days=6) >= authorization.starts_on]
    results = list_weeks_compliance(client_ids=[client.pk], mondays=mondays, today=today)
    days = AttendanceRecord.objects.filter(
        client=client, status__in=PRESENT_STATUSES, session__date__gte=mondays[0] if mondays else last
    ).values_list("session__date", flat=True)
    lines = []
    for monday in mondays:
        result = results.get(monday, {}).get(client.pk)
        attended_days = len({d for d in days if monday <= d <= monday + dt.timedelta(days=6)})
        if result is not None:
            lines.append(
                WeekLine(monday, attended_days, result.attended_hours, result.required_hours, result.status)
            )
    return lines


def packet_context(*, authorization: Authorization) -> dict[str, Any]:
    client = authorization.coverage.client
    today = clock.today_in(client.site.timezone)
    responses = MeasureResponse.objects.filter(client=client).order_by("instrument", "administered_at")
    trends: dict[str, list[MeasureResponse]] = {}
    for response in responses:
        trends.setdefault(response.instrument.upper(), []).append(response)
    objectives = (
        Objective.objects.filter(
            goal__problem__plan__episode__client=client, goal__problem__plan__status=PlanStatus.ACTIVE
        )
        .select_related("goal__problem")
        .order_by("goal__problem__position", "goal__position", "position")
    )
    return {
        "authorization": authorization,
        "client": client,
        "coverage": authorization.coverage,
        "weeks": _weeks(client, authorization, today),
        "trends": trends,
        "objectives": list(objectives),
        "used": sum(c.units for c in authorization.charges.exclude(status="void")),
        "printed_on": today,
    }


def render_packet_pdf(*, authorization: Authorization) -> bytes:
    html = render_to_string("billing/review_packet.html", packet_context(authorization=authorization))
    document: bytes = HTML(string=html).write_pdf()
    return document
