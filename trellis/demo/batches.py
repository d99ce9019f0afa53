"""Writing many rows fast: buffered bulk inserts in batches, and ids drawn from the seeded random."""

import random
import uuid
from dataclasses import dataclass, field
from typing import cast

from django.db import models

from trellis.privacy import chain
from trellis.privacy.models import AuditEvent

BATCH_SIZE = 1000
FLUSH_ROWS = 20_000  # bounds memory: a year of attendance would otherwise sit in memory all at once


def new_uuid(rng: random.Random) -> uuid.UUID:
    """A version-4 UUID from the seeded random, so the same seed writes the same ids."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


@dataclass
class RowWriter:
    """Buffers rows per model and inserts them in batches, models in the order they were first added.

    Add parents before children: a child may point at a parent that has no id yet (users get theirs from
    the database) and Django fills the id in when the child is inserted after the parent.
    """

    using: str
    rows: dict[type[models.Model], list[models.Model]] = field(default_factory=dict)
    written: dict[type[models.Model], int] = field(default_factory=dict)

    def add(self, row: models.Model) -> None:
        self.rows.setdefault(type(row), []).append(row)

    def flush(self) -> None:
        for model, rows in self.rows.items():
            if model is AuditEvent:  # generated events join their organization's audit chain, like any other
                chain.link(cast(list[AuditEvent], rows), using=self.using)
            model._default_manager.using(self.using).bulk_create(rows, batch_size=BATCH_SIZE)
            self.written[model] = self.written.get(model, 0) + len(rows)
        self.rows = {}

    def pending(self) -> int:
        return sum(len(rows) for rows in self.rows.values())
