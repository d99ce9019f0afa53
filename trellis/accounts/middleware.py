import time
from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

SESSION_KEY = "trellis_last_seen"
LIMIT_KEY = "trellis_idle_seconds"
LOGIN_HEADER = "X-Trellis-Login"


class IdleSessionTimeoutMiddleware:
    """Ends a staff session idle longer than its organization allows (HIPAA 164.312(a)(2)(iii)).

    An HTMX request after the session ended gets 401 rather than the login page: swapped into a note, the
    login form would take the place of what the user typed. The page's script (static/trellis/drafts.js)
    keeps the typed text on the device and offers the login page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            last_seen = request.session.get(SESSION_KEY)
            # Read the organization's setting once per login, not on every request.
            limit = request.session.setdefault(LIMIT_KEY, idle_seconds(user))
            if last_seen is not None and now - float(last_seen) > limit:
                logout(request)
                return _login_again(request, idle=True)
            request.session[SESSION_KEY] = now
        response = self.get_response(request)
        if _sends_to_login(response) and (_is_htmx(request) or request.method == "POST"):
            return _login_again(request, idle=False)
        return response


def idle_seconds(user: object) -> int:
    organization = getattr(user, "organization", None)
    minutes = getattr(organization, "idle_timeout_minutes", None) or settings.TRELLIS_DEFAULT_IDLE_MINUTES
    return int(minutes) * 60


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


def _login_again(request: HttpRequest, *, idle: bool) -> HttpResponse:
    """The login page for a page load; for HTMX a 401 naming it, which swaps nothing into the page."""
    query = "&".join(part for part in ("idle=1" if idle else "", _back_to_form(request)) if part)
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
