"""Grouping the worklist by responsible person: the reader's own first, overdue first, nobody-assigned last."""

import datetime as dt

from trellis.worklist.items import UNASSIGNED, Item, Kind, Staff, group_by_staff

DAY = dt.date(2026, 11, 18)
ALICE, BOB = Staff(pk=1, name="Alice Test"), Staff(pk=2, name="Bob Test")


def _item(staff: Staff, kind: Kind, *, overdue: bool = False, due: dt.date | None = DAY) -> Item:
    return Item(kind=kind, staff=staff, what="x", url="/", due_on=due, overdue=overdue)


def test_it_puts_the_readers_own_group_first_and_nobody_assigned_last() -> None:
    items = [_item(UNASSIGNED, Kind.MEASURE_DUE), _item(ALICE, Kind.MEASURE_DUE), _item(BOB, Kind.COSIGN)]
    groups = group_by_staff(items, me=2)
    assert [g.staff for g in groups] == [BOB, ALICE, UNASSIGNED]
    assert [g.is_me for g in groups] == [True, False, False]


def test_it_lists_overdue_lines_first_then_by_urgency_then_by_date() -> None:
    late_measure = _item(ALICE, Kind.MEASURE_DUE, overdue=True)
    plan = _item(ALICE, Kind.PLAN_MISSING, due=DAY + dt.timedelta(days=3))
    earlier_plan = _item(ALICE, Kind.PLAN_MISSING, due=DAY)
    safety = _item(ALICE, Kind.SAFETY_TASK)
    (group,) = group_by_staff([plan, late_measure, safety, earlier_plan], me=None)
    assert group.items == [late_measure, safety, earlier_plan, plan]
    assert group.overdue_count == 1


def test_every_kind_has_words_for_the_page() -> None:
    assert all(kind.label and "_" not in kind.label for kind in Kind)


def test_a_pool_the_reader_may_take_from_follows_their_own_group() -> None:
    pool = Staff(pk="supervisors-1", name="Any supervisor at Northside", pool=True)
    other_pool = Staff(pk="supervisors-2", name="Any supervisor at Lakeside", pool=True)
    items = [
        _item(ALICE, Kind.COSIGN),
        Item(kind=Kind.COSIGN, staff=pool, what="x", url="/", due_on=None, overdue=False, open_to_me=True),
        _item(other_pool, Kind.COSIGN),
        _item(UNASSIGNED, Kind.MEASURE_DUE),
        _item(BOB, Kind.MEASURE_DUE),
    ]
    groups = group_by_staff(items, me=2)
    assert [g.staff for g in groups] == [BOB, pool, ALICE, other_pool, UNASSIGNED]
