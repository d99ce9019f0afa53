"""Shared set-ups for the notes tests: a Northside session that has ended, with clients present."""

import datetime as dt
from typing import Any

from tests import factories
from trellis.attendance.models import AttendanceRecord
from trellis.notes import services

SESSION_DAY = dt.date(2026, 11, 23)  # a Monday; the factory's session runs 14:00-17:00 UTC
AFTER_SESSION = dt.datetime(2026, 11, 23, 18, 0, tzinfo=dt.UTC)
COMPLETE = {
    "participation": "active",
    "response": "Named two triggers and a coping plan for the weekend.",
    "objective_addressed": "Identify three high-risk situations",
    "risk_level": "none",
    "risk_note": "",
}


def session(world: Any, *, day: dt.date = SESSION_DAY) -> Any:
    return factories.GroupSessionFactory.create(group=world.group_a, date=day)


def present_clients(world: Any, session: Any, count: int, *, status: str = "present") -> list[Any]:
    """`count` Northside clients enrolled in the session's track and marked present."""
    clients = []
    for n in range(count):
        client = factories.ClientFactory.create(
            site=world.site_a, legal_first_name=f"Quinlan{n:03d}", legal_last_name=f"Participant{n:03d}"
        )
        factories.EnrollmentFactory.create(
            episode=factories.EpisodeFactory.create(client=client, program=world.program),
            track=world.track_a,
            phase=world.phase3,
        )
        mark(session, client, world.alice, status=status)
        clients.append(client)
    return clients


def mark(session: Any, client: Any, by: Any, *, status: str = "present") -> AttendanceRecord:
    minutes = 0 if status in ("excused", "unexcused") else 180
    return AttendanceRecord.objects.create(
        session=session, client=client, status=status, minutes_attended=minutes, recorded_by=by
    )


def draft(session: Any, author: Any, *, content: str = "Psychoeducation on cravings, then role-play.") -> Any:
    note = services.start_group_note(session=session, author=author)
    return services.update_group_note_shared(
        note=note, editor=author, topic="Coping with cravings", content=content
    )


def write_entries(note: Any, clients: list[Any], author: Any, **changes: Any) -> None:
    for client in clients:
        services.save_participant_entry(note=note, client=client, editor=author, **{**COMPLETE, **changes})
