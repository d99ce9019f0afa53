"""The second step of signing in: who must take it, where a session stands, and the gate that holds a session
at that step until it is done.

A session is marked in two places only: the login form, after the password (PENDING), and the second step
itself, after a code, a recovery code or a passkey (PASSED_AT), which also starts the re-authentication clock.
A session carrying neither mark was made some other way (Django's admin login, a test's `force_login`): it is
held at the second step like a pending one, unless TRELLIS_MFA_TRUST_UNMARKED_SESSIONS is on, which only
config/settings/test.py does, so the existing suite's `force_login` stands for a finished sign-in.
"""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils.http import url_has_allowed_host_and_scheme

from trellis.accounts.middleware import LOGIN_HEADER
from trellis.accounts.models import Passkey, SecondFactorRule, TotpDevice, User
from trellis.accounts.roles import Capability, Role, capabilities_of
from trellis.core import clock
from trellis.privacy import audit

PENDING = "trellis_mfa_pending"
PASSED_AT = "trellis_mfa_passed_at"
RECENT_AT = "trellis_recent_auth_at"

VERIFY = "verify"  # the user has a factor: prove it
ENROL = "enrol"  # the user's role requires a factor and they have none: add one

# What a session held at each step may still reach: the step's own pages, and the way out.
_ALWAYS = {"accounts:logout", "accounts:login", "csp_report"}
_OPEN_AT = {
    VERIFY: _ALWAYS | {"accounts:mfa_verify", "accounts:passkey_auth_options", "accounts:passkey_auth"},
    ENROL: _ALWAYS
    | {
        "accounts:security",
        "accounts:totp_setup",
        "accounts:passkey_register_options",
        "accounts:passkey_register",
    },
}


def required_by_default(role: str) -> bool:
    """Every role that can read client records (HIPAA 164.312(d), person or entity authentication)."""
    return Capability.VIEW_CLIENTS in capabilities_of(role)


def required_roles(*, organization_id: Any) -> set[str]:
    rules = dict(
        SecondFactorRule.objects.filter(organization_id=organization_id).values_list("role", "required")
    )
    return {role for role in Role.values if rules.get(role, required_by_default(role))}


def is_required(user: User) -> bool:
    return user.role in required_roles(organization_id=user.organization_id)


def has_factor(user: User) -> bool:
    return TotpDevice.objects.filter(user=user).exists() or Passkey.objects.filter(user=user).exists()


def demo_skip_on() -> bool:
    """The demo's shortcut: never in production settings, and only while DEBUG is on."""
    return bool(getattr(settings, "TRELLIS_DEMO_SKIP_SECOND_FACTOR", False) and settings.DEBUG)


def step_for(user: User) -> str:
    """What this user must do after the password: VERIFY, ENROL, or nothing ("")."""
    if has_factor(user):
        return VERIFY
    if is_required(user) and not demo_skip_on():
        return ENROL
    return ""


def _unmarked_sessions_pass() -> bool:
    return bool(getattr(settings, "TRELLIS_MFA_TRUST_UNMARKED_SESSIONS", False))


def pending_step(request: HttpRequest) -> str:
    """The step this request's session is held at, or "" when it may go anywhere its role allows."""
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    if user is None or not user.is_authenticated or session is None or session.get(PASSED_AT):
        return ""
    if not session.get(PENDING) and _unmarked_sessions_pass():
        return ""
    assert isinstance(user, User)
    return step_for(user)


def begin(request: HttpRequest, *, user: User) -> str:
    """Right after the password: mark the session and say which step comes next ("" when none)."""
    step = step_for(user)
    if step:
        request.session[PENDING] = True
        return step
    if is_required(user):  # only the demo's shortcut gets here
        audit.record(actor=user, action=audit.Action.MFA_SKIPPED, detail="second factor skipped (demo)")
    mark_passed(request, user=user)
    return ""


def mark_passed(request: HttpRequest, *, user: User) -> None:
    """The sign-in is complete: a new session key (nothing learned before the step carries over), the
    re-authentication clock starts, and the account's failed attempts are forgotten only now, so a password
    alone never resets the count of wrong codes."""
    now = clock.now().timestamp()
    request.session.cycle_key()
    request.session.pop(PENDING, None)
    request.session[PASSED_AT] = now
    request.session[RECENT_AT] = now
    AccessAttempt.objects.filter(username=user.get_username()).delete()


def step_url(step: str, *, next_url: str = "") -> str:
    url = reverse("accounts:mfa_verify" if step == VERIFY else "accounts:security")
    return url + (f"?{urlencode({'next': next_url})}" if next_url else "")


def safe_next(request: HttpRequest, candidate: str | None) -> str:
    """Where to go after a step: a path on this site, else Today."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, {request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("today")


def _url_name(request: HttpRequest) -> str:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return ""
    return match.view_name


class SecondFactorMiddleware:
    """Holds a signed-in session at its second step: every other page sends it there, every API call and
    HTMX request is refused. Token-authenticated API calls have no session and pass: tokens are made by a
    person who finished signing in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        step = pending_step(request)
        if step and _url_name(request) not in _OPEN_AT[step]:
            return _held(request, step)
        return self.get_response(request)


def _held(request: HttpRequest, step: str) -> HttpResponse:
    target = step_url(step, next_url=request.get_full_path() if request.method == "GET" else "")
    message = "Finish signing in: confirm it is you with your second factor."
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=403)
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(message, status=401, content_type="text/plain; charset=utf-8")
        response[LOGIN_HEADER] = target
        return response
    return redirect(target)


def describe(user: Any) -> dict[str, Any]:
    """What the pages show of a person's second factor."""
    return {
        "totp": TotpDevice.objects.filter(user=user).exists(),
        "passkeys": list(Passkey.objects.filter(user=user)),
        "recovery_left": user.recovery_codes.filter(used_at__isnull=True).count(),
    }
