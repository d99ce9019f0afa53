"""The client's pages at /me/: sign in by code, the home page, sign out. Every page a signed-in client sees
is audited with the client as subject (services.record_portal_view)."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from trellis.alumni.selectors import is_alumnus
from trellis.core.client_ip import client_ip
from trellis.core.form_errors import attach_errors
from trellis.portal import selectors, services, sessions
from trellis.portal.forms import AddressForm, CodeForm
from trellis.portal.models import PortalAccount

SENT = "If that address is on file, we sent a sign-in code to it."
WRONG_CODE = "That code is wrong, used or expired. Check the message, or ask for a new code."
TOO_MANY = "Too many codes asked for. Wait 15 minutes, then try again."


def sign_in_view(request: HttpRequest) -> HttpResponse:
    refused = sessions.refuse_staff(request)
    if refused is not None:
        return refused
    if sessions.current_account(request) is not None:
        return redirect("portal:home")
    form = AddressForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            address = services.parse_address(form.cleaned_data["address"])
            services.request_code(address=address, ip_address=client_ip(request))
        except ValidationError as error:
            attach_errors(form, error)
        except services.RateLimited:
            form.add_error(None, TOO_MANY)
            status = 429
        else:
            request.session[sessions.PENDING_KEY] = f"{address.channel}:{address.value}"
            return redirect("portal:code")
    context = {"form": form, "ended": "ended" in request.GET}
    return render(
        request, "portal/sign_in.html", context, status=status if not form.errors else max(status, 400)
    )


def code_view(request: HttpRequest) -> HttpResponse:
    refused = sessions.refuse_staff(request)
    if refused is not None:
        return refused
    pending = str(request.session.get(sessions.PENDING_KEY) or "")
    if ":" not in pending:
        return redirect("portal:sign_in")
    channel, _, value = pending.partition(":")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        address = services.Address(channel, value)
        account = services.verify_code(address=address, code=form.cleaned_data["code"])
        if account is not None:
            sessions.start(request, account=account)
            return redirect("portal:home")
        form.add_error("code", WRONG_CODE)
    return render(
        request, "portal/code.html", {"form": form, "sent": SENT}, status=400 if form.errors else 200
    )


@sessions.portal_view
def home_view(request: HttpRequest, account: PortalAccount) -> HttpResponse:
    client = account.client
    if is_alumnus(client=client):  # after discharge the portal is the alumni home (trellis/alumni)
        return redirect("alumni:home")
    home = selectors.get_home(client=client)
    services.record_portal_view(account=account, page="home")
    context = {
        "client": client,
        "home": home,
        "program_phone": selectors.program_phone(client=client),
        "signed_in": True,
    }
    return render(request, "portal/home.html", context)


@require_POST
def sign_out_view(request: HttpRequest) -> HttpResponse:
    refused = sessions.refuse_staff(request)
    if refused is not None:
        return refused
    account = sessions.current_account(request)
    if account is not None:
        services.record_sign_out(client_id=account.client_id)
    sessions.end(request)
    return redirect("portal:sign_in")
