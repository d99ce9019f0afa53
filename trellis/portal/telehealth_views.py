"""Joining a virtual or hybrid group from the portal: /me/sessions/<id>/join/ records the join and sends the
client to the session's video room; "I've left" records the leave. Only the client's own sessions (their
track's, on a day they were enrolled) open here: any other is 404, as another client's object is."""

from typing import Any
from urllib.parse import urlsplit

from csp.decorators import csp_update
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from trellis.attendance import services as attendance
from trellis.attendance import telehealth
from trellis.core import clock
from trellis.core.form_errors import attach_errors
from trellis.portal import selectors, services, sessions
from trellis.portal.models import PortalAccount
from trellis.scheduling.models import GroupSession

# The join form's answer is a redirect to the video service: the page may send its form there (CSP form-action).
_ROOM = urlsplit(settings.TELEHEALTH_BASE_URL)
ROOM_ORIGIN = f"{_ROOM.scheme}://{_ROOM.netloc}"


class JoinForm(forms.Form):
    audio_only = forms.BooleanField(label="I'm joining by phone / audio only", required=False)


def _own_session(account: PortalAccount, pk: Any) -> GroupSession:
    queryset = GroupSession.objects.select_related("group", "track__site").filter(
        track__site__organization_id=account.client.organization_id
    )
    session: GroupSession = get_object_or_404(queryset, pk=pk)
    if not session.is_telehealth or not attendance.is_on_roster(session=session, client=account.client):
        raise Http404("No such session.")
    return session


def _render(
    request: HttpRequest, account: PortalAccount, session: GroupSession, form: JoinForm
) -> HttpResponse:
    client = account.client
    context = {
        "client": client,
        "signed_in": True,
        "program_phone": selectors.program_phone(client=client),
        "session": session,
        "zone": session.track.site.timezone,
        "form": form,
        "joinable": telehealth.is_joinable(session=session, now=clock.now()),
        "visit": telehealth.open_visit(session=session, client=client),
    }
    return render(request, "portal/session_join.html", context, status=400 if form.errors else 200)


@csp_update({"form-action": [ROOM_ORIGIN]})
@sessions.in_care_view
def join_view(request: HttpRequest, account: PortalAccount, pk: Any) -> HttpResponse:
    session = _own_session(account, pk)
    services.record_portal_view(account=account, page="telehealth join")
    form = JoinForm(request.POST if request.method == "POST" else None)  # an unticked box posts nothing
    if request.method == "POST" and form.is_valid():
        try:
            telehealth.record_join(
                session=session, client=account.client, audio_only=form.cleaned_data["audio_only"]
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return redirect(telehealth.room_url(session=session))
    return _render(request, account, session, form)


@require_POST
@sessions.in_care_view
def left_view(request: HttpRequest, account: PortalAccount, pk: Any) -> HttpResponse:
    session = _own_session(account, pk)
    telehealth.record_leave(session=session, client=account.client)
    return redirect("portal:home")
