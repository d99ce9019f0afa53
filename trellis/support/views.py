"""Contacts and outside meetings, from the client's chart: list, write, read, sign, amend; record a meeting.

A client of another site or organization is not found (404); a role without the work's capability is refused
(403). Every page that shows a client's records writes its audit event.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from trellis.accounts.access import requires
from trellis.accounts.reauth import require_recent_auth
from trellis.accounts.roles import Capability
from trellis.clients.models import Client
from trellis.core import clock
from trellis.core.form_errors import attach_errors
from trellis.privacy import audit
from trellis.support import selectors, services
from trellis.support.choices import CAPABILITY_FOR, ContactKind
from trellis.support.forms import AddendumForm, ContactForm, MeetingForm
from trellis.support.models import SupportContact
from trellis.support.querysets import readable_kinds, reads_meetings


def _client(request: HttpRequest, pk: Any) -> Client:
    client: Client = get_object_or_404(Client.objects.visible_to(request.user).select_related("site"), pk=pk)
    return client


def _writable_kinds(user: Any) -> list[tuple[str, str]]:
    return [(kind, label) for kind, label in ContactKind.choices if user.can(CAPABILITY_FOR[kind])]


def _contact(request: HttpRequest, pk: Any) -> SupportContact:
    """A contact of a client the user may see (else 404), of a kind their role reads (else 403): a peer
    specialist is told a case-management contact is not theirs to read, not that it does not exist."""
    queryset = SupportContact.objects.filter(client__in=Client.objects.visible_to(request.user))
    contact: SupportContact = get_object_or_404(
        queryset.select_related("client__site", "author", "episode"), pk=pk
    )
    _refuse_unless(contact.kind in readable_kinds(request.user))
    return contact


def _refuse_unless(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("Your role does not allow case-management or peer-support records.")


@requires(Capability.VIEW_CLIENTS)
def contacts_view(request: HttpRequest, client_pk: Any) -> HttpResponse:
    _refuse_unless(bool(readable_kinds(request.user)))
    client = _client(request, client_pk)
    audit.record(
        actor=request.user,
        action=audit.Action.VIEW,
        client_id=client.pk,
        obj=client,
        detail="support contacts",
    )
    context = {
        "client": client,
        "contacts": selectors.list_client_contacts(client=client, user=request.user),
        "kinds": _writable_kinds(request.user),
    }
    return render(request, "support/contacts.html", context)


@requires(Capability.VIEW_CLIENTS)
def contact_new_view(request: HttpRequest, client_pk: Any) -> HttpResponse:
    user: Any = request.user
    kinds = _writable_kinds(user)
    _refuse_unless(bool(kinds))
    client = _client(request, client_pk)
    wanted = request.GET.get("kind", "")
    kind = wanted if wanted in dict(kinds) else kinds[0][0]
    form = ContactForm.blank(kinds=kinds, kind=kind, today=clock.today_in(client.site.timezone))
    status = 200
    if request.method == "POST":
        posted = request.POST.get("kind", "")
        _refuse_unless(posted in dict(kinds) or posted not in ContactKind.values)
        form = ContactForm(request.POST, kinds=kinds)
        if form.is_valid():
            try:
                contact = services.create_contact(client=client, author=user, **form.cleaned_data)
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, "Contact saved. Sign it to lock it.")
                return redirect("support:contact", pk=contact.pk)
        status = 400
    audit.record(actor=user, action=audit.Action.VIEW, client_id=client.pk, obj=client, detail="new contact")
    return render(request, "support/contact_new.html", {"client": client, "form": form}, status=status)


def _render_contact(
    request: HttpRequest, contact: SupportContact, *, form: AddendumForm | None = None, status: int = 200
) -> HttpResponse:
    user: Any = request.user
    may_write = user.can(CAPABILITY_FOR[contact.kind])
    context = {
        "contact": contact,
        "client": contact.client,
        "addenda": list(contact.addenda.select_related("author")),
        "can_sign": not contact.is_signed and contact.author_id == user.pk and may_write,
        "can_amend": contact.is_signed and may_write,
        "addendum_form": form or AddendumForm(),
    }
    return render(request, "support/contact.html", context, status=status)


@requires(Capability.VIEW_CLIENTS)
def contact_view(request: HttpRequest, pk: Any) -> HttpResponse:
    _refuse_unless(bool(readable_kinds(request.user)))
    contact = _contact(request, pk)
    audit.record(
        actor=request.user,
        action=audit.Action.VIEW,
        client_id=contact.client_id,
        obj=contact,
        detail="contact",
    )
    return _render_contact(request, contact)


@require_POST
@requires(Capability.VIEW_CLIENTS)
@require_recent_auth
def contact_sign_view(request: HttpRequest, pk: Any) -> HttpResponse:
    _refuse_unless(bool(readable_kinds(request.user)))
    contact = _contact(request, pk)
    try:
        services.sign_contact(contact=contact, signed_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _render_contact(request, contact, status=400)
    messages.success(request, "Signed. The contact is now locked; later changes are addenda.")
    return redirect("support:contact", pk=contact.pk)


@require_POST
@requires(Capability.VIEW_CLIENTS)
def contact_addendum_view(request: HttpRequest, pk: Any) -> HttpResponse:
    _refuse_unless(bool(readable_kinds(request.user)))
    contact = _contact(request, pk)
    form = AddendumForm(request.POST)
    if form.is_valid():
        try:
            services.add_contact_addendum(
                contact=contact, author=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "Addendum added. The signed contact itself is unchanged.")
            return redirect("support:contact", pk=contact.pk)
    return _render_contact(request, contact, form=form, status=400)


@requires(Capability.PEER_SUPPORT)
def meetings_view(request: HttpRequest, client_pk: Any) -> HttpResponse:
    """The client's outside meetings, all of them, and the form to record one."""
    user: Any = request.user
    client = _client(request, client_pk)
    form = MeetingForm(initial={"attended_on": clock.today_in(client.site.timezone)})
    status = 200
    if request.method == "POST":
        form = MeetingForm(request.POST)
        if form.is_valid():
            try:
                services.record_outside_meeting(client=client, recorded_by=user, **form.cleaned_data)
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, "Meeting recorded.")
                return redirect("support:meetings", client_pk=client.pk)
        status = 400
    audit.record(
        actor=user, action=audit.Action.VIEW, client_id=client.pk, obj=client, detail="outside meetings"
    )
    context = {
        "client": client,
        "form": form,
        "meetings": selectors.list_meetings(client_id=client.pk, user=user) if reads_meetings(user) else [],
    }
    return render(request, "support/meetings.html", context, status=status)
