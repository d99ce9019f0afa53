"""Outside systems: another organization's software (a treating provider's EHR, a health plan, a business
associate) that reads client records through the API with its own token.

Every answer it gets goes through the disclosure gate as the recipient registered here (42 CFR Part 2): it is a
disclosure, unlike a staff member's token, which is the program's own use.
"""

from typing import Any

from django.conf import settings
from django.db import models

from trellis.core.models import TimeStampedModel
from trellis.privacy.part2 import Purpose, RecipientKind

# An outside system reads for treatment, payment or operations only, as a recipient a TPO consent may name by
# general designation or a named consent may name (42 CFR 2.31(a)(4)).
OUTSIDE_RECIPIENT_KINDS = (RecipientKind.PROVIDER, RecipientKind.HEALTH_PLAN, RecipientKind.OPERATIONS)
OUTSIDE_PURPOSES = (Purpose.TREATMENT, Purpose.PAYMENT, Purpose.OPERATIONS)


class OutsideSystem(TimeStampedModel):
    """A system outside the program, registered by a director, that may read its organization's records
    through the API for one purpose; only the SHA-256 of its secret is kept."""

    organization = models.ForeignKey("programs.Organization", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=160, help_text="The recipient's name, as consents name it.")
    recipient_kind = models.CharField(
        max_length=20, choices=[(k.value, k.label) for k in OUTSIDE_RECIPIENT_KINDS]
    )
    purpose = models.CharField(max_length=20, choices=[(p.value, p.label) for p in OUTSIDE_PURPOSES])
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name", "-created_at"]

    def __str__(self) -> str:
        return self.name

    def is_usable_at(self, moment: Any) -> bool:
        return self.revoked_at is None and moment < self.expires_at
