"""Pages of the second factor: the second step of signing in, confirming it is you again, and the person's
own Security page (authenticator app, passkeys, recovery codes)."""

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from trellis.accounts import lockout, mfa, mfa_services, passkeys, reauth, totp
from trellis.accounts.models import Passkey, User
from trellis.privacy import audit

NEW_SECRET = "trellis_totp_new_secret"
FRESH_CODES = "trellis_fresh_recovery_codes"
WRONG_CODE = "That code is not right, or it was already used. Try the code your app shows now."


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _next(request: HttpRequest) -> str:
    return mfa.safe_next(request, request.POST.get("next") or request.GET.get("next"))


def _locked_out(request: HttpRequest, user: User) -> HttpResponse:
    """Too many wrong codes: the session ends and the lockout page says when to try again."""
    logout(request)
    return lockout.lockout_response(request, credentials={"username": user.get_username()})


def _finish_sign_in(request: HttpRequest, user: User, *, how: str) -> None:
    mfa.mark_passed(request, user=user)
    audit.record(actor=user, action=audit.Action.MFA_PASSED, obj=user, detail=f"second factor: {how}")


@never_cache
@login_required
def verify_view(request: HttpRequest) -> HttpResponse:
    """The second step of signing in, for a person who has a factor."""
    user = _user(request)
    if mfa.pending_step(request) != mfa.VERIFY:
        return redirect(_next(request))
    if mfa_services.is_locked(user=user):
        return _locked_out(request, user)
    error = ""
    if request.method == "POST":
        how = mfa_services.check_code(user=user, code=request.POST.get("code", ""))
        if how:
            _finish_sign_in(request, user, how=how)
            return redirect(_next(request))
        if mfa_services.record_failure(
            request, user=user, action=audit.Action.MFA_FAILED, detail="wrong code at sign-in"
        ):
            return _locked_out(request, user)
        error = WRONG_CODE
    context = {**mfa.describe(user), "error": error, "next": _next(request), "purpose": "signin"}
    return render(request, "accounts/mfa_verify.html", context, status=400 if error else 200)


@never_cache
@login_required
def reauth_view(request: HttpRequest) -> HttpResponse:
    """Confirm it is you: the password with a code (or a recovery code), or a passkey."""
    user = _user(request)
    factor = mfa.has_factor(user)
    error = ""
    if request.method == "POST":
        password_ok = user.check_password(request.POST.get("password", ""))
        how = (
            mfa_services.check_code(user=user, code=request.POST.get("code", ""))
            if factor and password_ok
            else "password"
        )
        if password_ok and how:
            reauth.mark_recent(request)
            detail = f"identity confirmed: password and {how}" if factor else "identity confirmed: password"
            audit.record(actor=user, action=audit.Action.REAUTHENTICATED, obj=user, detail=detail)
            return redirect(_next(request))
        if mfa_services.record_failure(
            request, user=user, action=audit.Action.REAUTH_FAILED, detail="identity not confirmed"
        ):
            return _locked_out(request, user)
        error = "The password or the code is not right." if factor else "The password is not right."
    context = {
        **mfa.describe(user),
        "factor": factor,
        "error": error,
        "next": _next(request),
        "purpose": "reauth",
        "minutes": reauth.window_seconds() // 60,
    }
    return render(request, "accounts/reauth.html", context, status=400 if error else 200)


@require_POST
@login_required
def passkey_auth_options_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not Passkey.objects.filter(user=user).exists():
        return JsonResponse({"error": "You have no passkey."}, status=400)
    return HttpResponse(passkeys.authentication_options(request, user=user), content_type="application/json")


@require_POST
@login_required
def passkey_auth_view(request: HttpRequest) -> HttpResponse:
    """The passkey's answer, for the second step of signing in or for confirming it is you."""
    user = _user(request)
    signing_in = mfa.pending_step(request) == mfa.VERIFY
    if mfa_services.is_locked(user=user):
        logout(request)
        return JsonResponse(
            {"error": "Too many failed attempts.", "redirect": reverse("accounts:login")}, status=429
        )
    try:
        passkey = passkeys.authenticate(request, user=user)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    if passkey is None:
        action = audit.Action.MFA_FAILED if signing_in else audit.Action.REAUTH_FAILED
        if mfa_services.record_failure(request, user=user, action=action, detail="passkey refused"):
            logout(request)
            return JsonResponse(
                {"error": "Too many failed attempts.", "redirect": reverse("accounts:login")}, status=429
            )
        return JsonResponse({"error": "That passkey was not accepted. Try again."}, status=400)
    if signing_in:
        _finish_sign_in(request, user, how="passkey")
    else:
        reauth.mark_recent(request)
        audit.record(
            actor=user, action=audit.Action.REAUTHENTICATED, obj=user, detail="identity confirmed: passkey"
        )
    return JsonResponse({"redirect": _next_from_json(request)})


