"""The portal's own session: a client is never logged in as a Django User. The session carries the portal
account's id under its own key, ends after 15 idle minutes or 8 hours in all, and is refused to staff.

Staff pages need a User login, so a portal-only session reaching them goes to the staff login page with
nothing shown; /me/ refuses any session with a staff login in it (portal_view below).
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from trellis.core import clock
from trellis.portal.models import PortalAccount

ACCOUNT_KEY = "portal_account_id"
STARTED_KEY = "portal_started_at"
SEEN_KEY = "portal_last_seen_at"
PENDING_KEY = "portal_pending_address"
IDLE_SECONDS = 15 * 60
MAX_SECONDS = 8 * 3600

View = Callable[..., HttpResponse]


def start(request: HttpRequest, *, account: PortalAccount) -> None:
    """A new session key on sign-in, so a key planted before it (session fixation) opens nothing."""
    request.session.cycle_key()
    now = clock.now().timestamp()
    request.session[ACCOUNT_KEY] = str(account.pk)
    request.session[STARTED_KEY] = now
    request.session[SEEN_KEY] = now
    request.session.pop(PENDING_KEY, None)
    request.session.pop("portal_family_access_id", None)  # family_sessions.ACCESS_KEY: one kind at a time


def end(request: HttpRequest) -> None:
    request.session.flush()


def _live_account_id(session: Any) -> str | None:
    account_id = session.get(ACCOUNT_KEY)
    if not account_id:
        return None
    now = clock.now().timestamp()
    started = float(session.get(STARTED_KEY) or 0)
    seen = float(session.get(SEEN_KEY) or 0)
    if now - started > MAX_SECONDS or now - seen > IDLE_SECONDS:
        return None
    return str(account_id)


def current_account(request: HttpRequest) -> PortalAccount | None:
    account_id = _live_account_id(request.session)
    if account_id is None:
        return None
    found: PortalAccount | None = (
        PortalAccount.objects.filter(pk=account_id, is_active=True)
        .select_related("client__site", "client__organization")
        .first()
    )
    return found


def refuse_staff(request: HttpRequest) -> HttpResponse | None:
    """The portal is the client's realm: a staff login does not open it, not even to look."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return render(request, "portal/staff_refused.html", status=403)
    return None


def portal_view(view: View) -> View:
    """Guards a /me/ page: no staff session, a live portal session, else the sign-in page."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refused = refuse_staff(request)
        if refused is not None:
            return refused
        account = current_account(request)
        if account is None:
            if request.session.get(ACCOUNT_KEY):
                end(request)
                return redirect(reverse("portal:sign_in") + "?ended=1")
            return redirect("portal:sign_in")
        request.session[SEEN_KEY] = clock.now().timestamp()
        return view(request, account, *args, **kwargs)

    return guarded


def in_care_view(view: View) -> View:
    """Guards a /me/ page that only a client in care has use for (check-ins, the plan, joining a session,
    inviting family to the schedule): after discharge the portal is the alumni home, and a bookmarked or typed
    address goes there too. Consents (revoking is a right that outlives the stay) and passkeys stay open."""
    from trellis.alumni.selectors import is_alumnus  # alumni builds on the portal: imported when first used

    @portal_view
    @wraps(view)
    def guarded(request: HttpRequest, account: PortalAccount, *args: Any, **kwargs: Any) -> HttpResponse:
        if is_alumnus(client=account.client):
            return redirect("alumni:home")
        return view(request, account, *args, **kwargs)

    return guarded
