"""The rollup is never stale: every write that changes a client's week updates its rolled-up row at once."""

import copy
import datetime as dt
from typing import Any

import pytest
import time_machine

from conftest import World
from trellis.attendance.models import AttendanceRecord
from trellis.attendance.selectors import list_weeks_compliance
from trellis.attendance.services import record_attendance
from trellis.episodes.choices import DischargeReason
from trellis.episodes.models import Enrollment
from trellis.episodes.services import discharge_client
from trellis.outcomes.models import ClientWeek, TrackWeek
from trellis.outcomes.scope import build_scope
from trellis.outcomes.selectors import get_dashboard
from trellis.outcomes.services import roll_up_weeks
from trellis.outcomes.tests import program
from trellis.programs.services import save_program
from trellis.scheduling.models import GroupSession
from trellis.scheduling.services import cancel_session

FIRST = program.TODAY - dt.timedelta(weeks=12) + dt.timedelta(days=1)
MONDAYS = [dt.date(2026, 9, 7) + dt.timedelta(weeks=n) for n in range(11)]  # the finished weeks in range
NOV_9, NOV_16 = dt.date(2026, 11, 9), dt.date(2026, 11, 16)


@pytest.fixture(scope="module")
def module_program(module_world: World) -> dict[str, Any]:
    built = program.build(module_world)
    # the nightly job has rolled up every finished week before the writes below
    roll_up_weeks(organization_id=module_world.organization.pk, mondays=MONDAYS, today=program.TODAY)
    return built


@pytest.fixture
def world(module_world: World, module_program: dict[str, Any], db: None) -> World:
    return copy.deepcopy(module_world)


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(program.NOW, tick=False):
        yield


def _shown(user: Any) -> tuple[int, int]:
    """Client-weeks met and due, as the dashboard shows them."""
    scope = build_scope(user=user, first=FIRST, last=program.TODAY, today=program.TODAY)
    lines = get_dashboard(scope=scope).attendance
    return sum(line.weeks_met for line in lines), sum(line.weeks_due for line in lines)


def _recount() -> tuple[int, int]:
    """The same figures judged from the raw rows by the attendance app's own weekly rule."""
    clients = list(Enrollment.objects.values_list("episode__client_id", flat=True))
    verdicts = list_weeks_compliance(client_ids=clients, mondays=MONDAYS, today=program.TODAY)
    statuses = [str(result.status) for week in verdicts.values() for result in week.values()]
    return statuses.count("met"), statuses.count("met") + statuses.count("below")


def _session(sessions: list[Any], group: Any, day: dt.date) -> Any:
    return next(s for s in sessions if s.group_id == group.pk and s.date == day)


def test_it_starts_from_a_rollup_equal_to_the_recount(world: World) -> None:
    assert ClientWeek.objects.exists()
    assert _shown(world.dana) == _recount()


def test_it_shows_a_tap_at_once(world: World, module_program: dict[str, Any]) -> None:
    # given Amy-the-new-client (a4), admitted on Nov 16 and never marked at her three sessions that week
    before = _shown(world.dana)
    client = module_program["episodes"]["a4"].client
    # when she is marked present at each of them
    for day in (NOV_16, NOV_16 + dt.timedelta(days=2), NOV_16 + dt.timedelta(days=4)):
        session = _session(module_program["sessions"], world.group_a, day)
        record_attendance(session=session, client=client, status="present", recorded_by=world.alice)
    # then the dashboard counts her week as met, without the nightly job
    assert _shown(world.dana) == _recount() == (before[0] + 1, before[1])


