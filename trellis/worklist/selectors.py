"""The worklist: everything owed for the clients a user sees, by responsible staff member, own first.

Runs every source in `sources.SOURCES`; the query count does not depend on how many lines there are.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from trellis.accounts.roles import Capability
from trellis.worklist import sources
from trellis.worklist.counters import COUNTERS, count_group_notes_by_facilitator
from trellis.worklist.items import Item, StaffGroup, group_by_staff, is_mine, order_groups
from trellis.worklist.sources import SOURCES, Scope

UNASSIGNED_KEY = "none"


def may_see_worklist(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.can(Capability.VIEW_CLINICAL))


def list_items(*, user: Any, now: dt.datetime, client_id: Any = None) -> list[Item]:
    """Every line the user may see, or (with `client_id`) only the lines that name that client."""
    if not may_see_worklist(user):
        return []
    scope = Scope(user=user, now=now, client_id=client_id)
    items = [item for source in SOURCES for item in source(scope)]
    return items if client_id is None else [item for item in items if item.client_id == client_id]


@dataclass(frozen=True)
class Worklist:
    groups: list[StaffGroup]  # after the staff filter
    everyone: list[StaffGroup]  # before it, for the filter's choices
    chosen: str  # the staff filter's value: a user's pk, "none" for unassigned, "" for everyone

    @property
    def items(self) -> list[Item]:
        return [item for group in self.groups for item in group.items]

    @property
    def client_ids(self) -> list[Any]:
        return [item.client_id for item in self.items if item.client_id is not None]


def staff_key(group: StaffGroup) -> str:
    return UNASSIGNED_KEY if group.staff.pk is None else str(group.staff.pk)


def get_worklist(*, user: Any, now: dt.datetime, staff: str = "") -> Worklist:
    """Every group, or only the one whose key is `staff` (an unknown key shows no group)."""
    everyone = group_by_staff(list_items(user=user, now=now), me=user.pk)
    groups = [g for g in everyone if staff_key(g) == staff] if staff else everyone
    return Worklist(groups=groups, everyone=everyone, chosen=staff)


@dataclass(frozen=True)
class Counts:
    mine: int
    mine_overdue: int
    total: int
    plans_missing: int


def count_items(*, user: Any, now: dt.datetime) -> Counts:
    """The worklist's figures for Today; sources that can count without building their lines (counters.COUNTERS) do."""
    if not may_see_worklist(user):
        return Counts(mine=0, mine_overdue=0, total=0, plans_missing=0)
    scope = Scope(user=user, now=now)
    items = [item for source in SOURCES if source not in COUNTERS for item in source(scope)]
    tallies = {source: counter(scope) for source, counter in COUNTERS.items()}
    mine = [item for item in items if is_mine(item, me=user.pk)]
    return Counts(
        mine=len(mine) + sum(t.mine for t in tallies.values()),
        mine_overdue=sum(1 for item in mine if item.overdue) + sum(t.mine_overdue for t in tallies.values()),
        total=len(items) + sum(t.total for t in tallies.values()),
        plans_missing=tallies[sources.plans_missing].total,
    )


def list_client_items(*, user: Any, client: Any, now: dt.datetime) -> list[Item]:
    """What is owed for one client (the chart's panel): the worklist's lines that name them."""
    return sorted(list_items(user=user, now=now, client_id=client.pk), key=Item.sort_key)


# A page shows at most PAGE_SIZE lines of one person's, and of everyone's the first PREVIEW_SIZE per person: a
# director's worklist on a program behind on its notes is some 12,000 lines for about 100 people, and rendering
# them all took seconds (issue 14). "Show all" leads to one person's lines, paged; the CSV stays complete.
PAGE_SIZE = 100
PREVIEW_SIZE = 5


@dataclass(frozen=True)
class GroupPage:
    """One person's group as the page shows it: `items`, a slice of `size` lines, page `number` of `pages`."""

    group: StaffGroup
    items: list[Item]
    number: int
    pages: int
    size: int

    @property
    def key(self) -> str:
        return staff_key(self.group)

    @property
    def first(self) -> int:
        return (self.number - 1) * self.size + 1 if self.items else 0

    @property
    def last(self) -> int:
        return self.first + len(self.items) - 1 if self.items else 0

    @property
    def more(self) -> bool:
        """Lines beyond this page or preview."""
        return self.last < self.group.total


