"""Reads for alumni pages: who is an alumnus, which follow-up is open, the site's upcoming events."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count

from trellis.accounts.roles import Capability
from trellis.alumni import rules
from trellis.alumni.models import AlumniEvent, EventReply, FollowUp, Reconnect
from trellis.clients.models import Client
from trellis.core import clock
from trellis.episodes.choices import DischargeReason
from trellis.episodes.models import Episode
from trellis.intake.choices import InquiryStatus

EVENTS_AHEAD = dt.timedelta(days=90)
OPEN_INQUIRY = (InquiryStatus.NEW, InquiryStatus.SCREENED, InquiryStatus.ASSESSMENT_BOOKED)


def get_last_discharge(*, client: Client) -> Episode | None:
    """The stay an alumnus was discharged from: the client's latest episode, when it is closed."""
    latest: Episode | None = (
        Episode.objects.filter(client=client)
        .select_related("primary_clinician")
        .order_by("-admitted_on", "-created_at")
        .first()
    )
    if latest is None or latest.discharged_on is None or latest.discharge_reason == DischargeReason.DEATH:
        return None
    return latest


def is_alumnus(*, client: Client) -> bool:
    return get_last_discharge(client=client) is not None


@dataclass(frozen=True)
class OpenFollowUp:
    episode: Episode
    window: rules.Window
    done: FollowUp | None

    @property
    def needs_answer(self) -> bool:
        return self.done is None or self.done.completed_at is None


def get_open_follow_up(*, client: Client, today: dt.date) -> OpenFollowUp | None:
    """The 30, 60 or 90-day follow-up whose window holds today, answered or not; None between windows."""
    episode = get_last_discharge(client=client)
    if episode is None or episode.discharged_on is None:
        return None
    window = rules.open_window(discharged_on=episode.discharged_on, today=today)
    if window is None:
        return None
    done = FollowUp.objects.filter(episode=episode, milestone=window.milestone).first()
    return OpenFollowUp(episode=episode, window=window, done=done)


@dataclass(frozen=True)
class EventLine:
    event: AlumniEvent
    coming: bool


def list_upcoming_events(*, client: Client) -> list[EventLine]:
    """Events of the alumnus's own site from now through the next 90 days, each with the alumnus's reply."""
    now = clock.now()
    events = list(
        AlumniEvent.objects.filter(
            organization_id=client.organization_id,
            site_id=client.site_id,
            starts_at__gte=now,
            starts_at__lte=now + EVENTS_AHEAD,
        ).order_by("starts_at")
    )
    replied = set(
        EventReply.objects.filter(client=client, event__in=events).values_list("event_id", flat=True)
    )
    return [EventLine(event=event, coming=event.pk in replied) for event in events]


def get_alumni_event(*, client: Client, pk: Any) -> AlumniEvent | None:
    """One upcoming event of the alumnus's own site; None for any other (the view answers 404)."""
    found: AlumniEvent | None = AlumniEvent.objects.filter(
        pk=pk, organization_id=client.organization_id, site_id=client.site_id, starts_at__gte=clock.now()
    ).first()
    return found


def get_pending_reconnect(*, client: Client) -> Reconnect | None:
    """The alumnus's reconnect request still open in the intake pipeline, if any."""
    found: Reconnect | None = (
        Reconnect.objects.filter(client=client, inquiry__status__in=OPEN_INQUIRY)
        .order_by("-requested_at")
        .first()
    )
    return found


def may_manage_events(user: Any) -> bool:
    """Directors, case managers and clinicians: those who keep the program's outside connections."""
    return bool(getattr(user, "is_authenticated", False) and user.can(Capability.CASE_MANAGEMENT))


def events_visible_to(user: Any) -> Any:
    """Alumni events of the user's own organization and sites."""
    if not may_manage_events(user):
        return AlumniEvent.objects.none()
    return AlumniEvent.objects.filter(organization_id=user.organization_id, site_id__in=user.site_ids())


def list_staff_events(*, user: Any) -> list[tuple[AlumniEvent, int]]:
    """Upcoming (and last week's) events of the user's sites, each with how many alumni said they will come."""
    since = clock.now() - dt.timedelta(days=7)
    rows = (
        events_visible_to(user)
        .filter(starts_at__gte=since)
        .select_related("site")
        .annotate(coming=Count("replies"))
        .order_by("starts_at")
    )
    return [(row, row.coming) for row in rows]
