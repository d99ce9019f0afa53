"""One line of the worklist (something owed for a client, by a responsible staff member), and their grouping.

Pure: no Django import, so grouping and ordering are tested in milliseconds.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    """What is owed, in the clinic's words; the order is the order of urgency on the page."""

    SAFETY_TASK = "safety_task"
    PLAN_MISSING = "plan_missing"
    PLAN_REVIEW = "plan_review"
    NOTE_UNSIGNED = "note_unsigned"
    COSIGN = "cosign"
    MEASURE_DUE = "measure_due"
    CONSENT_MISSING = "consent_missing"
    CONSENT_EXPIRING = "consent_expiring"
    AUTHORIZATION_REVIEW = "authorization_review"
    DISCHARGE_SUMMARY = "discharge_summary"
    REFERRAL_FOLLOW_UP = "referral_follow_up"
    DISCHARGE_FOLLOW_UP = "discharge_follow_up"
    NEEDS_SCREEN = "needs_screen"
    CASE_TASK = "case_task"

    @property
    def label(self) -> str:
        return LABELS[self]


LABELS = {
    Kind.SAFETY_TASK: "Urgent safety assessment",
    Kind.PLAN_MISSING: "Treatment plan missing",
    Kind.PLAN_REVIEW: "Plan review due",
    Kind.NOTE_UNSIGNED: "Note not signed",
    Kind.COSIGN: "Co-signature waiting",
    Kind.MEASURE_DUE: "Measure due",
    Kind.CONSENT_MISSING: "Consent missing",
    Kind.CONSENT_EXPIRING: "Consent expiring",
    Kind.AUTHORIZATION_REVIEW: "Authorization review due",
    Kind.DISCHARGE_SUMMARY: "Discharge summary due",
    Kind.REFERRAL_FOLLOW_UP: "Referral follow-up",
    Kind.DISCHARGE_FOLLOW_UP: "30-day follow-up after discharge",
    Kind.NEEDS_SCREEN: "Social needs screen due",
    Kind.CASE_TASK: "Case plan task overdue",
}
RANK = {kind: n for n, kind in enumerate(Kind)}


@dataclass(frozen=True)
class Staff:
    """Who is responsible; `pk` None when nobody is (an episode without a primary clinician).

    A pool (`pool` True) is work any one of several people may take, e.g. a note open to any supervisor at
    its site: it is listed once, under the pool, so a line is never counted twice in the totals or the CSV.
    """

    pk: Any
    name: str
    pool: bool = False


UNASSIGNED = Staff(pk=None, name="No one assigned")


@dataclass(frozen=True)
class Item:
    kind: Kind
    staff: Staff
    what: str  # what is owed, e.g. "PHQ-9" or "Group note: Morning process group"
    url: str
    due_on: dt.date | None
    overdue: bool
    client_id: Any = None
    client_name: str = ""  # empty for a group note, which names no single client
    open_to_me: bool = False  # a pool's line the reader may take (a co-signature they could give)

    def sort_key(self) -> tuple[int, int, dt.date, str]:
        return (0 if self.overdue else 1, RANK[self.kind], self.due_on or dt.date.max, self.client_name)


@dataclass
class StaffGroup:
    staff: Staff
    is_me: bool
    items: list[Item] = field(default_factory=list)
    # Lines counted but not built: the worklist page builds only the lines of the people it shows.
    counted_total: int = 0
    counted_overdue: int = 0

    @property
    def total(self) -> int:
        return len(self.items) + self.counted_total

    @property
    def overdue_count(self) -> int:
        return sum(1 for item in self.items if item.overdue) + self.counted_overdue

    @property
    def open_to_me(self) -> bool:
        return any(item.open_to_me for item in self.items)


def is_mine(item: Item, *, me: Any) -> bool:
    """In the reader's name, or a pool's line the reader may take."""
    return item.staff.pk == me or item.open_to_me


def group_by_staff(items: Iterable[Item], *, me: Any) -> list[StaffGroup]:
    """One group per responsible person or pool: the user's own first, then pools the user may take from,
    then people by name, other pools, and nobody-assigned last."""
    groups: dict[Any, StaffGroup] = {}
    for item in items:
        group = groups.setdefault(item.staff.pk, StaffGroup(staff=item.staff, is_me=item.staff.pk == me))
        group.items.append(item)
    for group in groups.values():
        group.items.sort(key=Item.sort_key)
    return order_groups(groups.values())


def order_groups(groups: Iterable[StaffGroup]) -> list[StaffGroup]:
    """The user's own first, then pools the user may take from, then people by name, other pools, and
    nobody-assigned last."""
    return sorted(
        groups, key=lambda g: (not g.is_me, not g.open_to_me, g.staff.pk is None, g.staff.pool, g.staff.name)
    )
