"""Tracks: their rosters, capacity and waitlists, and placing clients in them."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.clients.models import Client
from trellis.core import clock, page_memo
from trellis.core.form_errors import attach_errors
from trellis.episodes import roster_kept, services
from trellis.episodes.forms import EnrollForm
from trellis.episodes.models import Enrollment, WaitlistEntry
from trellis.programs.models import Track


def _visible_tracks(user: Any) -> Any:
    return roster_kept.visible_tracks(user)


@login_required
def track_list_view(request: HttpRequest) -> HttpResponse:
    tracks = list(_visible_tracks(request.user).select_related("site", "program").prefetch_related("groups"))
    day = clock.today_in(tracks[0].site.timezone) if tracks else clock.now().date()
    counts = _enrolled_counts(tracks, day)
    return render(request, "episodes/track_list.html", {"tracks": tracks, "counts": counts})


def _enrolled_counts(tracks: list[Track], day: Any) -> dict[Any, int]:
    counts: dict[Any, int] = {}
    for track_id in Enrollment.objects.on(day).filter(track__in=tracks).values_list("track_id", flat=True):
        counts[track_id] = counts.get(track_id, 0) + 1
    return counts


@login_required
def track_roster_view(request: HttpRequest, pk: Any) -> HttpResponse:
    # The page's reads share the activity stamp read with the track (its body's key, the nav's count).
    with page_memo.reading_page():
        track = roster_kept.track_for(request.user, pk)
        return _roster_page(request, track)


def _roster_page(
    request: HttpRequest, track: Track, form: EnrollForm | None = None, *, status: int = 200
) -> HttpResponse:
    """The roster; `form` is a refused enrollment, shown as typed with its errors."""
    body = roster_kept.body_html(request, track, form)
    return render(request, "episodes/track_roster.html", {"track": track, "body": body}, status=status)


@require_POST
@requires(Capability.MANAGE_ENROLLMENT)
def enroll_view(request: HttpRequest, pk: Any) -> HttpResponse:
    track = get_object_or_404(_visible_tracks(request.user).select_related("site", "program"), pk=pk)
    form = EnrollForm(request.POST, track=track, episodes=roster_kept.open_episodes_for(track, request.user))
    if not form.is_valid():
        return _roster_page(request, track, form, status=400)
    data = form.cleaned_data
    name = data["episode"].client.display_name
    try:
        if request.POST.get("waitlist"):
            services.add_to_waitlist(
                episode=data["episode"],
                track=track,
                phase=data["phase"],
                requested_on=data["starts_on"],
                added_by=request.user,
            )
            messages.success(request, f"{name} is on the waitlist.")
        else:
            services.enroll_client(
                episode=data["episode"],
                track=track,
                phase=data["phase"],
                starts_on=data["starts_on"],
                enrolled_by=request.user,
            )
            messages.success(request, f"{name} is enrolled.")
    except ValidationError as error:
        attach_errors(form, error)
        return _roster_page(request, track, form, status=400)
    return redirect("episodes:track_roster", pk=track.pk)


@require_POST
@requires(Capability.MANAGE_ENROLLMENT)
def enroll_from_waitlist_view(request: HttpRequest, pk: Any, entry_pk: Any) -> HttpResponse:
    track = get_object_or_404(_visible_tracks(request.user).select_related("site"), pk=pk)
    entry = get_object_or_404(
        WaitlistEntry.objects.filter(
            track=track, episode__client__in=Client.objects.visible_to(request.user)
        ),
        pk=entry_pk,
    )
    try:
        services.enroll_client(
            episode=entry.episode,
            track=track,
            phase=entry.phase,
            starts_on=clock.today_in(track.site.timezone),
            enrolled_by=request.user,
        )
        messages.success(request, "Enrolled from the waitlist.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("episodes:track_roster", pk=track.pk)
