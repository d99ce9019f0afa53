"""The client's passkeys at /me/passkeys/ and signing in with one at /me/sign-in/passkey/. The browser side is
the staff pages' script (static trellis/passkeys.js): JSON in, JSON with a redirect out."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from trellis.core import clock
from trellis.core.client_ip import client_ip
from trellis.portal import limits, passkeys, selectors, services, sessions
from trellis.portal.models import PortalAccount, PortalPasskey

# Adding a passkey gives lasting access, so it takes a fresh sign-in, not a session left open on a shared device.
FRESH_SECONDS = 15 * 60
NOT_FRESH = "Sign in again (within the last 15 minutes) to add a passkey."


def _fresh(request: HttpRequest) -> bool:
    started = float(request.session.get(sessions.STARTED_KEY) or 0)
    return clock.now().timestamp() - started <= FRESH_SECONDS


@sessions.portal_view
def passkeys_view(request: HttpRequest, account: PortalAccount) -> HttpResponse:
    services.record_portal_view(account=account, page="passkeys")
    context = {
        "client": account.client,
        "signed_in": True,
        "program_phone": selectors.program_phone(client=account.client),
        "passkeys": PortalPasskey.objects.filter(account=account),
        "fresh": _fresh(request),
        "not_fresh": NOT_FRESH,
    }
    return render(request, "portal/passkeys.html", context)


@sessions.portal_view
@require_POST
def register_options_view(request: HttpRequest, account: PortalAccount) -> HttpResponse:
    if not _fresh(request):
        return JsonResponse({"error": NOT_FRESH}, status=403)
    return HttpResponse(
        passkeys.registration_options(request, account=account), content_type="application/json"
    )


@sessions.portal_view
@require_POST
def register_view(request: HttpRequest, account: PortalAccount) -> HttpResponse:
    if not _fresh(request):
        return JsonResponse({"error": NOT_FRESH}, status=403)
    try:
        passkey = passkeys.register(request, account=account)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    messages.success(request, f"Passkey “{passkey.name}” added. Next time, sign in with it.")
    return JsonResponse({"redirect": reverse("portal:passkeys")})


@sessions.portal_view
@require_POST
def remove_view(request: HttpRequest, account: PortalAccount, pk: Any) -> HttpResponse:
    passkey = get_object_or_404(PortalPasskey, pk=pk, account=account)
    passkeys.remove(account=account, passkey=passkey)
    messages.success(request, f"Passkey “{passkey.name}” removed.")
    return redirect("portal:passkeys")


def _refused_or_limited(request: HttpRequest) -> HttpResponse | None:
    refused = sessions.refuse_staff(request)
    if refused is not None:
        return JsonResponse({"error": "Sign out of staff pages first."}, status=403)
    if not limits.allow_passkey_try(ip_address=client_ip(request)):
        return JsonResponse({"error": "Too many tries. Wait 15 minutes, then try again."}, status=429)
    return None


@require_POST
def sign_in_options_view(request: HttpRequest) -> HttpResponse:
    refused = _refused_or_limited(request)
    if refused is not None:
        return refused
    return HttpResponse(passkeys.authentication_options(request), content_type="application/json")


@require_POST
def sign_in_view(request: HttpRequest) -> HttpResponse:
    refused = sessions.refuse_staff(request)
    if refused is not None:
        return JsonResponse({"error": "Sign out of staff pages first."}, status=403)
    try:
        account = passkeys.authenticate(request)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    if account is None:
        return JsonResponse(
            {"error": "That passkey was not accepted. Sign in with a code instead."}, status=400
        )
    sessions.start(request, account=account)
    return JsonResponse({"redirect": reverse("portal:home")})
