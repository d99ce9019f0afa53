"""Reads for intake pages: the pipeline board, an inquiry's history, conversion by source, assessments."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404

from trellis.clients.models import Client
from trellis.intake.choices import CLOSED_STATUSES, OPEN_STATUSES, InquiryStatus, ReferralSource
from trellis.intake.dimensions import dimensions_of
from trellis.intake.models import Assessment, DimensionRating, Inquiry, InquiryEvent

RECENTLY_CLOSED_DAYS = 14


@dataclass
class Column:
    status: str
    label: str
    inquiries: list[Inquiry] = field(default_factory=list)


@dataclass
class Pipeline:
    columns: list[Column]
    recently_closed: list[Inquiry]

    @property
    def inquiries(self) -> list[Inquiry]:
        return [i for column in self.columns for i in column.inquiries] + self.recently_closed


def _mark_due(inquiries: list[Inquiry], now: dt.datetime) -> list[Inquiry]:
    """Tag each row overdue (due before now) or due today (due on or before today in the site's zone)."""
    for inquiry in inquiries:
        due = inquiry.next_action_due
        zone = ZoneInfo(inquiry.site.timezone)
        overdue = due is not None and due < now
        today = due is not None and due.astimezone(zone).date() <= now.astimezone(zone).date()
        inquiry.is_overdue = overdue  # type: ignore[attr-defined]
        inquiry.is_due_today = today  # type: ignore[attr-defined]
    return inquiries


def list_pipeline(*, user: Any, now: dt.datetime) -> Pipeline:
    """Open inquiries by status (crisis first, then by due time) and those closed in the last two weeks."""
    visible = Inquiry.objects.visible_to(user).select_related("site", "assigned_to")
    open_rows = _mark_due(list(visible.open().order_by("-is_crisis", "next_action_due", "created_at")), now)
    labels = dict(InquiryStatus.choices)
    columns = [Column(status, str(labels[status])) for status in OPEN_STATUSES]
    by_status = {column.status: column for column in columns}
    for inquiry in open_rows:
        by_status[inquiry.status].inquiries.append(inquiry)
    closed = list(
        visible.filter(
            status__in=CLOSED_STATUSES, closed_at__gte=now - dt.timedelta(days=RECENTLY_CLOSED_DAYS)
        ).order_by("-closed_at")[:50]
    )
    return Pipeline(columns=columns, recently_closed=closed)


def list_due_inquiries(*, user: Any, now: dt.datetime, limit: int = 20) -> list[Inquiry]:
    """Open inquiries whose next action is due today (in the site's zone) or overdue; crisis first."""
    # A day and a half ahead covers "today" in any zone; the exact local day is checked per row.
    candidates = (
        Inquiry.objects.visible_to(user)
        .open()
        .filter(next_action_due__lt=now + dt.timedelta(hours=36))
        .select_related("site", "assigned_to")
        .order_by("-is_crisis", "next_action_due")[: limit * 2]
    )
    due = [i for i in _mark_due(list(candidates), now) if i.is_due_today]  # type: ignore[attr-defined]
    return due[:limit]


def get_inquiry(*, user: Any, pk: Any) -> Inquiry:
    events = InquiryEvent.objects.select_related("actor").order_by("occurred_at", "created_at")
    inquiry: Inquiry = get_object_or_404(
        Inquiry.objects.visible_to(user)
        .select_related("site", "assigned_to", "assessor", "client")
        .prefetch_related(Prefetch("events", queryset=events)),
        pk=pk,
    )
    return inquiry


@dataclass(frozen=True)
class SourceRow:
    source: str
    label: str
    counts: dict[str, int]
    total: int

    @property
    def admitted(self) -> int:
        return self.counts.get(InquiryStatus.ADMITTED, 0)

    @property
    def rate(self) -> float | None:
        return self.admitted / self.total if self.total else None

    def in_order(self) -> list[int]:
        return [self.counts.get(status, 0) for status in InquiryStatus.values]


def conversion_by_source(*, user: Any, start: dt.datetime, end: dt.datetime) -> list[SourceRow]:
    """Inquiries taken in [start, end) per referral source and current status: one query, any number of rows."""
    counts: dict[str, Counter[str]] = {source: Counter() for source in ReferralSource.values}
    rows = (
        Inquiry.objects.visible_to(user)
        .filter(created_at__gte=start, created_at__lt=end)
        .values("referral_source", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        counts[row["referral_source"]][row["status"]] += row["n"]
    labels = dict(ReferralSource.choices)
    return [
        SourceRow(source, str(labels[source]), dict(counter), sum(counter.values()))
        for source, counter in counts.items()
    ]


def total_row(rows: list[SourceRow]) -> SourceRow:
    total: Counter[str] = Counter()
    for row in rows:
        total.update(row.counts)
    return SourceRow("all", "All sources", dict(total), sum(total.values()))


def get_assessment(*, user: Any, pk: Any) -> Assessment:
    assessment: Assessment = get_object_or_404(
        Assessment.objects.visible_to(user)
        .select_related("client__site", "assessed_by", "decided_by", "episode__program", "level_change")
        .prefetch_related("ratings"),
        pk=pk,
    )
    return assessment


@dataclass(frozen=True)
class RatedDimension:
    code: str
    title: str
    prompt: str
    rating: int
    narrative: str


def rated_dimensions(assessment: Assessment) -> list[RatedDimension]:
    """The edition's dimensions beside the stored ratings (ratings must be prefetched)."""
    stored: dict[str, DimensionRating] = {r.code: r for r in assessment.ratings.all()}
    return [
        RatedDimension(d.code, d.title, d.prompt, stored[d.code].rating, stored[d.code].narrative)
        for d in dimensions_of(assessment.edition)
        if d.code in stored
    ]


def get_latest_assessment(*, user: Any, client: Client) -> Assessment | None:
    latest: Assessment | None = (
        Assessment.objects.visible_to(user)
        .filter(client=client)
        .select_related("decided_by", "level_change")
        .prefetch_related("ratings")
        .first()
    )
    return latest


def list_client_assessments(*, user: Any, client: Client) -> list[Assessment]:
    return list(Assessment.objects.visible_to(user).filter(client=client).select_related("assessed_by"))


@dataclass(frozen=True)
class Score:
    instrument: str
    total: int | None
    band: str
    urgent: bool
    administered_at: dt.datetime


def list_latest_scores(*, client: Client, recent: int = 60) -> list[Score] | None:
    """The latest score of each instrument, read from the measures app when it is installed (else None).

    Measures sit beside intake on the spine, so the model is looked up by name rather than imported.
    """
    try:
        response_model = apps.get_model("measures", "MeasureResponse")
    except LookupError:
        return None
    latest: dict[str, Score] = {}
    for r in response_model.objects.filter(client=client).order_by("-administered_at")[:recent]:
        if r.instrument not in latest:
            urgent = any(flag.get("urgent") for flag in r.flags or [])
            latest[r.instrument] = Score(r.instrument, r.total, r.band, urgent, r.administered_at)
    return sorted(latest.values(), key=lambda score: score.instrument)