def test_it_shows_a_correction_at_once(world: World, module_program: dict[str, Any]) -> None:
    # given a3 met the week of Nov 9, and the Nov 9 group note is signed
    before = _shown(world.dana)
    session = _session(module_program["sessions"], world.group_a, NOV_9)
    client = module_program["episodes"]["a3"].client
    # when the Nov 9 attendance is corrected to an unexcused absence
    record_attendance(
        session=session, client=client, status="unexcused", recorded_by=world.alice, reason="signed in error"
    )
    assert AttendanceRecord.objects.get(session=session, client=client).corrections.count() == 1
    # then the week shows as below at once
    assert _shown(world.dana) == _recount() == (before[0] - 1, before[1])


def test_it_shows_an_enrollment_end_at_once(world: World, module_program: dict[str, Any]) -> None:
    # given b2, still enrolled, whose week of Nov 16 was judged for the whole week
    before = _shown(world.dana)
    episode = module_program["episodes"]["b2"]
    # when she is discharged on the Monday of that week
    discharge_client(
        episode=episode,
        discharged_on=NOV_16,
        reason=DischargeReason.COMPLETED,
        summary="",
        discharged_by=world.bob,
    )
    # then her week is judged on the days she was enrolled, at once
    assert _shown(world.dana) == _recount() != before


def test_it_shows_a_cancelled_session_at_once(world: World, module_program: dict[str, Any]) -> None:
    # given b2 missed two of the three Lakeside sessions in the week of Nov 9
    before = _shown(world.dana)
    # when the program cancels both after the week (they were never the clients' to attend)
    for day in (NOV_9 + dt.timedelta(days=2), NOV_9 + dt.timedelta(days=4)):
        session = _session(module_program["sessions"], world.group_b, day)
        cancel_session(session=session, reason="facilitator ill", cancelled_by=world.bob)
    # then the week's verdicts change at once
    assert _shown(world.dana) == _recount() != before


def test_it_shows_a_new_weekly_minimum_at_once(world: World) -> None:
    # given the weeks judged against the program's minimum
    before = _shown(world.dana)
    # when the director halves it
    save_program(
        organization=world.organization,
        program=world.program,
        fields={"min_weekly_hours": world.program.min_weekly_hours // 2, "minimum_override_reason": "pilot"},
        saved_by=world.dana,
    )
    # then every rolled-up week is judged against the new minimum at once
    assert _shown(world.dana) == _recount() != before


def _kept() -> list[tuple[Any, ...]]:
    """Every per-track count the dashboards sum, in a comparable order."""
    return sorted(
        TrackWeek.objects.values_list("rollup__monday", "track_id", "site_id", "met", "due"), key=str
    )


def test_its_counts_kept_through_writes_equal_a_full_rebuild(
    world: World, module_program: dict[str, Any]
) -> None:
    # given the per-track counts of the nightly rollup, and a tap, a correction, a cancellation and a discharge
    before = _kept()
    sessions, episodes = module_program["sessions"], module_program["episodes"]
    record_attendance(
        session=_session(sessions, world.group_a, NOV_16),
        client=episodes["a4"].client,
        status="present",
        recorded_by=world.alice,
    )
    record_attendance(
        session=_session(sessions, world.group_a, NOV_9),
        client=episodes["a3"].client,
        status="unexcused",
        recorded_by=world.alice,
        reason="signed in error",
    )
    cancel_session(  # read again: another test cancelled this session's object (its rows were rolled back)
        session=GroupSession.objects.get(
            pk=_session(sessions, world.group_b, NOV_9 + dt.timedelta(days=2)).pk
        ),
        reason="facilitator ill",
        cancelled_by=world.bob,
    )
    discharge_client(
        episode=episodes["b2"],
        discharged_on=NOV_16,
        reason=DischargeReason.COMPLETED,
        summary="",
        discharged_by=world.bob,
    )
    # when the counts kept by those writes are compared with the whole rollup built again from the raw rows
    kept = _kept()
    roll_up_weeks(organization_id=world.organization.pk, mondays=MONDAYS, today=program.TODAY)
    # then they are the same, and the writes did change them
    assert kept == _kept() != before
    assert sum(due for *_, due in kept) == _recount()[1]
