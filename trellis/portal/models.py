"""The client's own way into Trellis at /me/: a portal account per client and the one-time codes it signs in
with. A separate realm from staff users: a client is never a Django User."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from trellis.core.models import TimeStampedModel


class PortalAccount(TimeStampedModel):
    """A client's invitation to the portal: where their sign-in codes go, and whether they may still sign in."""

    client = models.OneToOneField("clients.Client", on_delete=models.CASCADE, related_name="portal_account")
    # Stored normalized (lower-case e-mail, E.164 phone) so a typed address matches exactly one account.
    email = models.EmailField(blank=True, db_index=True)
    mobile = models.CharField(max_length=20, blank=True, db_index=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    invited_at = models.DateTimeField()
    is_active = models.BooleanField(default=True)
    deactivated_at = models.DateTimeField(null=True, blank=True)
    last_signed_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(mobile=""), name="portal_account_has_an_address"
            ),
        ]

    def __str__(self) -> str:
        return f"Portal account {self.pk}"


class SignInCode(TimeStampedModel):
    """One six-digit code sent to a portal account: good for ten minutes, once, and five tries."""

    account = models.ForeignKey(PortalAccount, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=128)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["account", "-created_at"])]

    def __str__(self) -> str:
        return f"Sign-in code {self.pk}"


class FamilyAccess(TimeStampedModel):
    """A client's contact invited to see part of the client's portal: where their codes go. Whether they may
    see anything is decided on every request by the disclosure gate (a consent in force naming them), so
    revoking or expiring that consent ends access at once without touching this row."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="family_accesses")
    contact = models.OneToOneField(
        "clients.ClientContact", on_delete=models.CASCADE, related_name="portal_family_access"
    )
    email = models.EmailField(blank=True, db_index=True)
    mobile = models.CharField(max_length=20, blank=True, db_index=True)
    # Blank when the client invited them from the portal.
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    invited_at = models.DateTimeField()
    is_active = models.BooleanField(default=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    last_signed_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(mobile=""), name="family_access_has_an_address"
            ),
        ]

    def __str__(self) -> str:
        return f"Family access {self.pk}"


class FamilySignInCode(TimeStampedModel):
    """A one-time code sent to a family contact (the same rules as a client's SignInCode)."""

    access = models.ForeignKey(FamilyAccess, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=128)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["access", "-created_at"])]

    def __str__(self) -> str:
        return f"Family sign-in code {self.pk}"


class PortalPasskey(TimeStampedModel):
    """A WebAuthn credential a client signs in to the portal with instead of a code (like accounts.Passkey,
    which belongs to staff users: a client is never a User)."""

    account = models.ForeignKey(PortalAccount, on_delete=models.CASCADE, related_name="passkeys")
    name = models.CharField(max_length=60)
    credential_id = models.CharField(max_length=1400, unique=True)  # base64url, as browsers send it
    public_key = models.BinaryField()
    sign_count = models.PositiveBigIntegerField(default=0)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.name
