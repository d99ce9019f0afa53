"""Reads for measures pages and panels, each scoped to the clients the user may see, in a fixed number of queries."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, QuerySet
from django.shortcuts import get_object_or_404

from trellis.accounts.roles import Capability
from trellis.clients.models import Client
from trellis.core import clock, page_memo
from trellis.episodes.models import Episode
from trellis.measures import trends
from trellis.measures.choices import SafetyTaskStatus
from trellis.measures.instrument_data import Instrument, get_instrument, list_instruments
from trellis.measures.models import MeasureResponse, MeasureSchedule, SafetyTask
from trellis.measures.schedule import Due, due_status

# The order clinicians reach for them: mood and anxiety every fortnight, safety, recovery, then screens.
DISPLAY_ORDER = ("phq9", "gad7", "cssrs", "bam", "auditc", "audit", "dast10", "ciwa", "cows")


def list_instruments_in_order() -> list[Instrument]:
    rank = {code: n for n, code in enumerate(DISPLAY_ORDER)}
    return sorted(list_instruments(), key=lambda i: (rank.get(i.code, len(rank)), i.code))


def measurable_clients(*, user: Any) -> QuerySet[Client]:
    """Clients whose measures the user may see: visible to them, and only for clinical roles (not billing)."""
    if not getattr(user, "is_authenticated", False) or not user.can(Capability.VIEW_CLINICAL):
        return Client.objects.none()
    return Client.objects.visible_to(user)


def visible_responses(*, user: Any) -> QuerySet[MeasureResponse]:
    return MeasureResponse.objects.filter(client__in=measurable_clients(user=user))


def visible_safety_tasks(*, user: Any) -> QuerySet[SafetyTask]:
    return SafetyTask.objects.filter(client__in=measurable_clients(user=user))


def get_safety_task(*, user: Any, pk: Any) -> SafetyTask:
    tasks = visible_safety_tasks(user=user).select_related(
        "client__site", "response__administered_by", "assigned_to", "closed_by"
    )
    task: SafetyTask = get_object_or_404(tasks, pk=pk)
    return task


def list_open_safety_tasks(*, user: Any, limit: int = 50, client_id: Any = None) -> list[SafetyTask]:
    """Open tasks for every client the user sees (or one of them); the user's own first, then the oldest due."""
    visible = visible_safety_tasks(user=user)
    if client_id is not None:
        visible = visible.filter(client_id=client_id)
    tasks = (
        visible.filter(status=SafetyTaskStatus.OPEN)
        .select_related("client", "response", "assigned_to")
        .order_by("due_on", "created_at")[:limit]
    )
    return sorted(tasks, key=lambda t: t.assigned_to_id != user.pk)


def list_client_safety_tasks(*, client: Client) -> list[SafetyTask]:
    return list(
        SafetyTask.objects.filter(client=client)
        .select_related("assigned_to", "closed_by")
        .order_by("-created_at")[:20]
    )


def list_open_client_safety_tasks(*, client: Client) -> list[SafetyTask]:
    return list(
        SafetyTask.objects.filter(client=client, status=SafetyTaskStatus.OPEN)
        .select_related("client", "assigned_to")
        .order_by("due_on", "created_at")
    )


@dataclass(frozen=True)
class ClientDue:
    client: Client
    due: Due


def list_due_measures(*, user: Any, now: dt.datetime, client_id: Any = None) -> list[ClientDue]:
    """Scheduled measures due today or overdue for the open episodes of clients the user sees, or of one of
    them (3 queries; Today's panels share one reading, page_memo)."""
    return page_memo.remember(
        ("due_measures", user.pk, client_id), lambda: _due_measures(user=user, now=now, client_id=client_id)
    )


