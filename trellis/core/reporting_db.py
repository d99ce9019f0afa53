"""Reads for aggregate reports may go to a read replica (the "reporting" database), everything else never.

A replica lags the primary by seconds, so only code that counts many rows and never shows a write just made
reads from it, and only inside `reporting_reads()`: the outcome dashboards and their CSV. Pages that show one
client, a roster or a form always read the primary. Writes always go to the primary, even inside the block.
The replica is on only when REPORTING_DATABASE_URL is set (settings.TRELLIS_REPORTING_READS); without it
everything uses "default".
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

REPORTING = "reporting"
_reading_reports: ContextVar[bool] = ContextVar("reading_reports", default=False)


@contextmanager
def reporting_reads() -> Iterator[None]:
    """Inside the block, reads go to the reporting replica when one is configured."""
    token = _reading_reports.set(True)
    try:
        yield
    finally:
        _reading_reports.reset(token)


def _replica_on() -> bool:
    return bool(getattr(settings, "TRELLIS_REPORTING_READS", False)) and REPORTING in settings.DATABASES


class ReportingRouter:
    """Sends the reads of a `reporting_reads()` block to the replica; leaves every other decision to Django."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        return REPORTING if _reading_reports.get() and _replica_on() else None

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        # Not left to Django: an object read from the replica would otherwise be saved back to it.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica holds the same rows as the primary: an object read from one may point at the other's.
        return True
