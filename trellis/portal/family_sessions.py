"""A family contact's own session kind: the access id under its own key, the same idle and overall limits as a
client's, refused to staff. Each request asks the gate again whether a consent in force still names the
contact: when it no longer does (revoked, expired), the session ends there and then."""

from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from trellis.core import clock
from trellis.portal import family, sessions
from trellis.portal.models import FamilyAccess

ACCESS_KEY = "portal_family_access_id"
PENDING_KEY = "portal_family_pending_address"


def start(request: HttpRequest, *, access: FamilyAccess) -> None:
    request.session.cycle_key()
    now = clock.now().timestamp()
    request.session.pop(sessions.ACCOUNT_KEY, None)  # one kind of portal session at a time
    request.session[ACCESS_KEY] = str(access.pk)
    request.session[sessions.STARTED_KEY] = now
    request.session[sessions.SEEN_KEY] = now
    request.session.pop(PENDING_KEY, None)


def current_access(request: HttpRequest) -> FamilyAccess | None:
    access_id = request.session.get(ACCESS_KEY)
    if not access_id:
        return None
    now = clock.now().timestamp()
    started = float(request.session.get(sessions.STARTED_KEY) or 0)
    seen = float(request.session.get(sessions.SEEN_KEY) or 0)
    if now - started > sessions.MAX_SECONDS or now - seen > sessions.IDLE_SECONDS:
        return None
    found: FamilyAccess | None = (
        FamilyAccess.objects.filter(pk=access_id, is_active=True)
        .select_related("client__site", "client__organization", "contact")
        .first()
    )
    return found if family.live_access(found) else None


def family_view(view: sessions.View) -> sessions.View:
    """Guards a family page: no staff session, a live family session whose consent is still in force."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refused = sessions.refuse_staff(request)
        if refused is not None:
            return refused
        access = current_access(request)
        if access is None:
            if request.session.get(ACCESS_KEY):
                sessions.end(request)
                return redirect(reverse("portal:family_sign_in") + "?ended=1")
            return redirect("portal:family_sign_in")
        request.session[sessions.SEEN_KEY] = clock.now().timestamp()
        return view(request, access, *args, **kwargs)

    return guarded
