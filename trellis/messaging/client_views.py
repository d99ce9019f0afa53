"""The client's messages at /me/messages/: their threads, a new message, a thread with its replies.

Every page starts from the signed-in client (sessions.portal_view), so another client's thread is 404; a
refused message keeps what was typed, answers 400 and writes nothing.
"""

from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from trellis.core import clock
from trellis.core.form_errors import attach_errors
from trellis.messaging import office_hours, selectors, services
from trellis.messaging.forms import MessageForm, ReplyForm
from trellis.portal import selectors as portal_selectors
from trellis.portal import sessions
from trellis.portal.models import PortalAccount
from trellis.portal.services import record_portal_view

SENT = "Your message was sent to your care team."


def _context(account: PortalAccount, **extra: Any) -> dict[str, Any]:
    client = account.client
    local = clock.now().astimezone(ZoneInfo(client.site.timezone))
    return {
        "client": client,
        "signed_in": True,
        "program_phone": portal_selectors.program_phone(client=client),
        "after_hours": not office_hours.is_open(local),
        "hours": office_hours.DEFAULT,
        **extra,
    }


@sessions.portal_view
def threads_view(request: HttpRequest, account: PortalAccount) -> HttpResponse:
    threads = selectors.list_client_threads(client=account.client)
    record_portal_view(account=account, page="messages")
    return render(request, "messaging/client_threads.html", _context(account, threads=threads))


@sessions.portal_view
def compose_view(request: HttpRequest, account: PortalAccount) -> HttpResponse:
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.start_thread(client=account.client, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, SENT)
            return redirect("messaging:client_thread", pk=thread.pk)
    record_portal_view(account=account, page="new message")
    status = 400 if form.errors else 200
    return render(request, "messaging/client_compose.html", _context(account, form=form), status=status)


@sessions.portal_view
def thread_view(request: HttpRequest, account: PortalAccount, pk: Any) -> HttpResponse:
    thread = selectors.get_client_thread(client=account.client, pk=pk)
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reply_as_client(client=account.client, thread=thread, body=form.cleaned_data["body"])
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, SENT)
            return redirect("messaging:client_thread", pk=thread.pk)
    services.read_by_client(thread=thread)
    context = _context(
        account, thread=thread, thread_messages=selectors.list_messages(thread=thread), form=form
    )
    return render(request, "messaging/client_thread.html", context, status=400 if form.errors else 200)
