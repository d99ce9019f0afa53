"""Optimistic versions: a draft or record carries a number that every save raises by one.

A form or API call carries the version it started from; a save from an older copy is refused (StaleEdit)
instead of silently replacing what someone else saved meanwhile. Services compare under the row lock they
already hold (select_for_update; SQLite's IMMEDIATE transactions serialize writers), so two saves of the
same copy can never both land.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models


class Versioned(models.Model):
    """Adds the version a save must name to replace what is stored."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


@dataclass(frozen=True)
class SavedCopy:
    """What is stored now, as the person whose save was refused needs to see it."""

    version: int
    saved_by: str
    saved_at: dt.datetime
    summary: str = ""  # e.g. "Late, arrived 9:20"; no client name
    texts: list[tuple[str, str]] = field(default_factory=list)  # (label, text) as saved now


KEEP_AND_COMPARE = "Your text is kept; compare it with the saved text before you replace it."


class StaleEdit(ValidationError):
    """A save made from a copy older than the stored one: nothing was written."""

    def __init__(self, *, what: str, saved: SavedCopy, advice: str = KEEP_AND_COMPARE) -> None:
        self.saved = saved
        message = (
            f"{what} was changed by {saved.saved_by} since you opened it, so yours was not saved. {advice}"
        )
        super().__init__({NON_FIELD_ERRORS: [ValidationError(message, code="stale")]})


def check_and_raise(row: Versioned, *, expected: int | None, stale: Callable[[], StaleEdit]) -> None:
    """Refuse with `stale()` unless `row` (read under a lock) is still at `expected`; then raise its version.

    The caller saves with "version" among its update_fields. `expected` None skips the check: a caller
    that holds no earlier copy (an import, a bulk "mark everyone present") cannot be stale.
    """
    if expected is not None and row.version != expected:
        raise stale()
    row.version += 1


def stale_body(error: StaleEdit) -> dict[str, Any]:
    """The 409 answer of the API: the message, and the stored version to retry from."""
    saved = error.saved
    return {
        "detail": error.messages[0],
        "code": "stale",
        "current_version": saved.version,
        "saved_by": saved.saved_by,
        "saved_at": saved.saved_at.isoformat(),
        "current": saved.summary,
    }


def display_name(user: Any) -> str:
    return str(user.get_full_name() or user.get_username()) if user is not None else "someone"
