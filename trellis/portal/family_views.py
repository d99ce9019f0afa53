"""Family and supporters at /me/family/: a contact signs in with a code and sees what the client's consent allows;
the client invites contacts and turns their access off from /me/family-contacts/; staff invite from the face
sheet. A client's object reached by anyone else is 404 (each lookup starts from the signed-in client)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.clients.models import Client
from trellis.core.client_ip import client_ip
from trellis.core.form_errors import attach_errors
from trellis.notifications.channels import ChannelError
from trellis.portal import family, family_sessions, selectors, services, sessions
from trellis.portal.forms import AddressForm, CodeForm, FamilyInviteForm
from trellis.portal.models import FamilyAccess, PortalAccount
from trellis.portal.views import SENT, TOO_MANY, WRONG_CODE
from trellis.privacy.gate import DisclosureRefused
from trellis.privacy.part2 import InfoKind

NOT_SENT = "The invitation could not be sent just now; the access is ready. Try again."


def _family_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {"family_realm": True, **extra}


def family_sign_in_view(request: HttpRequest) -> HttpResponse:
    refused = sessions.refuse_staff(request)
    if refused is not None:
        return refused
    if family_sessions.current_access(request) is not None:
        return redirect("portal:family_home")
    form = AddressForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            address = services.parse_address(form.cleaned_data["address"])
            family.request_code(address=address, ip_address=client_ip(request))
        except ValidationError as error:
            attach_errors(form, error)
        except services.RateLimited:
            form.add_error(None, TOO_MANY)
            status = 429
        else:
            request.session[family_sessions.PENDING_KEY] = f"{address.channel}:{address.value}"
            return redirect("portal:family_code")
    context = _family_context(request, form=form, ended="ended" in request.GET)
    return render(
        request, "portal/family_sign_in.html", context, status=max(status, 400) if form.errors else 200
    )


def family_code_view(request: HttpRequest) -> HttpResponse:
    refused = sessions.refuse_staff(request)
    if refused is not None:
        return refused
    pending = str(request.session.get(family_sessions.PENDING_KEY) or "")
    if ":" not in pending:
        return redirect("portal:family_sign_in")
    channel, _, value = pending.partition(":")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        access = family.verify_code(address=services.Address(channel, value), code=form.cleaned_data["code"])
        if access is not None:
            family_sessions.start(request, access=access)
            return redirect("portal:family_home")
        form.add_error("code", WRONG_CODE)
    context = _family_context(request, form=form, sent=SENT)
    return render(request, "portal/family_code.html", context, status=400 if form.errors else 200)


@family_sessions.family_view
def family_home_view(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    try:
        page = family.show_family_page(access=access)
    except DisclosureRefused:
        sessions.end(request)
        return redirect(reverse("portal:family_sign_in") + "?ended=1")
    context = _family_context(
        request,
        signed_in=True,
        client=access.client,
        page=page,
        shows_schedule=InfoKind.SCHEDULE in page.scopes,
        shows_invitations=InfoKind.FAMILY_GROUPS in page.scopes,
        program_phone=selectors.program_phone(client=access.client),
    )
    return render(request, "portal/family_home.html", context)


@require_POST
def family_sign_out_view(request: HttpRequest) -> HttpResponse:
    refused = sessions.refuse_staff(request)
    if refused is not None:
        return refused
    access = family_sessions.current_access(request)
    if access is not None:
        family.record_sign_out(access)
    sessions.end(request)
    return redirect("portal:family_sign_in")


def _invite(request: HttpRequest, client: Client, invited_by: Any) -> tuple[FamilyInviteForm, bool]:
    """The invitation form, bound and sent when posted; True when it went."""
    form = FamilyInviteForm(request.POST or None, client=client)
    if request.method != "POST" or not form.is_valid():
        return form, False
    try:
        family.invite(client=client, invited_by=invited_by, **form.cleaned_data)
    except ValidationError as error:
        attach_errors(form, error)
    except ChannelError:
        form.add_error(None, NOT_SENT)
    return form, not form.errors


@sessions.in_care_view
def family_contacts_view(request: HttpRequest, account: PortalAccount) -> HttpResponse:
    """The client's page: who may see their schedule, and an invitation for a contact their consent names."""
    client = account.client
    form, sent = _invite(request, client, invited_by=None)
    if sent:
        messages.success(request, "Invitation sent.")
        return redirect("portal:family_contacts")
    services.record_portal_view(account=account, page="family and supporters")
    context = {
        "client": client,
        "signed_in": True,
        "program_phone": selectors.program_phone(client=client),
        "accesses": FamilyAccess.objects.filter(client=client).select_related("contact"),
        "form": form,
    }
    return render(request, "portal/family_contacts.html", context, status=400 if form.errors else 200)


@sessions.portal_view
@require_POST
def family_end_view(request: HttpRequest, account: PortalAccount, pk: Any) -> HttpResponse:
    access = get_object_or_404(FamilyAccess, pk=pk, client=account.client)
    family.end_access(access=access, ended_by=None)
    messages.success(request, "Their access is turned off.")
    return redirect("portal:family_contacts")


@requires(Capability.EDIT_CLIENTS)
def staff_family_invite_view(request: HttpRequest, pk: Any) -> HttpResponse:
    client: Client = get_object_or_404(Client.objects.visible_to(request.user), pk=pk)
    form, sent = _invite(request, client, invited_by=request.user)
    if sent:
        messages.success(request, "Family invitation sent.")
        return redirect("clients:face_sheet", pk=client.pk)
    context = {"client": client, "form": form}
    return render(request, "portal/family_invite.html", context, status=400 if form.errors else 200)


@requires(Capability.EDIT_CLIENTS)
@require_POST
def staff_family_end_view(request: HttpRequest, pk: Any) -> HttpResponse:
    visible = Client.objects.visible_to(request.user)
    access = get_object_or_404(FamilyAccess.objects.filter(client__in=visible), pk=pk)
    family.end_access(access=access, ended_by=request.user)
    messages.success(request, "Family access turned off.")
    return redirect("clients:face_sheet", pk=access.client_id)
