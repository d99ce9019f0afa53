"""The concurrent-review packet for a payer (WeasyPrint): attendance and weekly hours, measure trends and
plan progress, all read from what Trellis already holds for the client during the authorization.

The packet leaves the program, so it goes through the disclosure gate (42 CFR Part 2): a cover sheet carries the
2.32 notice and the consent it rests on, and it holds only what payment needs unless the consent covers more and
the person sending it may read clinical records (minimum necessary, HIPAA 164.502(b)): a biller's packet has
attendance and units, never measure scores or plan objectives.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from weasyprint import HTML  # type: ignore[import-untyped,unused-ignore]  # WeasyPrint ships no type hints

from trellis.accounts.roles import Capability
from trellis.attendance.models import PRESENT_STATUSES, AttendanceRecord
from trellis.attendance.selectors import list_weeks_compliance
from trellis.billing.authorization_units import units_used_by_authorization
from trellis.billing.consent_holds import payer_recipient
from trellis.billing.models import Authorization
from trellis.core import clock
from trellis.measures.models import MeasureResponse
from trellis.plans.choices import PlanStatus
from trellis.plans.models import Objective
from trellis.privacy import gate, paths
from trellis.privacy.part2 import InfoKind, Purpose

PACKET_WEEKS = 8
# What every packet carries: who, which days and hours, the authorization and its units.
FOR_PAYMENT = (InfoKind.IDENTITY, InfoKind.ATTENDANCE, InfoKind.BILLING)
# Clinical content, each included only where the consent covers it and the sender's role may read it.
CLINICAL = (InfoKind.MEASURES, InfoKind.TREATMENT_PLAN)


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


def _trends(client: Any) -> dict[str, list[MeasureResponse]]:
    responses = MeasureResponse.objects.filter(client=client).order_by("instrument", "administered_at")
    trends: dict[str, list[MeasureResponse]] = {}
    for response in responses:
        trends.setdefault(response.instrument.upper(), []).append(response)
    return trends


def _objectives(client: Any) -> list[Objective]:
    return list(
        Objective.objects.filter(
            goal__problem__plan__episode__client=client, goal__problem__plan__status=PlanStatus.ACTIVE
        )
        .select_related("goal__problem")
        .order_by("goal__problem__position", "goal__position", "position")
    )


def packet_context(*, authorization: Authorization, release: gate.Release) -> dict[str, Any]:
    """What the packet shows: only the kinds of information the release let out."""
    client = authorization.coverage.client
    today = clock.today_in(client.site.timezone)
    carried = set(release.disclosure.information)
    return {
        "authorization": authorization,
        "client": client,
        "coverage": authorization.coverage,
        "release": release,
        "carried": [str(label) for value, label in InfoKind.choices if value in carried],
        "withheld": [k for k in CLINICAL if k not in carried],
        "weeks": _weeks(client, authorization, today),
        "trends": _trends(client) if InfoKind.MEASURES in carried else None,
        "objectives": _objectives(client) if InfoKind.TREATMENT_PLAN in carried else None,
        "used": units_used_by_authorization([authorization.pk]).get(authorization.pk, 0),
        "printed_on": today,
    }


def packet_information(*, authorization: Authorization, user: Any, context: gate.GateContext) -> list[str]:
    """Minimum necessary: what payment needs, plus each kind of clinical content the consent covers, and only
    for someone whose role may read clinical records."""
    wanted = [str(kind) for kind in FOR_PAYMENT]
    if not user.can(Capability.VIEW_CLINICAL):
        return wanted
    for kind in CLINICAL:
        try:
            _check(authorization, [*wanted, kind], context)
        except gate.DisclosureRefused:
            continue
        wanted.append(str(kind))
    return wanted


def _check(authorization: Authorization, information: list[str], context: gate.GateContext) -> None:
    gate.check(
        path=paths.REVIEW_PACKET,
        client=authorization.coverage.client,
        recipient=payer_recipient(authorization.coverage.payer),
        purpose=Purpose.PAYMENT,
        information=information,
        context=context,
    )


def release_packet(*, authorization: Authorization, user: Any) -> gate.Release:
    """The packet through the gate: a Disclosure row for it, or DisclosureRefused naming what is missing."""
    client = authorization.coverage.client
    context = gate.GateContext.load([client.pk])
    return gate.disclose(
        path=paths.REVIEW_PACKET,
        client=client,
        recipient=payer_recipient(authorization.coverage.payer),
        purpose=Purpose.PAYMENT,
        information=packet_information(authorization=authorization, user=user, context=context),
        description=f"UR review packet, authorization {authorization.number}",
        actor=user,
        obj=authorization,
        context=context,
    )


def render_packet_pdf(*, authorization: Authorization, release: gate.Release) -> bytes:
    context = packet_context(authorization=authorization, release=release)
    html = render_to_string("billing/review_packet.html", context)
    document: bytes = HTML(string=html).write_pdf()
    return document
