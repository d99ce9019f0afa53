"""Reads for the schedule workflow: a proposal against the published week, and what waits for review."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from trellis.clients.models import Client
from trellis.episodes.models import Episode
from trellis.scheduling.models import CalendarFeedToken, ProposedPlacement, ScheduleProposal, Shortfall

Status = ScheduleProposal.Status


@dataclass(frozen=True)
class Slot:
    """One day of a client's week: which group, and when."""

    date: dt.date
    group_name: str
    starts_at: dt.time

    @property
    def label(self) -> str:
        return f"{self.date:%a} {self.starts_at:%H:%M} {self.group_name}"


@dataclass
class ClientChange:
    client: Client
    before: list[Slot]
    after: list[Slot]

    @property
    def kind(self) -> str:
        if not self.before:
            return "added"
        if not self.after:
            return "removed"
        return "moved" if self.before != self.after else "unchanged"


@dataclass
class Review:
    """What publishing the proposal would change, client by client, and who still falls short."""

    proposal: ScheduleProposal
    current: ScheduleProposal | None
    changes: list[ClientChange]
    shortfalls: list[Shortfall]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> list[ClientChange]:
        return [c for c in self.changes if c.kind != "unchanged"]

    @property
    def client_ids(self) -> list[Any]:
        return [c.client.pk for c in self.changes] + [s.client_id for s in self.shortfalls]


def get_published(*, site_id: Any, week_start: dt.date) -> ScheduleProposal | None:
    published: ScheduleProposal | None = ScheduleProposal.objects.filter(
        site_id=site_id, week_start=week_start, status=Status.PUBLISHED
    ).first()
    return published


def _compared_with(proposal: ScheduleProposal) -> ScheduleProposal | None:
    """The week's published schedule; for a published proposal, the one it replaced."""
    if proposal.status not in (Status.PUBLISHED, Status.SUPERSEDED):
        return get_published(site_id=proposal.site_id, week_start=proposal.week_start)
    earlier: ScheduleProposal | None = (
        ScheduleProposal.objects.filter(
            site_id=proposal.site_id,
            week_start=proposal.week_start,
            published_at__lt=proposal.published_at,
        )
        .order_by("-published_at")
        .first()
    )
    return earlier


def _slots(proposal: ScheduleProposal | None, visible: Any) -> dict[Any, list[Slot]]:
    slots: dict[Any, list[Slot]] = defaultdict(list)
    if proposal is None:
        return slots
    rows = (
        ProposedPlacement.objects.filter(proposal=proposal, client__in=visible)
        .values_list("client_id", "date", "group__name", "group__starts_at")
        .order_by("date")
    )
    for client_id, day, name, starts_at in rows:
        slots[client_id].append(Slot(day, name, starts_at))
    return slots


def get_review(*, proposal: ScheduleProposal, user: Any) -> Review:
    """The proposal against the week's published schedule, for the clients this user may see (5 queries)."""
    visible = Client.objects.visible_to(user)
    current = _compared_with(proposal)
    before, after = _slots(current, visible), _slots(proposal, visible)
    clients = Client.objects.filter(pk__in=set(before) | set(after)).order_by(
        "legal_last_name", "legal_first_name"
    )
    changes = [ClientChange(c, before.get(c.pk, []), after.get(c.pk, [])) for c in clients]
    shortfalls = list(proposal.shortfalls.filter(client__in=visible).select_related("client"))
    counts: dict[str, int] = defaultdict(int)
    for change in changes:
        counts[change.kind] += 1
    return Review(proposal, current, changes, shortfalls, dict(counts))


def list_ready_proposals(*, user: Any) -> list[ScheduleProposal]:
    """Proposals waiting for review at the user's sites (for the Today panel)."""
    return list(
        ScheduleProposal.objects.filter(site_id__in=user.site_ids(), status=Status.READY)
        .select_related("site")
        .order_by("week_start")[:5]
    )


def is_client_feed_live(*, feed: CalendarFeedToken) -> bool:
    """A client's calendar link belongs to one stay in care: it works while the client is in care and dies
    at discharge. After a readmission the old link stays dead (it was made before this stay began); staff
    make a new one."""
    if feed.client_id is None:
        return False
    current_stay = Episode.objects.filter(client_id=feed.client_id).open().order_by("-created_at").first()
    return current_stay is not None and feed.updated_at >= current_stay.created_at
