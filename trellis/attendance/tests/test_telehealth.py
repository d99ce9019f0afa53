"""Telehealth visits: the portal's join and leave times become minutes proposed to the facilitator, who confirms
them through the ordinary attendance service (audited, with the telehealth flag billing needs)."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError

from conftest import World
from tests import factories
from trellis.attendance import telehealth
from trellis.attendance.models import AttendanceRecord, Telehealth, TelehealthVisit
from trellis.privacy.models import AuditEvent
from trellis.scheduling.models import GroupSession, SessionMode

START = dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.UTC)  # the factory session's start (Monday 9 am + 5 h)
Status = AttendanceRecord.Status


@pytest.fixture(autouse=True)
def clock_at() -> Any:
    with time_machine.travel(START - dt.timedelta(minutes=10), tick=False) as traveller:
        yield traveller


@pytest.fixture
def session(world: World) -> GroupSession:
    world.group_a.session_mode = SessionMode.VIRTUAL
    world.group_a.save(update_fields=["session_mode"])
    made: GroupSession = factories.GroupSessionFactory.create(group=world.group_a, break_minutes=15)
    assert made.starts_at == START
    return made


def at(minutes: int) -> dt.datetime:
    return START + dt.timedelta(minutes=minutes)


@pytest.mark.parametrize(
    ("spans", "breaks", "expected"),
    [
        ([(-10, 180)], 0, 180),  # joined early, stayed to the end: the session, not more
        ([(-10, 180)], 15, 165),  # breaks are not therapy time
        ([(30, 90)], 0, 60),
        ([(0, 60), (50, 120)], 0, 120),  # a rejoin overlapping the first visit counts once
        ([(0, 60), (90, 120)], 0, 90),  # the gap between visits does not count
        ([(200, 220)], 0, 0),  # after the end
        ([(0, 10)], 15, 0),  # never below zero
    ],
)
def test_it_counts_time_in_the_room_within_the_session(
    spans: list[tuple[int, int]], breaks: int, expected: int
) -> None:
    found = telehealth.overlap_minutes(
        [(at(a), at(b)) for a, b in spans], start=at(0), end=at(180), breaks=breaks
    )
    assert found == expected


def test_it_proposes_the_visit_and_the_facilitator_confirms_it(
    world: World, session: GroupSession, clock_at: Any
) -> None:
    # given Carol joins by phone 20 minutes late and says she left 40 minutes before the end
    clock_at.move_to(at(20))
    telehealth.record_join(session=session, client=world.carol, audio_only=True)
    clock_at.move_to(at(140))
    telehealth.record_leave(session=session, client=world.carol)
    # when Alice looks at the proposal and confirms it
    proposal = telehealth.list_proposals(session=session)[world.carol.pk]
    assert (proposal.minutes, proposal.status) == (120 - 15, Status.LATE)
    record = telehealth.confirm_proposal(session=session, client=world.carol, confirmed_by=world.alice)
    # then her attendance is recorded by the attendance service, late, with the audio-only flag for billing
    assert (record.status, record.arrived_at, record.left_at) == (Status.LATE, at(20), at(140))
    assert record.minutes_attended == 120
    assert record.telehealth == Telehealth.AUDIO_ONLY
    assert AuditEvent.objects.filter(client=world.carol, detail="attendance: late").exists()
    assert AuditEvent.objects.filter(client=world.carol, detail="telehealth: joined").exists()


def test_a_visit_nobody_closed_ends_with_the_session(
    world: World, session: GroupSession, clock_at: Any
) -> None:
    telehealth.record_join(session=session, client=world.carol, audio_only=False)
    assert telehealth.list_proposals(session=session)[world.carol.pk].minutes == 180 - 15
    clock_at.move_to(at(200))
    assert telehealth.close_finished_visits(now=at(200)) == 1
    visit = TelehealthVisit.objects.get(client=world.carol)
    assert visit.left_at == session.ends_at
    record = telehealth.confirm_proposal(session=session, client=world.carol, confirmed_by=world.alice)
    assert (record.status, record.minutes_attended, record.telehealth) == (Status.PRESENT, 180, "audio_video")


def test_it_refuses_a_join_outside_the_window_or_the_roster_and_writes_nothing(
    world: World, session: GroupSession, clock_at: Any
) -> None:
    clock_at.move_to(at(-16))  # the link opens 15 minutes before the start
    with pytest.raises(ValidationError):
        telehealth.record_join(session=session, client=world.carol, audio_only=False)
    clock_at.move_to(at(0))
    with pytest.raises(ValidationError):  # Dave is in another track
        telehealth.record_join(session=session, client=world.dave, audio_only=False)
    in_person = factories.GroupSessionFactory.create(
        group=world.group_a, date=dt.date(2026, 11, 23) - dt.timedelta(7)
    )
    in_person.mode_override = SessionMode.IN_PERSON
    assert not telehealth.is_joinable(session=in_person, now=in_person.starts_at)
    assert not TelehealthVisit.objects.exists()
    with pytest.raises(ValidationError):  # nothing to confirm
        telehealth.confirm_proposal(session=session, client=world.carol, confirmed_by=world.alice)
    assert not AttendanceRecord.objects.exists()


def test_the_room_is_an_unguessable_token_kept_for_the_session(world: World, session: GroupSession) -> None:
    url = telehealth.room_url(session=session)
    room = url.rsplit("/", 1)[1]
    assert url.startswith("https://meet.jit.si/")
    assert len(room) == 32
    assert "carol" not in url.lower()
    assert "morning" not in url.lower()
    assert telehealth.room_url(session=GroupSession.objects.get(pk=session.pk)) == url
    other = factories.GroupSessionFactory.create(group=world.group_a, date=dt.date(2026, 11, 25))
    assert telehealth.room_url(session=other) != url
