"""Re-authentication before acts that carry legal weight: signing a clinical document, disclosing records.

A signature stands for the signer (21 CFR 11.200(a)(1)(i) asks for both components at the first signing of a
session, and again after a break): a session left open on a shared workstation must not sign. So these
actions ask for a fresh check, the password with the second factor, or a passkey, unless one was made in the
last TRELLIS_REAUTH_MINUTES (finishing the sign-in counts).

Usage, on a view that POSTs the act:

    @require_POST
    @requires(Capability.WRITE_NOTES)
    @require_recent_auth
    def sign_view(request, pk): ...

or, where the view saves something first and only then signs, `if not is_recent(request): return
ask_again(request)` at the point of signing.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect

from trellis.accounts.mfa import RECENT_AT, _unmarked_sessions_pass
from trellis.core import clock

View = Callable[..., HttpResponse]


def window_seconds() -> int:
    return int(getattr(settings, "TRELLIS_REAUTH_MINUTES", 10)) * 60


def is_recent(request: HttpRequest) -> bool:
    at = request.session.get(RECENT_AT)
    if at is None:
        # A session made by the test client's force_login: see accounts.mfa, never in production settings.
        return _unmarked_sessions_pass() and not request.session.get("trellis_mfa_pending")
    return clock.now().timestamp() - float(at) <= window_seconds()


def mark_recent(request: HttpRequest) -> None:
    request.session[RECENT_AT] = clock.now().timestamp()


def _come_back_to(request: HttpRequest) -> str:
    """The page the act was asked from (a signature is a POST; the form's page is where to return)."""
    referer = request.headers.get("Referer", "")
    if url_has_allowed_host_and_scheme(referer, {request.get_host()}):
        page = urlsplit(referer)
        return page.path + (f"?{page.query}" if page.query else "")
    return request.path if request.method == "GET" else reverse("today")


def ask_again(request: HttpRequest) -> HttpResponse:
    """Off to confirm it is you; then back to the page, to press the button again."""
    messages.info(request, "Confirm it is you first: nothing was signed or sent yet.")
    url = reverse("accounts:reauth") + "?" + urlencode({"next": _come_back_to(request)})
    if request.headers.get("HX-Request") == "true":
        return HttpResponseClientRedirect(url)
    return redirect(url)


def require_recent_auth(view: View) -> View:
    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_recent(request):
            return ask_again(request)
        return view(request, *args, **kwargs)

    return guarded


def require_recent_auth_to_post(view: View) -> View:
    """For a page that shows a form on GET and acts on POST (a release, an emergency disclosure): the form may be
    read at any time, the act asks again."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "POST" and not is_recent(request):
            return ask_again(request)
        return view(request, *args, **kwargs)

    return guarded
