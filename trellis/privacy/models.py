"""The audit trail: every view and change of client data, append-only."""

import uuid

from django.apps import apps
from django.conf import settings
from django.db import models

from trellis.privacy.querysets import AuditEventQuerySet


class AuditEvent(models.Model):
    """One thing a person did with client data: who, which client, what, when, from where (HIPAA 164.312(b)).

    Append-only: database triggers (migrations 0002, 0006) refuse UPDATE, DELETE, rewrites and TRUNCATE.
    Tamper-evident: each organization's events form a hash chain (`trellis.privacy.chain`), so a row forged,
    removed, changed or reordered by someone who got past the triggers is found by `manage.py verify_audit`.
    """

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        CREATE = "create", "Created"
        UPDATE = "update", "Changed"
        DELETE = "delete", "Deleted"
        EXPORT = "export", "Exported"
        LOGIN = "login", "Logged in"
        LOGIN_FAILED = "login_failed", "Login failed"
        LOGOUT = "logout", "Logged out"
        PASSWORD_CHANGED = "password_changed", "Password changed"
        PASSWORD_RESET_REQUESTED = "password_reset", "Password reset requested"  # max_length 20
        DISCLOSE = "disclose", "Disclosed outside the program"
        DISCLOSURE_REFUSED = "disclose_refused", "Disclosure refused"
        REVOKE = "revoke", "Revoked"
        # Second factor (accounts.mfa); values stay within max_length 20.
        MFA_ENROLLED = "mfa_enrolled", "Second factor added"
        MFA_REMOVED = "mfa_removed", "Second factor removed"
        MFA_PASSED = "mfa_passed", "Second factor passed"
        MFA_FAILED = "mfa_failed", "Second factor failed"
        MFA_RESET = "mfa_reset", "Second factor reset by an administrator"
        MFA_SKIPPED = "mfa_skipped", "Second factor skipped (demo)"
        RECOVERY_USED = "recovery_code_used", "Recovery code used"
        RECOVERY_ISSUED = "recovery_issued", "Recovery codes issued"
        REAUTHENTICATED = "reauthenticated", "Confirmed identity again"
        REAUTH_FAILED = "reauth_failed", "Identity confirmation failed"
        MFA_POLICY = "mfa_policy", "Second factor roles changed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    occurred_at = models.DateTimeField(db_index=True)
    # No database constraint or single-column index on the three references below (migration 0011). A
    # deferred foreign key takes a KEY SHARE lock on the viewer's and the client's rows for every event: with
    # many staff viewing one program, thousands a minute on its hottest rows, which PostgreSQL turns into
    # multixacts and extra writes. The events only name rows that are never deleted (PROTECT, still enforced by
    # Django on every delete), and the (reference, -occurred_at) indexes in Meta already serve every lookup.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
        db_constraint=False,
        db_index=False,
    )
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64, blank=True)
    # What was seen or done, in words with no PHI ("chart", "attendance: present -> late").
    detail = models.CharField(max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=64)  # indexed in Meta: exact lookups only, no LIKE index
    # Whose trail this is: the actor's organization, or for work no person did, the client's. Null (events
    # written before organizations were recorded, failed logins of unknown names) is shown to nobody.
    organization = models.ForeignKey(
        "programs.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    # The job that wrote an event no person did ("calendar feed", "charge capture"); blank when a person did.
    system_job = models.CharField(max_length=40, blank=True, default="")
    # The event's place in its organization's chain (1, 2, ...), the hash of the event before it and its own
    # hash over all the fields above and the previous hash (see trellis.privacy.chain.canonical).
    sequence = models.PositiveBigIntegerField()
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["organization", "-occurred_at"]),
            models.Index(fields=["client", "-occurred_at"]),
            models.Index(fields=["actor", "-occurred_at"]),
            models.Index(fields=["request_id"], name="privacy_audit_request_id"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "sequence"], name="privacy_audit_one_place_in_chain"
            ),
            models.UniqueConstraint(
                fields=["sequence"],
                condition=models.Q(organization__isnull=True),
                name="privacy_audit_one_place_in_unowned_chain",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_id} {self.action} {self.object_type}"

    @property
    def object_label(self) -> str:
        """What kind of record the event is about, in words ("Client"), not the model's label
        ("clients.Client"); a model since removed keeps its stored label."""
        if not self.object_type:
            return ""
        try:
            model = apps.get_model(self.object_type)
        except (LookupError, ValueError):
            return self.object_type
        return str(model._meta.verbose_name).capitalize()


class AuditChainHead(models.Model):
    """Where an organization's audit chain ends: the row writers lock, so two transactions never fork it."""

    # The organization's id, or "none" for the chain of events that name no organization.
    chain = models.CharField(primary_key=True, max_length=40)
    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"{self.chain} #{self.sequence}"


# The Part 2 records live beside the audit trail; importing them here is how Django finds them.
from trellis.privacy.breach_models import BreachIncident  # noqa: E402
from trellis.privacy.consent_models import Consent, CourtOrder, RestrictionRequest  # noqa: E402
from trellis.privacy.disclosure_models import Disclosure, EmergencyDisclosure  # noqa: E402

__all__ = [
    "AuditChainHead",
    "AuditEvent",
    "BreachIncident",
    "Consent",
    "CourtOrder",
    "Disclosure",
    "EmergencyDisclosure",
    "RestrictionRequest",
]
