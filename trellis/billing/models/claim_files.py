"""The bytes of each exported claim file, kept so a biller can download them from any app server."""

from django.conf import settings
from django.db import models

from trellis.core.models import TimeStampedModel


class ClaimFile(TimeStampedModel):
    """One exported 837 and its 42 CFR 2.32 notice, as written, for the biller to download and send on."""

    export = models.OneToOneField("billing.ClaimExport", on_delete=models.PROTECT, related_name="stored_file")
    x12_text = models.TextField()
    notice_file_name = models.CharField(max_length=140)
    notice_text = models.TextField()
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return self.export.file_name
