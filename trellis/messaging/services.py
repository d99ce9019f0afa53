"""Writing secure messages: a client starts a thread or replies in the portal; staff reply, take a thread and
close it from the inbox. Keyword-only, atomic, audited; audit text never holds a word of a message.

A client hears of a staff reply through the notifications app only (their opt-in, quiet hours, neutral words,
no content). Staff hear of a client's message in the app only: the inbox count.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from trellis.clients import chart_stamps
from trellis.clients.models import Client
from trellis.core import clock
from trellis.messaging.models import BODY_MAX, SUBJECT_MAX, Message, MessageThread
from trellis.notifications import delivery, tasks
from trellis.notifications.models import Channel, ChannelConsent, Notification
from trellis.privacy import audit

Action = audit.Action
PORTAL_JOB = "client portal"
Status = MessageThread.Status
# A client may write often, but not flood the shared inbox (a stuck button, a script): counted in the
# database, so every app server sees the same hour.
CLIENT_HOURLY_LIMIT = 10


def _refuse_a_flood(client: Client) -> None:
    since = clock.now() - dt.timedelta(hours=1)
    sent = Message.objects.filter(thread__client=client, from_client=True, sent_at__gt=since).count()
    if sent >= CLIENT_HOURLY_LIMIT:
        raise ValidationError(
            {"body": f"You sent {sent} messages in the last hour. Wait a little, or call us if it is urgent."}
        )


def _clean_body(body: str) -> str:
    text = body.strip()
    if not text:
        raise ValidationError({"body": "Write your message."})
    if len(text) > BODY_MAX:
        raise ValidationError({"body": f"Keep a message to {BODY_MAX} characters; this one has {len(text)}."})
    return text


def _clean_subject(subject: str) -> str:
    text = subject.strip()
    if len(text) > SUBJECT_MAX:
        raise ValidationError({"subject": f"Keep the subject to {SUBJECT_MAX} characters."})
    return text


def start_thread(*, client: Client, subject: str, body: str) -> MessageThread:
    """A client's new message to their care team."""
    subject, body = _clean_subject(subject), _clean_body(body)
    _refuse_a_flood(client)
    with transaction.atomic():
        thread = _open_thread(client=client, subject=subject, body=body, author=None)
        _audit_client(thread, Action.CREATE, "portal message sent (new thread)")
    return thread


def _open_thread(*, client: Client, subject: str, body: str, author: Any) -> MessageThread:
    """A new thread and its first message, from the client (no author) or from `author`, who takes it; read
    by its writer's side."""
    now = clock.now()
    by_client = author is None
    thread = MessageThread.objects.create(
        client=client,
        subject=subject,
        assigned_to=author,
        last_message_at=now,
        last_client_message_at=now if by_client else None,
        client_read_at=now if by_client else None,
        last_staff_message_at=None if by_client else now,
        staff_read_at=None if by_client else now,
    )
    Message.objects.create(thread=thread, from_client=by_client, author=author, body=body, sent_at=now)
    return thread


def start_thread_as_staff(*, client: Client, subject: str, body: str, author: Any) -> MessageThread:
    """A staff member writes to a client first (a missed group, a form to bring). The client reads it in the
    portal, so only a client with a portal account they can still sign in with can be written to; the writer
    takes the conversation, and the client is told a message waits (never what it says)."""
    subject, body = _clean_subject(subject), _clean_body(body)
    account = getattr(client, "portal_account", None)
    if account is None or not account.is_active:
        raise ValidationError(
            {
                "body": "This client has no portal account to read messages in. Invite them to the portal first."
            }
        )
    with transaction.atomic():
        thread = _open_thread(client=client, subject=subject, body=body, author=author)
        audit.record(
            actor=author,
            action=Action.CREATE,
            client_id=client.pk,
            obj=thread,
            detail="message sent (new thread)",
        )
        _tell_client(client)
    return thread


