"""Secure messages between a client (in the portal) and their care team (a shared inbox of the client's site).
Messages stay in the program: nothing of their content is ever sent by text or e-mail."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThan, LessThanOrEqual

from trellis.accounts.roles import Capability
from trellis.clients.models import Client
from trellis.core.models import TimeStampedModel

BODY_MAX = 2000
SUBJECT_MAX = 120


class ThreadQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> "ThreadQuerySet":
        """Threads of the clients the user may see (the client list's own gate), for roles that answer them."""
        if not getattr(user, "is_authenticated", False) or not user.can(Capability.ANSWER_MESSAGES):
            return self.none()
        clients = Client.objects.visible_to(user).filter(organization_id=user.organization_id)
        return self.filter(client__in=clients)

    def awaiting_reply(self) -> "ThreadQuerySet":
        """Open, and the client wrote last."""
        return self.filter(status=MessageThread.Status.OPEN, last_client_message_at__isnull=False).filter(
            Q(last_staff_message_at__isnull=True) | Q(last_client_message_at__gt=F("last_staff_message_at"))
        )

    def unread_by_staff(self) -> "ThreadQuerySet":
        return self.filter(last_client_message_at__isnull=False).filter(
            Q(staff_read_at__isnull=True) | Q(staff_read_at__lt=F("last_client_message_at"))
        )

    def unread_by_client(self) -> "ThreadQuerySet":
        return self.filter(last_staff_message_at__isnull=False).filter(
            Q(client_read_at__isnull=True) | Q(client_read_at__lt=F("last_staff_message_at"))
        )


class MessageThread(TimeStampedModel):
    """A conversation between one client and their care team, answered from the team's shared inbox."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="message_threads")
    subject = models.CharField(max_length=SUBJECT_MAX, blank=True)
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.OPEN)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_message_at = models.DateTimeField()
    last_client_message_at = models.DateTimeField(null=True, blank=True)
    last_staff_message_at = models.DateTimeField(null=True, blank=True)
    # The inbox is shared: any staff member's reading marks a thread read for the team.
    staff_read_at = models.DateTimeField(null=True, blank=True)
    client_read_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        ordering = ["-last_message_at"]
        indexes = [models.Index(fields=["client", "-last_message_at"])]

    def __str__(self) -> str:
        return f"Message thread {self.pk}"

    @property
    def is_unread_by_client(self) -> bool:
        last = self.last_staff_message_at
        return last is not None and (self.client_read_at is None or self.client_read_at < last)

    @property
    def is_unread_by_staff(self) -> bool:
        last = self.last_client_message_at
        return last is not None and (self.staff_read_at is None or self.staff_read_at < last)

    @property
    def awaits_reply(self) -> bool:
        client, staff = self.last_client_message_at, self.last_staff_message_at
        return self.status == self.Status.OPEN and client is not None and (staff is None or client > staff)


class Message(TimeStampedModel):
    """One message in a thread: from the client (no author) or from a staff member (the author)."""

    thread = models.ForeignKey(MessageThread, on_delete=models.CASCADE, related_name="messages")
    from_client = models.BooleanField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    body = models.TextField()
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["sent_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(from_client=True, author__isnull=True)
                | Q(from_client=False, author__isnull=False),
                name="message_from_client_or_staff_author",
            ),
            models.CheckConstraint(condition=GreaterThan(Length("body"), 0), name="message_body_not_empty"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("body"), BODY_MAX), name="message_body_max"
            ),
        ]

    def __str__(self) -> str:
        return f"Message {self.pk}"
