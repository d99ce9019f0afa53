"""Consents (42 CFR 2.31), court orders (2.64) and requests for restrictions (2.26).

A consent is prepared by staff, then signed by the client (drawn or typed on a tablet); it is never edited
after signing: a change is a new consent, and revocation is a date, so what was in force at any past moment
can be read back for the accounting of disclosures.
"""

import datetime as dt

from django.conf import settings
from django.db import models

from trellis.core.models import TimeStampedModel
from trellis.privacy.part2 import ConsentKind, RecipientKind, SignatureMethod, SignerRole


class ConsentState(models.TextChoices):
    AWAITING_SIGNATURE = "awaiting", "Awaiting signature"
    ACTIVE = "active", "In force"
    EXPIRED = "expired", "Expired"
    REVOKED = "revoked", "Revoked"


class Consent(TimeStampedModel):
    """Every element 42 CFR 2.31(a) asks of a written consent, and its signature."""

    organization = models.ForeignKey("programs.Organization", on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="consents")
    kind = models.CharField(max_length=20, choices=ConsentKind.choices)
    # 2.31(a)(2): who may disclose ("Riverbend Recovery and its programs").
    disclosing_party = models.CharField(max_length=200)
    # 2.31(a)(3): what, as InfoKind values, and how much, in words that name SUD information explicitly.
    information = models.JSONField(default=list)
    information_detail = models.TextField()
    # 2.31(a)(4): a general designation (TPO consents only) or a named recipient of a kind.
    general_designation = models.BooleanField(default=False)
    recipient_kind = models.CharField(max_length=20, choices=RecipientKind.choices, blank=True)
    recipient_name = models.CharField(max_length=160, blank=True)
    recipient_detail = models.CharField(max_length=200, blank=True, help_text="Address or contact, if known.")
    # 2.31(a)(5): purposes, as Purpose values, and any words the client added.
    purposes = models.JSONField(default=list)
    purpose_detail = models.CharField(max_length=200, blank=True)
    # 2.31(a)(7): a date, an event, or none (TPO consents only). An event ends the consent on the day staff
    # record that it happened.
    expires_on = models.DateField(null=True, blank=True)
    expiry_event = models.CharField(max_length=200, blank=True)
    expiry_event_occurred_on = models.DateField(null=True, blank=True)
    no_expiry = models.BooleanField(default=False)
    # 2.31(a)(8): signature and date. The device and the staff member who handed the tablet over are kept too.
    signed_at = models.DateTimeField(null=True, blank=True)
    signer_name = models.CharField(max_length=160, blank=True)
    signer_role = models.CharField(max_length=20, choices=SignerRole.choices, blank=True)
    signature_method = models.CharField(max_length=10, choices=SignatureMethod.choices, blank=True)
    # A drawn signature as SVG path data (strokes of the pen); a typed one as the typed name.
    signature = models.TextField(blank=True)
    signed_device = models.CharField(max_length=200, blank=True)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    witnessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # 2.31(a)(6): revocation, honoured from this moment for every later disclosure.
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revocation_method = models.CharField(max_length=20, blank=True)  # "in writing", "verbally", "portal"
    revocation_note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["client", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} consent"

    def state_on(self, moment: dt.datetime, today: dt.date) -> str:
        """The consent's state at `moment` (for revocation) and on the local day `today` (for expiry)."""
        if self.signed_at is None or self.signed_at > moment:
            return ConsentState.AWAITING_SIGNATURE
        if self.revoked_at is not None and self.revoked_at <= moment:
            return ConsentState.REVOKED
        if self.expires_on is not None and today > self.expires_on:
            return ConsentState.EXPIRED
        if self.expiry_event_occurred_on is not None and today >= self.expiry_event_occurred_on:
            return ConsentState.EXPIRED
        return ConsentState.ACTIVE

    @property
    def recipient_words(self) -> str:
        from trellis.privacy.part2 import GENERAL_DESIGNATION_TEXT

        if self.general_designation:
            return GENERAL_DESIGNATION_TEXT
        kind = RecipientKind(self.recipient_kind).label if self.recipient_kind else ""
        return f"{self.recipient_name} ({kind})" if kind else self.recipient_name

    @property
    def expiry_words(self) -> str:
        if self.no_expiry:
            return "None: in force until revoked"
        if self.expires_on is not None:
            return f"On {self.expires_on:%B} {self.expires_on.day}, {self.expires_on.year}"
        return f"When this happens: {self.expiry_event}"


class CourtOrder(TimeStampedModel):
    """An order under 42 CFR 2.64 authorizing disclosure or use in a proceeding; recorded, never edited."""

    organization = models.ForeignKey("programs.Organization", on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="court_orders")
    court_name = models.CharField(max_length=160)
    order_reference = models.CharField(max_length=80, help_text="Docket or case number.")
    issued_on = models.DateField()
    judge_name = models.CharField(max_length=120, blank=True)
    recipient_name = models.CharField(max_length=160)
    information = models.JSONField(default=list)
    scope = models.TextField(help_text="What the order authorizes, in its own words.")
    expires_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-issued_on"]

    def __str__(self) -> str:
        return f"Court order {self.order_reference}"


class RestrictionState(models.TextChoices):
    REQUESTED = "requested", "Awaiting a decision"
    AGREED = "agreed", "Agreed"
    DENIED = "denied", "Denied"
    ENDED = "ended", "Ended"


class RestrictionKind(models.TextChoices):
    # 2.26(b) with HIPAA 164.522(a)(1)(vi): services paid in full out of pocket are not told to a health plan.
    HEALTH_PLAN = "health_plan", "Do not tell a health plan about self-paid services"
    OTHER = "other", "Other restriction on use or disclosure"


class RestrictionRequest(TimeStampedModel):
    """A client's request to restrict disclosures (42 CFR 2.26) and the program's decision."""

    organization = models.ForeignKey("programs.Organization", on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="restriction_requests"
    )
    kind = models.CharField(max_length=20, choices=RestrictionKind.choices)
    # The plan not to be told; blank means every health plan.
    payer = models.ForeignKey(
        "billing.Payer", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    description = models.TextField()
    requested_on = models.DateField()
    state = models.CharField(
        max_length=12, choices=RestrictionState.choices, default=RestrictionState.REQUESTED
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_note = models.CharField(max_length=300, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    end_note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-requested_on", "-created_at"]

    def __str__(self) -> str:
        return self.get_kind_display()