def reply_as_client(*, client: Client, thread: MessageThread, body: str) -> Message:
    """The client's reply; a closed thread opens again, since the client is asking something."""
    if thread.client_id != client.pk:
        raise ValidationError({"body": "This conversation is not yours."})
    body = _clean_body(body)
    _refuse_a_flood(client)
    now = clock.now()
    with transaction.atomic():
        message = Message.objects.create(thread=thread, from_client=True, body=body, sent_at=now)
        MessageThread.objects.filter(pk=thread.pk).update(
            last_message_at=now, last_client_message_at=now, client_read_at=now, status=Status.OPEN,
            closed_at=None, updated_at=now,
        )  # fmt: skip
        _audit_client(thread, Action.CREATE, "portal message sent (reply)")
    return message


def reply_as_staff(*, thread: MessageThread, body: str, author: Any) -> Message:
    """A staff member's answer from the inbox; the client is told a message waits (never what it says)."""
    body = _clean_body(body)
    now = clock.now()
    with transaction.atomic():
        message = Message.objects.create(
            thread=thread, from_client=False, author=author, body=body, sent_at=now
        )
        MessageThread.objects.filter(pk=thread.pk).update(
            last_message_at=now, last_staff_message_at=now, staff_read_at=now, status=Status.OPEN,
            closed_at=None, updated_at=now,
        )  # fmt: skip
        audit.record(
            actor=author,
            action=Action.CREATE,
            client_id=thread.client_id,
            obj=thread,
            detail="message reply sent",
        )
        _tell_client(thread.client)
    return message


def _tell_client(client: Client) -> None:
    """One alert by the client's opted-in channel (text first), unless one is still waiting to go out: three
    quick replies make one text, not three."""
    consents = {c.channel: c for c in ChannelConsent.objects.filter(client=client, opted_out_at__isnull=True)}
    channel = next((c for c in (Channel.SMS, Channel.EMAIL) if c in consents), None)
    if channel is None:
        return
    waiting = Notification.objects.filter(
        client=client,
        purpose=Notification.Purpose.MESSAGE,
        status__in=[Notification.Status.QUEUED, Notification.Status.HELD],
    )
    if waiting.exists():
        return
    notification = delivery.queue_reminder(
        client=client, channel=channel, purpose=Notification.Purpose.MESSAGE, scheduled_for=clock.now()
    )
    # Sent by the queue after the commit (quiet hours hold it there), outside this transaction.
    transaction.on_commit(lambda: tasks.deliver_notification(str(notification.pk)))


def assign_to(*, thread: MessageThread, user: Any) -> None:
    """`user` takes the thread: the inbox shows who is answering it."""
    with transaction.atomic():
        MessageThread.objects.filter(pk=thread.pk).update(assigned_to=user, updated_at=clock.now())
        audit.record(actor=user, action=Action.UPDATE, client_id=thread.client_id, obj=thread,
                     detail="message thread assigned")  # fmt: skip


def close_thread(*, thread: MessageThread, closed_by: Any) -> None:
    now = clock.now()
    with transaction.atomic():
        MessageThread.objects.filter(pk=thread.pk).update(status=Status.CLOSED, closed_at=now, updated_at=now)
        audit.record(actor=closed_by, action=Action.UPDATE, client_id=thread.client_id, obj=thread,
                     detail="message thread closed")  # fmt: skip


def read_by_client(*, thread: MessageThread) -> None:
    """The client opened the thread: it is read, and the view is on the client's trail."""
    with transaction.atomic():
        MessageThread.objects.filter(pk=thread.pk).update(client_read_at=clock.now())
        _audit_client(thread, Action.VIEW, "portal: message thread")


def read_by_staff(*, thread: MessageThread, user: Any) -> None:
    """A staff member opened the thread: read for the whole team (the inbox is shared), and audited."""
    with transaction.atomic():
        MessageThread.objects.filter(pk=thread.pk).update(staff_read_at=clock.now())
        audit.record(
            actor=user, action=Action.VIEW, client_id=thread.client_id, obj=thread, detail="message thread"
        )
        # A view leaves the activity stamps alone, but this one changes the unread count of every colleague
        # who sees the client, which is kept under the stamps of their sites (messaging.context_processors).
        chart_stamps.touch(changes=[(thread.client_id, thread, user.organization_id)])


def _audit_client(thread: MessageThread, action: str, detail: str) -> None:
    audit.record(
        actor=None,
        action=action,
        client_id=thread.client_id,
        obj=thread,
        detail=detail,
        system_job=PORTAL_JOB,
    )