def _next_from_json(request: HttpRequest) -> str:
    try:
        candidate = json.loads(request.body or b"{}").get("next")
    except (ValueError, AttributeError):
        candidate = None
    return mfa.safe_next(request, candidate if isinstance(candidate, str) else None)


def _new_secret(request: HttpRequest) -> str:
    secret = request.session.get(NEW_SECRET)
    if not secret:
        secret = totp.new_secret()
        request.session[NEW_SECRET] = secret
    return str(secret)


def _security_context(request: HttpRequest, user: User, **extra: Any) -> dict[str, Any]:
    secret = _new_secret(request)
    uri = totp.provisioning_uri(secret=secret, account=user.get_username(), issuer="Trellis")
    return {
        **mfa.describe(user),
        "enrolling": mfa.pending_step(request) == mfa.ENROL,
        "required": mfa.is_required(user),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "qr": totp.qr_svg_data_uri(uri),
        "next": _next(request),
        "fresh_codes": request.session.pop(FRESH_CODES, None),
        **extra,
    }


@never_cache
@login_required
def security_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(request, "accounts/security.html", _security_context(request, user))


def _may_change_factors(request: HttpRequest) -> bool:
    """Enrolling at sign-in, or signed in with a recent check: an open session alone may not swap factors."""
    return mfa.pending_step(request) == mfa.ENROL or reauth.is_recent(request)


def _after_enrolment(request: HttpRequest, user: User, *, enrolling: bool) -> list[str] | None:
    """A first factor at sign-in finishes the sign-in; the first factor ever comes with recovery codes."""
    if enrolling:
        _finish_sign_in(request, user, how="enrolment")
    if not user.recovery_codes.exists():
        return mfa_services.issue_recovery_codes(user=user)
    return None


@require_POST
@login_required
def totp_setup_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not _may_change_factors(request):
        return reauth.ask_again(request)
    enrolling = mfa.pending_step(request) == mfa.ENROL
    try:
        mfa_services.confirm_totp(user=user, secret=_new_secret(request), code=request.POST.get("code", ""))
    except ValidationError as error:
        context = _security_context(request, user, totp_error=" ".join(error.messages))
        return render(request, "accounts/security.html", context, status=400)
    request.session.pop(NEW_SECRET, None)
    codes = _after_enrolment(request, user, enrolling=enrolling)
    messages.success(request, "Your authenticator app is set up.")
    if codes:
        return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)})
    return redirect(_next(request))


@require_POST
@login_required
def passkey_register_options_view(request: HttpRequest) -> HttpResponse:
    if not _may_change_factors(request):
        return JsonResponse(
            {"error": "Confirm it is you first.", "redirect": reverse("accounts:reauth")}, status=403
        )
    options = passkeys.registration_options(request, user=_user(request))
    return HttpResponse(options, content_type="application/json")


@require_POST
@login_required
def passkey_register_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not _may_change_factors(request):
        return JsonResponse(
            {"error": "Confirm it is you first.", "redirect": reverse("accounts:reauth")}, status=403
        )
    enrolling = mfa.pending_step(request) == mfa.ENROL
    try:
        passkey = passkeys.register(request, user=user)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    codes = _after_enrolment(request, user, enrolling=enrolling)
    if codes:
        request.session[FRESH_CODES] = codes
    messages.success(request, f"Passkey “{passkey.name}” added.")
    return JsonResponse({"redirect": reverse("accounts:security")})


@require_POST
@login_required
def totp_remove_view(request: HttpRequest) -> HttpResponse:
    if not reauth.is_recent(request):
        return reauth.ask_again(request)
    try:
        mfa_services.remove_totp(user=_user(request))
        messages.success(request, "Your authenticator app is removed.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("accounts:security")


@require_POST
@login_required
def passkey_remove_view(request: HttpRequest, pk: Any) -> HttpResponse:
    user = _user(request)
    passkey = get_object_or_404(Passkey, pk=pk, user=user)
    if not reauth.is_recent(request):
        return reauth.ask_again(request)
    try:
        mfa_services.remove_passkey(user=user, passkey=passkey)
        messages.success(request, f"Passkey “{passkey.name}” removed.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("accounts:security")


@require_POST
@login_required
def recovery_codes_view(request: HttpRequest) -> HttpResponse:
    """New recovery codes, shown on this answer only; the old ones stop working."""
    user = _user(request)
    if not reauth.is_recent(request):
        return reauth.ask_again(request)
    if not mfa.has_factor(user):
        messages.error(request, "Add an authenticator app or a passkey first.")
        return redirect("accounts:security")
    codes = mfa_services.issue_recovery_codes(user=user)
    return render(
        request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse("accounts:security")}
    )
