"""The census as a file: every client enrolled today in a track the user sees, for the director's reports."""

from typing import Any

from django.http import HttpRequest, HttpResponse

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.attendance import today
from trellis.clients.models import Client
from trellis.core.csv_export import csv_download
from trellis.episodes.models import Enrollment


@requires(Capability.VIEW_CLIENTS)
def census_csv_view(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    day, _ = today.get_local_today(user=user)
    visible = Client.objects.visible_to(user).values("pk")
    enrollments = (
        Enrollment.objects.on(day)
        .filter(track__in=today.list_visible_tracks(user=user), episode__client__in=visible)
        .select_related("episode__client", "episode__program", "track__site", "phase")
        .order_by("track__site__name", "track__name", "episode__client__legal_last_name", "pk")
    )
    rows = [
        (
            e.track.site.name,
            e.episode.program.name,
            e.track.name,
            e.episode.client.display_name,
            e.episode.client.chart_number,
            e.episode.admitted_on.isoformat(),
            e.starts_on.isoformat(),
            e.phase.name,
        )
        for e in enrollments
    ]
    return csv_download(
        filename=f"census-{day:%Y-%m-%d}.csv",
        header=("Site", "Program", "Track", "Client", "Chart number", "Admitted", "In track since", "Phase"),
        rows=rows,
        actor=user,
        client_ids=[e.episode.client_id for e in enrollments],
        what=f"census {day:%Y-%m-%d}",
    )