def _due_measures(*, user: Any, now: dt.datetime, client_id: Any) -> list[ClientDue]:
    clients = measurable_clients(user=user)
    if client_id is not None:
        clients = clients.filter(pk=client_id)
    episodes = list(
        Episode.objects.filter(client__in=clients, discharged_on__isnull=True)
        .select_related("client__site")
        .order_by("client__legal_last_name", "client__legal_first_name")
    )
    if not episodes:
        return []
    schedules: dict[Any, list[MeasureSchedule]] = {}
    for schedule in MeasureSchedule.objects.filter(program_id__in={e.program_id for e in episodes}):
        schedules.setdefault(schedule.program_id, []).append(schedule)
    last_given = _last_given(client_ids=[e.client_id for e in episodes if e.program_id in schedules])
    due = []
    for episode in episodes:
        for schedule in schedules.get(episode.program_id, []):
            status = due_status(
                instrument=schedule.instrument,
                admitted_on=episode.admitted_on,
                last_given_at=last_given.get((episode.client_id, schedule.instrument)),
                every_days=schedule.every_days,
                now=now,
                zone=episode.client.site.timezone,
            )
            if status.needs_giving:
                due.append(ClientDue(client=episode.client, due=status))
    return due


def list_client_due(*, client: Client, now: dt.datetime) -> list[Due]:
    """Every scheduled instrument of the client's open episode, with when it is next due (3 queries)."""
    episode = (
        Episode.objects.filter(client=client, discharged_on__isnull=True).order_by("-admitted_on").first()
    )
    if episode is None:
        return []
    schedules = list(MeasureSchedule.objects.filter(program_id=episode.program_id))
    last_given = _last_given(client_ids=[client.pk]) if schedules else {}
    return [
        due_status(
            instrument=s.instrument,
            admitted_on=episode.admitted_on,
            last_given_at=last_given.get((client.pk, s.instrument)),
            every_days=s.every_days,
            now=now,
            zone=client.site.timezone,
        )
        for s in schedules
    ]


def _last_given(*, client_ids: list[Any]) -> dict[tuple[Any, str], dt.datetime]:
    if not client_ids:
        return {}
    rows = (
        MeasureResponse.objects.filter(client_id__in=client_ids)
        .values("client_id", "instrument")
        .annotate(last=Max("administered_at"))
    )
    return {(row["client_id"], row["instrument"]): row["last"] for row in rows}


@dataclass(frozen=True)
class Latest:
    """The most recent score of one instrument for a client, and how many times it was given."""

    instrument: str
    short_name: str
    response: MeasureResponse
    count: int


def _responses_of(client: Client) -> list[MeasureResponse]:
    return list(
        MeasureResponse.objects.filter(client=client)
        .select_related("administered_by")
        .order_by("administered_at", "created_at")
    )


def list_latest_scores(*, client: Client) -> list[Latest]:
    by_instrument: dict[str, list[MeasureResponse]] = {}
    for response in _responses_of(client):
        by_instrument.setdefault(response.instrument, []).append(response)
    return [
        Latest(
            instrument=code,
            short_name=get_instrument(code).short_name,
            response=responses[-1],
            count=len(responses),
        )
        for code, responses in sorted(by_instrument.items())
    ]


@dataclass(frozen=True)
class ClientMeasures:
    charts: list[trends.Chart]
    recent: list[MeasureResponse]


def get_client_measures(*, client: Client, recent: int = 15) -> ClientMeasures:
    """A trend chart for every instrument the client has answered (one query, whatever the history)."""
    responses = _responses_of(client)
    zone = clock.zone(client.site.timezone)
    by_instrument: dict[str, list[trends.Point]] = {}
    for r in responses:
        point = trends.Point(
            at=r.administered_at.astimezone(zone),
            total=r.total,
            band=r.band,
            subscales=r.subscales,
            sex=r.sex,
        )
        by_instrument.setdefault(r.instrument, []).append(point)
    charts = [
        trends.build_chart(instrument, by_instrument[instrument.code])
        for instrument in list_instruments_in_order()
        if instrument.code in by_instrument
    ]
    return ClientMeasures(charts=charts, recent=list(reversed(responses))[:recent])
