"""Staff users, their roles and credentials, and the sites and programs they work in."""

import uuid
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.cache import cache
from django.db import models

from trellis.accounts.roles import Capability, Role, capabilities_of
from trellis.core.models import TimeStampedModel
from trellis.core.sealed import SealedTextField

# Kept memberships end with their stamp; this only bounds how long an unused entry stays.
MEMBERSHIPS_KEEP_SECONDS = 24 * 60 * 60


class User(AbstractUser):
    """A member of staff who logs in. Clients do not log in yet (the portal comes later)."""

    organization = models.ForeignKey(
        "programs.Organization", on_delete=models.PROTECT, related_name="staff", null=True, blank=True
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.CLINICIAN)
    npi = models.CharField("NPI", max_length=10, blank=True)
    sites = models.ManyToManyField("programs.Site", related_name="staff", blank=True)
    programs = models.ManyToManyField("programs.Program", related_name="staff", blank=True)
    # New whenever the user's sites or programs change (accounts.access_stamps, in the changing transaction):
    # the user row, read on every request anyway, then says whether memberships kept in the cache still hold.
    access_stamp = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def can(self, capability: Capability) -> bool:
        return self.is_active and capability in capabilities_of(self.role)

    def site_ids(self) -> list[Any]:
        """The sites this user works at, read once per request and kept on the instance.

        Only sites of the user's own organization count: a membership that crosses organizations (a slip in
        the admin) opens nothing, because every scoped read starts from these ids.
        """
        return self._memberships()[0]

    def program_ids(self) -> list[Any]:
        return self._memberships()[1]

    def _memberships(self) -> tuple[list[Any], list[Any]]:
        """Sites and programs (each by name) in one query, kept in the cache under the user's access stamp:
        almost every page scopes its reads by both, and they change seldom."""
        cached: tuple[list[Any], list[Any]] | None = getattr(self, "_member_of", None)
        if cached is None:
            key = f"memberships:{self.pk}:{self.organization_id}:{self.access_stamp}"
            cached = cache.get(key)
            if cached is None:
                cached = self._read_memberships()
                cache.set(key, cached, MEMBERSHIPS_KEEP_SECONDS)
            self._member_of = cached
        return cached

    def _read_memberships(self) -> tuple[list[Any], list[Any]]:
        mine = models.Q(organization_id=self.organization_id)
        sites = (
            self.sites.filter(mine)
            .annotate(membership=models.Value(0))
            .values_list("membership", "name", "id")
        )
        programs = (
            self.programs.filter(mine)
            .annotate(membership=models.Value(1))
            .values_list("membership", "name", "id")
        )
        rows = sites.order_by().union(programs.order_by(), all=True).order_by("membership", "name")
        found: tuple[list[Any], list[Any]] = ([], [])
        for kind, _name, pk in rows:
            found[kind].append(pk)
        return found


class Credential(TimeStampedModel):
    """A license or certification a clinician holds (e.g. LCSW, LPC, CADC), with its expiry."""

    class LicenseType(models.TextChoices):
        MD = "md", "MD/DO"
        NP = "np", "Nurse practitioner"
        RN = "rn", "Registered nurse"
        LPN = "lpn", "Licensed practical nurse"
        PSYCHOLOGIST = "psychologist", "Psychologist"
        LCSW = "lcsw", "LCSW"
        LPC = "lpc", "LPC"
        LMFT = "lmft", "LMFT"
        CADC = "cadc", "CADC / addiction counselor"
        PEER = "peer", "Certified peer specialist"
        OTHER = "other", "Other"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="credentials")
    license_type = models.CharField(max_length=20, choices=LicenseType.choices)
    number = models.CharField(max_length=40)
    state = models.CharField(max_length=2, blank=True)
    expires_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["license_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "license_type", "number"], name="credential_unique_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_license_type_display()} {self.number}"


class ApiToken(TimeStampedModel):
    """A credential an integration uses to call the API for one staff member, until it expires or is revoked.

    Only the SHA-256 of the secret is kept; the secret itself is shown once, when the token is made.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80, blank=True)
    # The first characters of the secret, so its owner can tell tokens apart without the secret.
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # The browser session it was made from, so logging out of that session ends it too.
    session_key = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}…"

    def is_usable_at(self, moment: Any) -> bool:
        return self.revoked_at is None and moment < self.expires_at and self.user.is_active


class TotpDevice(TimeStampedModel):
    """An authenticator app (RFC 6238 time-based codes) a member of staff uses as their second factor."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp_device")
    # Base32, as the app was given it. The app needs the same secret, so it cannot be hashed like a password.
    secret = SealedTextField()  # encrypted at rest under a key outside the database (trellis.core.sealed)
    # The 30-second time step of the last code accepted: a code is good once, and never an older one after it.
    last_used_step = models.BigIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"authenticator app of {self.user_id}"


class Passkey(TimeStampedModel):
    """A WebAuthn credential (a passkey or security key) a member of staff signs in with as a second factor."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="passkeys")
    name = models.CharField(max_length=60)
    credential_id = models.CharField(max_length=1400, unique=True)  # base64url, as browsers send it
    public_key = models.BinaryField()
    # The authenticator's counter: one that goes backwards betrays a cloned key (WebAuthn 6.1.1).
    sign_count = models.PositiveBigIntegerField(default=0)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.name


class RecoveryCode(TimeStampedModel):
    """A single-use code that stands in for a lost second factor; only its SHA-256 is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "digest"], name="recovery_code_unique")]

    def __str__(self) -> str:
        return f"recovery code of {self.user_id}"


class SecondFactorRule(TimeStampedModel):
    """Whether staff of one role in one organization must sign in with a second factor.

    A role with no row follows the default: required for every role that can read client records.
    """

    organization = models.ForeignKey("programs.Organization", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=20, choices=Role.choices)
    required = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "role"], name="second_factor_rule_unique")
        ]

    def __str__(self) -> str:
        return f"{self.role}: {'required' if self.required else 'optional'}"


# Outside systems hold API credentials too; importing the model here is how Django finds it.
from trellis.accounts.outside_models import OutsideSystem  # noqa: E402

__all__ = ["ApiToken", "Credential", "OutsideSystem", "User"]
