"""Week calendars per track, room and clinician, and the secret-link iCalendar feeds."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseGone
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from trellis.accounts.models import User
from trellis.accounts.roles import Capability
from trellis.clients.models import Client
from trellis.privacy import audit
from trellis.programs.models import Room, Site, Track
from trellis.scheduling import calendars, ical, selectors, services
from trellis.scheduling.models import Appointment, CalendarFeedToken


def _render_week(
    request: HttpRequest, *, title: str, subtitle: str, groups: Any, zone: str, appointments: Any = None
) -> HttpResponse:
    user: Any = request.user
    monday = calendars.parse_week(request.GET.get("week"), zone=zone)
    names = Client.objects.visible_to(user) if user.can(Capability.VIEW_CLIENTS) else None
    week = calendars.get_group_week(groups=groups, monday=monday, visible=names, appointments=appointments)
    audit.record_views(actor=user, client_ids=week.client_ids, detail=f"week calendar: {title}"[:60])
    context = {"title": title, "subtitle": subtitle, "week": week, "zone": zone}
    return render(request, "scheduling/week.html", context)


@login_required
def track_week_view(request: HttpRequest, pk: Any) -> HttpResponse:
    user: Any = request.user
    tracks = Track.objects.filter(site_id__in=user.site_ids(), program_id__in=user.program_ids())
    track = get_object_or_404(tracks.select_related("site"), pk=pk)
    groups = calendars.groups_for(track=track)
    return _render_week(request, title=track.name, subtitle="Track", groups=groups, zone=track.site.timezone)


@login_required
def room_week_view(request: HttpRequest, pk: Any) -> HttpResponse:
    user: Any = request.user
    room = get_object_or_404(Room.objects.filter(site_id__in=user.site_ids()).select_related("site"), pk=pk)
    groups = calendars.groups_for(room=room)
    subtitle = f"Room at {room.site.name}, seats {room.capacity}"
    return _render_week(request, title=room.name, subtitle=subtitle, groups=groups, zone=room.site.timezone)


@login_required
def staff_week_view(request: HttpRequest, pk: Any) -> HttpResponse:
    user: Any = request.user
    colleagues = User.objects.filter(
        organization_id=user.organization_id, sites__in=user.site_ids()
    ).distinct()
    staff = get_object_or_404(colleagues, pk=pk)
    groups = calendars.groups_for(facilitator=staff, track__site_id__in=user.site_ids())
    zone = groups[0].track.site.timezone if groups else _home_zone(staff)
    name = staff.get_full_name() or staff.username
    appointments = Appointment.objects.visible_to(user).filter(staff=staff)
    return _render_week(
        request,
        title=name,
        subtitle="Groups facilitated and appointments",
        groups=groups,
        zone=zone,
        appointments=appointments,
    )


def _home_zone(staff: Any) -> str:
    """The zone of a site the person works at, for someone who facilitates no group."""
    site = Site.objects.filter(pk__in=staff.site_ids()).order_by("name").first()
    return site.timezone if site else "UTC"


@login_required
def my_week_view(request: HttpRequest) -> HttpResponse:
    """The logged-in clinician's own calendar, with their private calendar link."""
    user: Any = request.user
    token = CalendarFeedToken.objects.filter(user=user).first()
    groups = calendars.groups_for(facilitator=user)
    zone = groups[0].track.site.timezone if groups else _home_zone(user)
    monday = calendars.parse_week(request.GET.get("week"), zone=zone)
    names = Client.objects.visible_to(user) if user.can(Capability.VIEW_CLIENTS) else None
    appointments = Appointment.objects.filter(staff=user)
    week = calendars.get_group_week(groups=groups, monday=monday, visible=names, appointments=appointments)
    audit.record_views(actor=user, client_ids=week.client_ids, detail="week calendar: mine")
    context = {
        "title": "My calendar",
        "subtitle": "Groups you facilitate and your appointments",
        "week": week,
        "zone": zone,
        "feed_url": request.build_absolute_uri(reverse("scheduling:feed", args=[token.token]))
        if token
        else "",
        "is_mine": True,
    }
    return render(request, "scheduling/week.html", context)


@require_POST
@login_required
def my_feed_link_view(request: HttpRequest) -> HttpResponse:
    services.rotate_feed_token(owner=request.user, rotated_by=request.user)
    messages.success(request, "New calendar link made; any older link no longer works.")
    return redirect("scheduling:my_week")


@require_POST
@login_required
def my_feed_off_view(request: HttpRequest) -> HttpResponse:
    if services.turn_off_feed_token(owner=request.user, turned_off_by=request.user):
        messages.success(request, "Calendar link turned off; calendars subscribed to it stop updating.")
    return redirect("scheduling:my_week")


def feed_view(request: HttpRequest, token: str) -> HttpResponse:
    """A calendar subscription: the link is the secret, so no login; an unknown, replaced or turned-off link
    is 404, and a discharged client's link is 410 Gone."""
    feed = CalendarFeedToken.objects.select_related("client__site", "user").filter(token=token).first()
    if feed is None or (feed.user is not None and not feed.user.is_active):
        raise Http404("No such calendar.")
    if feed.client is not None and (
        feed.revoked_at is not None or not selectors.is_client_feed_live(feed=feed)
    ):
        return HttpResponseGone("This calendar link ended when the client was discharged.")
    if feed.client is not None:
        # Read without a login: recorded as an export of the client's schedule, made through their link.
        audit.record(
            actor=None,
            system_job="calendar feed",
            action=audit.Action.EXPORT,
            client_id=feed.client_id,
            obj=feed,
            detail="calendar feed read through the client's link",
        )
        body = ical.client_feed(client=feed.client)
    else:
        body = ical.clinician_feed(user=feed.user)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = 'inline; filename="schedule.ics"'
    return response