# Everyone's page shows this many people's previews, so it too names at most PAGE_SIZE lines: each client named
# is a view written to the audit trail on every request, and a director's 100 people were 500 of them.
TEAM_SIZE = PAGE_SIZE // PREVIEW_SIZE


@dataclass(frozen=True)
class TeamPage:
    """Which people everyone's page shows: page `number` of `pages`, people `first` to `last` of `total`."""

    number: int
    pages: int
    total: int

    @property
    def first(self) -> int:
        return (self.number - 1) * TEAM_SIZE + 1 if self.total else 0

    @property
    def last(self) -> int:
        return min(self.number * TEAM_SIZE, self.total)


def team_page(worklist: Worklist, page: str = "") -> TeamPage:
    """Everyone's page: the page of people asked for (a bad number shows the nearest)."""
    count = max(1, -(-len(worklist.groups) // TEAM_SIZE))
    return TeamPage(number=_page_number(page, count), pages=count, total=len(worklist.groups))


def page_groups(worklist: Worklist, page: str = "") -> list[GroupPage]:
    """Everyone's: a preview of each group on the page of people asked for. One person's: the page of their
    lines asked for (a bad number shows the nearest)."""
    if not worklist.chosen:
        team = team_page(worklist, page)
        people = worklist.groups[team.first - 1 : team.last]
        return [
            GroupPage(group=g, items=g.items[:PREVIEW_SIZE], number=1, pages=1, size=PREVIEW_SIZE)
            for g in people
        ]
    pages = []
    for group in worklist.groups:
        count = max(1, -(-group.total // PAGE_SIZE))
        number = _page_number(page, count)
        start = (number - 1) * PAGE_SIZE
        items = group.items[start : start + PAGE_SIZE]
        pages.append(GroupPage(group=group, items=items, number=number, pages=count, size=PAGE_SIZE))
    return pages


def _page_number(asked: str, count: int) -> int:
    try:
        number = int(asked)
    except ValueError:
        return 1
    return min(max(number, 1), count)


@dataclass(frozen=True)
class WorklistPage:
    worklist: Worklist
    shown: list[GroupPage]
    team: TeamPage


def get_worklist_page(*, user: Any, now: dt.datetime, staff: str = "", page: str = "") -> WorklistPage:
    """The worklist page as page_groups shows it, with the group notes (most of a program's lines: a director's
    is thousands) counted per person in SQL and built only for the people shown. The CSV reads get_worklist."""
    if not may_see_worklist(user):
        empty = Worklist(groups=[], everyone=[], chosen=staff)
        return WorklistPage(worklist=empty, shown=page_groups(empty, page), team=team_page(empty, page))
    scope = Scope(user=user, now=now)
    built = [
        item for source in SOURCES if source is not sources.group_notes_unsigned for item in source(scope)
    ]
    by_person = {group.staff.pk: group for group in group_by_staff(built, me=user.pk)}
    for person, total, overdue in count_group_notes_by_facilitator(scope):
        group = by_person.setdefault(person.pk, StaffGroup(staff=person, is_me=person.pk == user.pk))
        group.counted_total += total
        group.counted_overdue += overdue
    everyone = order_groups(by_person.values())
    groups = [g for g in everyone if staff_key(g) == staff] if staff else everyone
    worklist = Worklist(groups=groups, everyone=everyone, chosen=staff)
    team = team_page(worklist, page)
    _build_counted_lines(scope, groups if staff else groups[team.first - 1 : team.last])
    return WorklistPage(worklist=worklist, shown=page_groups(worklist, page), team=team)


def _build_counted_lines(scope: Scope, groups: list[StaffGroup]) -> None:
    """The group-note lines of these people only (1 query), in their places among their other lines."""
    counted = {group.staff.pk: group for group in groups if group.counted_total}
    if not counted:
        return
    for item in sources.group_notes_unsigned(scope, facilitator_ids=list(counted)):
        counted[item.staff.pk].items.append(item)
    for group in counted.values():
        group.items.sort(key=Item.sort_key)
        group.counted_total = group.counted_overdue = 0
