"""Reads for the Today page: today's sessions, census by track, who is short of hours, the waitlist.

Every function runs a fixed number of queries, whatever the number of clients and sessions.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from trellis.accounts.roles import Capability
from trellis.attendance.compliance import WeekResult
from trellis.attendance.selectors import list_weeks_compliance, needs_attention
from trellis.clients.models import Client
from trellis.core import clock, clock_marks
from trellis.episodes.choices import WaitlistStatus
from trellis.episodes.models import Enrollment, WaitlistEntry
from trellis.programs.models import Site, Track
from trellis.scheduling.models import GroupSession


def _count(queryset: Any) -> Any:
    """A correlated COUNT(*) subquery, 0 when there are no rows."""
    counted = queryset.order_by().values("track_id").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


DEFAULT_ZONE = "America/New_York"


def get_local_today(*, user: Any) -> tuple[dt.date, str]:
    """Today's date in the zone of the user's first site (their organization's default otherwise)."""
    day, zone, _ = get_local_days(user=user)
    return day, zone


def get_local_days(*, user: Any) -> tuple[dt.date, str, set[str]]:
    """As get_local_today, and every zone the user's sites keep (one query): a director's sites may turn to
    the next day at different hours."""
    zones = list(
        Site.objects.filter(pk__in=user.site_ids()).order_by("name").values_list("timezone", flat=True)
    )
    zone = zones[0] if zones else DEFAULT_ZONE
    return clock.today_in(zone), zone, {zone, *zones}


def list_sessions_on(*, user: Any, day: dt.date) -> list[GroupSession]:
    enrolled = Enrollment.objects.on(day).filter(track_id=OuterRef("track_id"))
    sessions = list(
        GroupSession.objects.visible_to(user)
        .on(day)
        .select_related("group", "track__site", "room", "facilitator", "topic")
        .annotate(roster_count=_count(enrolled), recorded_count=Count("attendance"))
        .order_by("starts_at", "group__name")
    )
    # A facilitator's session starting puts its note on their list (notes panel): a kept page ends then.
    clock_marks.changes_at(s.starts_at for s in sessions)
    return sessions


def list_visible_tracks(*, user: Any) -> Any:
    return Track.objects.filter(
        site_id__in=user.site_ids(), program_id__in=user.program_ids(), is_active=True
    )


def list_track_census(*, user: Any, day: dt.date) -> list[Track]:
    enrolled = Enrollment.objects.on(day).filter(track_id=OuterRef("pk"))
    waiting = WaitlistEntry.objects.filter(track_id=OuterRef("pk"), status=WaitlistStatus.WAITING)
    return list(
        list_visible_tracks(user=user)
        .select_related("site", "program")
        .annotate(enrolled_count=_count(enrolled), waiting_count=_count(waiting))
        .order_by("site__name", "name")
    )


@dataclass(frozen=True)
class HoursAlert:
    client: Client
    track: Track
    week: WeekResult


def list_clients_short_of_hours(
    *, user: Any, days: list[dt.date], today: dt.date, limit: int
) -> list[list[HoursAlert]]:
    """For each of `days`, the clients enrolled on it who cannot reach, or did not reach, the minimum in its
    week: the furthest behind first, at most `limit` a day. All the weeks are judged together (9 queries
    whatever the number of days and clients); only the clients shown are loaded as objects."""
    if not user.can(Capability.VIEW_CLIENTS) or not days:
        return [[] for _ in days]
    enrolled = list(
        Enrollment.objects.overlapping(min(days), max(days) + dt.timedelta(days=1))
        .filter(episode__client__in=Client.objects.visible_to(user))
        .values_list("episode__client_id", "track_id", "starts_on", "ends_on")
    )
    track_of = [
        {c: t for c, t, starts, ends in enrolled if starts <= day and (ends is None or ends > day)}
        for day in days
    ]
    mondays = [clock.week_start(day) for day in days]
    client_ids = list({c for tracks in track_of for c in tracks})
    weeks = list_weeks_compliance(client_ids=client_ids, mondays=sorted(set(mondays)), today=today)
    behind = [
        _furthest_behind(weeks[monday], tracks, limit)
        for monday, tracks in zip(mondays, track_of, strict=True)
    ]
    clients = Client.objects.in_bulk({c for ids in behind for c in ids})
    tracks = Track.objects.in_bulk({track_of[n][c] for n, ids in enumerate(behind) for c in ids})
    return [
        [
            HoursAlert(client=clients[c], track=tracks[track_of[n][c]], week=weeks[mondays[n]][c])
            for c in ids
            if c in clients
        ]
        for n, ids in enumerate(behind)
    ]


def _furthest_behind(weeks: dict[Any, WeekResult], track_of: dict[Any, Any], limit: int) -> list[Any]:
    return sorted(
        (client_id for client_id, week in weeks.items() if client_id in track_of and needs_attention(week)),
        key=lambda client_id: (-weeks[client_id].shortfall_minutes, str(client_id)),
    )[:limit]


def list_waitlist(*, user: Any, tracks: Any = None, limit: int | None = None) -> list[WaitlistEntry]:
    if not user.can(Capability.VIEW_CLIENTS):
        return []
    entries = WaitlistEntry.objects.filter(
        status=WaitlistStatus.WAITING, episode__client__in=Client.objects.visible_to(user)
    ).filter(Q(track__in=tracks) if tracks is not None else Q(track__in=list_visible_tracks(user=user)))
    ordered = entries.select_related("episode__client", "track", "phase").order_by(
        "requested_on", "created_at"
    )
    return list(ordered[:limit] if limit is not None else ordered)
