"""What payers paid: remittance advice (X12 835) imported from a file, one row per payment."""

from django.conf import settings
from django.db import models

from trellis.core.models import TimeStampedModel


class Remittance(TimeStampedModel):
    """One payer payment (an 835 transaction set: a check, EFT or notice) and how many claims it decided.

    The file itself is not kept: its decisions live on the claims, and this row makes a second import of the
    same payment refusable (the trace number is unique per payer and organization)."""

    organization = models.ForeignKey(
        "programs.Organization", on_delete=models.PROTECT, related_name="remittances"
    )
    payer_name = models.CharField(max_length=60, help_text="As the payer names itself (N1*PR).")
    payer_identifier = models.CharField(
        max_length=50, help_text="The payer as originator of the payment (TRN03)."
    )
    trace_number = models.CharField(max_length=50, help_text="Check or EFT trace number (TRN02).")
    payment_amount = models.DecimalField(max_digits=12, decimal_places=2)
    payment_date = models.DateField()
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField()
    applied_count = models.PositiveIntegerField(
        default=0, help_text="Claims paid or denied from this payment."
    )
    skipped_count = models.PositiveIntegerField(default=0, help_text="Claims reported but not applied.")

    class Meta:
        ordering = ["-imported_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "payer_identifier", "trace_number"], name="remittance_trace_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"remittance {self.trace_number}"
