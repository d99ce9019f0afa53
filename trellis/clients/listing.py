"""The client list's columns and filters: where each client stands (status, current track, counselor), in a
fixed number of queries whatever the number of clients.

Filters are ids and a status word, never a name, so they may sit in the address; the name search is posted
(see views.client_list_view)."""

import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Exists, OuterRef, Subquery

from trellis.episodes.models import Enrollment, Episode
from trellis.programs.models import Track

STATUSES = {
    "in_treatment": "In treatment",
    "admitted": "Admitted, not in a track",
    "discharged": "Discharged",
    "not_admitted": "Not admitted",
}


@dataclass(frozen=True)
class Filters:
    status: str = ""
    track: str = ""
    counselor: str = ""

    @classmethod
    def from_query(cls, query: Any) -> "Filters":
        """Only values the form offers; anything else is ignored rather than refused (a stale link)."""
        status = query.get("status", "")
        return cls(
            status=status if status in STATUSES else "",
            track=_digits_or_uuid(query.get("track", "")),
            counselor=_user_id(query.get("counselor", "")),
        )

    @property
    def active(self) -> bool:
        return bool(self.status or self.track or self.counselor)

    def as_query(self) -> str:
        kept = {"status": self.status, "track": self.track, "counselor": self.counselor}
        return "&".join(f"{name}={value}" for name, value in kept.items() if value)


def _user_id(value: str) -> str:
    """A user id as the form sends it, within the database's integer range, or ""."""
    return value if value.isdigit() and int(value) < 2**31 else ""


def _digits_or_uuid(value: str) -> str:
    """A track id as the form sends it, or "" for anything else (a 500 on a bad id would be worse)."""
    try:
        return str(uuid.UUID(value.strip()))
    except ValueError:
        return ""


def with_standing(clients: Any) -> Any:
    """Annotates each client with their open episode's counselor, their current track, and their status."""
    open_episodes = Episode.objects.filter(client=OuterRef("pk"), discharged_on__isnull=True)
    open_enrollment = Enrollment.objects.filter(
        episode__client=OuterRef("pk"), episode__discharged_on__isnull=True, ends_on__isnull=True
    )
    return clients.annotate(
        counselor_id=Subquery(open_episodes.order_by("-admitted_on").values("primary_clinician")[:1]),
        track_id=Subquery(open_enrollment.order_by("-starts_on").values("track")[:1]),
        track_name=Subquery(open_enrollment.order_by("-starts_on").values("track__name")[:1]),
        in_episode=Exists(open_episodes),
        ever_admitted=Exists(Episode.objects.filter(client=OuterRef("pk"))),
    )


def filtered(clients: Any, filters: Filters) -> Any:
    if filters.track:
        clients = clients.filter(track_id=filters.track)
    if filters.counselor:
        clients = clients.filter(counselor_id=int(filters.counselor))
    by_status = {
        "in_treatment": models.Q(in_episode=True, track_id__isnull=False),
        "admitted": models.Q(in_episode=True, track_id__isnull=True),
        "discharged": models.Q(in_episode=False, ever_admitted=True),
        "not_admitted": models.Q(ever_admitted=False),
    }
    if filters.status:
        clients = clients.filter(by_status[filters.status])
    return clients


def status_of(client: Any) -> str:
    if client.in_episode:
        return STATUSES["in_treatment"] if client.track_id else STATUSES["admitted"]
    return STATUSES["discharged"] if client.ever_admitted else STATUSES["not_admitted"]


def counselor_names(clients: list[Any]) -> dict[Any, str]:
    """One query for the counselors of the clients on the page."""
    ids = {client.counselor_id for client in clients if client.counselor_id}
    users = get_user_model().objects.filter(pk__in=ids)
    return {user.pk: user.get_full_name() or user.get_username() for user in users}


def choices_for(user: Any) -> dict[str, list[tuple[str, str]]]:
    """What the filter menus offer: the user's sites' tracks, and the counselors of clients they may see."""
    tracks = Track.objects.filter(site_id__in=user.site_ids(), program_id__in=user.program_ids())
    counselor_ids = Episode.objects.filter(
        client__site_id__in=user.site_ids(), program_id__in=user.program_ids(), discharged_on__isnull=True
    ).values("primary_clinician")
    counselors = get_user_model().objects.filter(pk__in=counselor_ids).order_by("last_name", "first_name")
    return {
        "statuses": list(STATUSES.items()),
        "tracks": [(str(track.pk), f"{track.name}") for track in tracks.order_by("name")],
        "counselors": [(str(u.pk), u.get_full_name() or u.get_username()) for u in counselors],
    }
