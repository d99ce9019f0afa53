import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

SESSION_KEY = "trellis_last_seen"
LIMIT_KEY = "trellis_idle_seconds"


class IdleSessionTimeoutMiddleware:
    """Ends a staff session idle longer than its organization allows (HIPAA 164.312(a)(2)(iii))."""

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
                return redirect(reverse(settings.LOGIN_URL) + "?idle=1")
            request.session[SESSION_KEY] = now
        return self.get_response(request)


def idle_seconds(user: object) -> int:
    organization = getattr(user, "organization", None)
    minutes = getattr(organization, "idle_timeout_minutes", None) or settings.TRELLIS_DEFAULT_IDLE_MINUTES
    return int(minutes) * 60
