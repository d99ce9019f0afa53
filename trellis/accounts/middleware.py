from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from trellis.core import clock

SESSION_KEY = "trellis_last_seen"
STARTED_KEY = "trellis_session_started"
LOGIN_HEADER = "X-Trellis-Login"
# Set by static/trellis/drafts.js on requests from `hx-trigger="every ..."` elements: a page refreshing itself
# in the background is not a person at the keyboard.
POLL_HEADER = "X-Trellis-Poll"


class IdleSessionTimeoutMiddleware:
    """Ends a staff session idle longer than its organization allows now (HIPAA 164.312(a)(2)(iii)), or
    older than the absolute lifetime (TRELLIS_SESSION_MAX_HOURS) however busy its user was.

    Only requests a person made count as activity: background polls are served but do not restart the idle
    clock. An HTMX request after the session ended gets 401 rather than the login page: swapped into a note,
    the login form would take the place of what the user typed. The page's script (static/trellis/drafts.js)
    keeps the typed text on the device and offers the login page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = clock.now().timestamp()
            ended = _why_ended(request.session, user=user, now=now)
            if ended:
                logout(request)
                return _login_again(request, ended=ended)
            if not is_poll(request) and _clock_moved(request.session, now=now):
                request.session[SESSION_KEY] = now
        response = self.get_response(request)
        if _sends_to_login(response) and (_is_htmx(request) or request.method == "POST"):
            return _login_again(request, ended="")
        return response


# The idle clock is kept to the minute: saving the session on every request cost every page three queries,
# and a session idle a minute short of its limit ends at worst a minute early, never late.
IDLE_CLOCK_RESOLUTION_SECONDS = 60


def _clock_moved(session: Any, *, now: float) -> bool:
    last_seen = session.get(SESSION_KEY)
    return last_seen is None or now - float(last_seen) >= IDLE_CLOCK_RESOLUTION_SECONDS


def start_session_clocks(*, session: Any) -> None:
    """At login: both the idle clock and the absolute lifetime start now."""
    now = clock.now().timestamp()
    session[STARTED_KEY] = now
    session[SESSION_KEY] = now


def _why_ended(session: Any, *, user: Any, now: float) -> str:
    """ "expired" past the absolute lifetime, "idle" past the idle limit, "" while the session holds."""
    started = session.setdefault(STARTED_KEY, now)
    if now - float(started) > max_session_seconds():
        return "expired"
    last_seen = session.get(SESSION_KEY)
    # The organization's setting as it is now: a director who shortens it shortens sessions already open.
    if last_seen is not None and now - float(last_seen) > idle_seconds(user):
        return "idle"
    return ""


def seconds_left(session: Any, *, user: Any) -> int:
    """How long the session has before its absolute lifetime ends it, for the page's warning."""
    now = clock.now().timestamp()
    started = float(session.get(STARTED_KEY) or now)
    return max(0, int(started + max_session_seconds() - now))


def idle_seconds(user: object) -> int:
    organization = getattr(user, "organization", None)
    minutes = getattr(organization, "idle_timeout_minutes", None) or settings.TRELLIS_DEFAULT_IDLE_MINUTES
    return int(minutes) * 60


def max_session_seconds() -> int:
    return int(settings.TRELLIS_SESSION_MAX_HOURS * 3600)


def is_poll(request: HttpRequest) -> bool:
    return _is_htmx(request) and request.headers.get(POLL_HEADER) == "1"


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _sends_to_login(response: HttpResponse) -> bool:
    location = response.get("Location", "") if response.status_code in (301, 302, 303) else ""
    return bool(location) and urlsplit(location).path == reverse(settings.LOGIN_URL)


def _back_to_form(request: HttpRequest) -> str:
    """After a form posted without a session, log in back to the form's page (where the kept draft is
    restored), not to the address it posted to, which answers only POST."""
    referer = request.headers.get("Referer", "")
    if request.method != "POST" or not url_has_allowed_host_and_scheme(referer, {request.get_host()}):
        return ""
    page = urlsplit(referer)
    return urlencode({"next": page.path + (f"?{page.query}" if page.query else "")})


def _login_again(request: HttpRequest, *, ended: str) -> HttpResponse:
    """The login page (saying why, when a limit `ended` the session) for a page load; for HTMX a 401 naming
    it, which swaps nothing into the page."""
    query = "&".join(part for part in (f"{ended}=1" if ended else "", _back_to_form(request)) if part)
    login = reverse(settings.LOGIN_URL) + (f"?{query}" if query else "")
    if not _is_htmx(request):
        return redirect(login)
    response = HttpResponse(
        "Your session has ended. Log in again; what you typed is kept on this device.",
        status=401,
        content_type="text/plain; charset=utf-8",
    )
    response[LOGIN_HEADER] = login
    return response
