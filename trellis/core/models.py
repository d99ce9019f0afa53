"""The base every Trellis model stands on."""

import uuid

from django.db import models


class TimeStampedModel(models.Model):
    """A row with an unguessable id and the times it was created and last changed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
