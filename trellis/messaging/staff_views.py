"""The care team's shared inbox: threads of the clients the user may see, a thread with its replies, taking
and closing a thread, and one client's threads (linked from the face sheet). Out of reach is 404."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.clients.models import Client
from trellis.core.form_errors import attach_errors
from trellis.messaging import selectors, services
from trellis.messaging.forms import ReplyForm, StaffMessageForm
from trellis.privacy import audit


@requires(Capability.ANSWER_MESSAGES)
def inbox_view(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    inbox = selectors.get_inbox(
        user=user, show=request.GET.get("show", ""), site_id=request.GET.get("site", "")
    )
    audit.record_views(actor=user, client_ids=[t.client_id for t in inbox.threads], detail="message inbox")
    context = {"inbox": inbox, "show_choices": selectors.SHOW_CHOICES}
    return render(request, "messaging/inbox.html", context)


@requires(Capability.ANSWER_MESSAGES)
def thread_view(request: HttpRequest, pk: Any) -> HttpResponse:
    thread = selectors.get_staff_thread(user=request.user, pk=pk)
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reply_as_staff(thread=thread, body=form.cleaned_data["body"], author=request.user)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request, "Reply sent. The client is told a message is waiting, not what it says."
            )
            return redirect("messaging:thread", pk=thread.pk)
    services.read_by_staff(thread=thread, user=request.user)
    context = {"thread": thread, "thread_messages": selectors.list_messages(thread=thread), "form": form}
    return render(request, "messaging/thread.html", context, status=400 if form.errors else 200)


@requires(Capability.ANSWER_MESSAGES)
@require_POST
def assign_view(request: HttpRequest, pk: Any) -> HttpResponse:
    thread = selectors.get_staff_thread(user=request.user, pk=pk)
    services.assign_to(thread=thread, user=request.user)
    messages.success(request, "You took this conversation.")
    return redirect("messaging:thread", pk=thread.pk)


@requires(Capability.ANSWER_MESSAGES)
@require_POST
def close_view(request: HttpRequest, pk: Any) -> HttpResponse:
    thread = selectors.get_staff_thread(user=request.user, pk=pk)
    services.close_thread(thread=thread, closed_by=request.user)
    messages.success(request, "Conversation closed. A new message from the client opens it again.")
    return redirect("messaging:inbox")


@requires(Capability.ANSWER_MESSAGES)
def client_threads_view(request: HttpRequest, pk: Any) -> HttpResponse:
    """One client's conversations, and a form to write to the client first."""
    client: Client = get_object_or_404(
        Client.objects.visible_to(request.user).select_related("portal_account"), pk=pk
    )
    form = StaffMessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.start_thread_as_staff(
                client=client,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                author=request.user,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request, "Message sent. The client is told a message is waiting, not what it says."
            )
            return redirect("messaging:thread", pk=thread.pk)
    threads = list(selectors.list_threads_of(client=client))
    audit.record(
        actor=request.user, action=audit.Action.VIEW, client_id=client.pk, detail="client's messages"
    )
    account = getattr(client, "portal_account", None)
    context = {
        "client": client,
        "threads": threads,
        "form": form,
        "can_write": account is not None and account.is_active,
    }
    return render(request, "messaging/client_messages.html", context, status=400 if form.errors else 200)
