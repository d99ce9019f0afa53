"""The track roster's body, kept rendered per reader (core.kept_pages) and shown again only while it cannot
be stale.

Its key holds the reader, the track, the organization's activity stamp (new with every audited write, in that
write's transaction: an enrollment, a discharge, a waitlist entry, a group or a track changed) and the UTC
day; the clock alone changes only the day the roster is read on, so a kept body ends at the next midnight at
the track's site. The body holds forms: it is kept with a random slot where each CSRF token goes and gets the
request's token when shown (kept_pages.fill_token_slot). A refused enrollment (a form with errors) is
rendered afresh, never kept. Every showing records a view of each client on the roster and the waitlist.
"""

from typing import Any

from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string

from trellis.accounts.roles import Capability
from trellis.clients.models import Client
from trellis.core import clock, kept_pages
from trellis.episodes.choices import WaitlistStatus
from trellis.episodes.forms import EnrollForm
from trellis.episodes.models import Enrollment, Episode, WaitlistEntry
from trellis.privacy import audit
from trellis.programs.models import Track

LAYOUT = 1  # raise when track_roster.html's body changes shape, so bodies kept by the old code are not shown
BODY = "episodes/track_roster.html#body"
DETAIL = "track roster"


def visible_tracks(user: Any) -> Any:
    return Track.objects.filter(site_id__in=user.site_ids(), program_id__in=user.program_ids())


def track_for(user: Any, pk: Any) -> Track:
    """The track through the reader's gate, the activity stamps read first and remembered for the page (call
    inside page_memo.reading_page())."""
    kept_pages.activity_key(user)
    track: Track = get_object_or_404(visible_tracks(user).select_related("site", "program"), pk=pk)
    return track


def open_episodes_for(track: Track, user: Any) -> Any:
    return (
        Episode.objects.open()
        .filter(
            program_id=track.program_id,
            # Narrowed to the track's site before the gate: a director sees 20 sites' clients.
            client__in=Client.objects.filter(site_id=track.site_id).visible_to(user),
            client__site_id=track.site_id,
        )
        .exclude(Exists(Enrollment.objects.filter(episode=OuterRef("pk"), ends_on__isnull=True)))
        .select_related("client")
        .order_by("client__legal_last_name")
    )


def body_html(request: HttpRequest, track: Track, form: EnrollForm | None = None) -> str:
    """The roster below the page's frame; kept unless `form` is a refused enrollment to show with its
    errors. The views of the clients it names are recorded either way. `track` comes from track_for()."""
    user: Any = request.user
    if form is not None:
        context, shown = _context(request, track, form)
        audit.record_views(actor=user, client_ids=shown, detail=DETAIL)
        return render_to_string(BODY, context, request=request)
    key = kept_pages.page_key(
        page="track_roster", layout=LAYOUT, user=user, day=clock.now().date(), extra=str(track.pk)
    )
    kept = kept_pages.get_or_render(key, lambda: _render(request, track))
    audit.record_views(actor=user, client_ids=kept.shown_client_ids, detail=DETAIL)
    return kept_pages.fill_token_slot(kept.html, kept.extra["token_slot"], request)


def _render(request: HttpRequest, track: Track) -> kept_pages.Kept:
    context, shown = _context(request, track, None)
    html, slot = kept_pages.render_with_token_slot(BODY, context, request)
    return kept_pages.Kept(
        html=html,
        shown_client_ids=tuple(shown),
        valid_until=clock.next_midnight([track.site.timezone]),
        extra={"token_slot": slot},
    )


def _context(request: HttpRequest, track: Track, form: EnrollForm | None) -> tuple[dict[str, Any], list[Any]]:
    day = clock.today_in(track.site.timezone)
    user: Any = request.user
    sees_clients = user.can(Capability.VIEW_CLIENTS)
    enrollments = (
        list(
            Enrollment.objects.on(day)
            .filter(track=track)
            .select_related("episode__client", "phase")
            .order_by("episode__client__legal_last_name")
        )
        if sees_clients
        else []
    )
    waitlist = (
        list(
            WaitlistEntry.objects.filter(track=track, status=WaitlistStatus.WAITING).select_related(
                "episode__client", "phase"
            )
        )
        if sees_clients
        else []
    )
    can_enroll = user.can(Capability.MANAGE_ENROLLMENT)
    if form is None and can_enroll:
        form = EnrollForm(track=track, episodes=open_episodes_for(track, user), initial={"starts_on": day})
    context = {
        "track": track,
        "day": day,
        "enrollments": enrollments,
        "waitlist": waitlist,
        "places_left": max(0, track.capacity - len(enrollments)),
        "form": form,
        "can_enroll": can_enroll,
        "groups": list(track.groups.select_related("room", "facilitator")),
    }
    shown = list(dict.fromkeys(e.episode.client_id for e in enrollments + waitlist))
    return context, shown
