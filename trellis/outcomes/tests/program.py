"""A small program with known rows, for the dashboards' recount tests: episodes admitted and discharged on
known days, attendance, PHQ-9/GAD-7/BAM scores, signed plans and notes, at both Riverside sites."""

import datetime as dt
from typing import Any

from tests import factories
from trellis.attendance.models import AttendanceRecord
from trellis.episodes.choices import DischargeReason
from trellis.measures.models import MeasureResponse
from trellis.notes.models import GroupNote, IndividualNote
from trellis.plans.choices import PlanStatus
from trellis.plans.models import TreatmentPlan

NOW = dt.datetime(2026, 11, 25, 17, 0, tzinfo=dt.UTC)  # a Wednesday, noon in New York
TODAY = dt.date(2026, 11, 25)
UTC = dt.UTC


def _at(day: dt.date, hour: int = 15) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)


def add_client(world: Any, *, site: Any, track: Any, admitted: dt.date, discharged: dt.date | None = None,
               reason: int | None = None) -> Any:  # fmt: skip
    client = factories.ClientFactory.create(site=site)
    episode = factories.EpisodeFactory.create(
        client=client, program=world.program, admitted_on=admitted, discharged_on=discharged,
        discharge_reason=reason,
    )  # fmt: skip
    factories.EnrollmentFactory.create(
        episode=episode, track=track, phase=world.phase3, starts_on=admitted, ends_on=discharged
    )
    return episode


def add_scores(episode: Any, by: Any, instrument: str, days_and_scores: list[tuple[dt.date, int]]) -> None:
    for day, score in days_and_scores:
        if instrument == "bam":
            answers, total, subscales = [0] * 17, None, {"use": score, "risk": 5, "protective": 10}
        else:
            answers, total, subscales = [0] * (9 if instrument == "phq9" else 7), score, {}
        MeasureResponse.objects.create(
            client=episode.client, episode=episode, instrument=instrument, answers=answers, total=total,
            subscales=subscales, administered_at=_at(day), administered_by=by,
        )  # fmt: skip


def add_plan(episode: Any, by: Any, effective: dt.date, status: str = PlanStatus.ACTIVE) -> None:
    version = TreatmentPlan.objects.filter(episode=episode).count() + 1
    TreatmentPlan.objects.create(
        episode=episode, created_by=by, status=status, effective_on=effective, version=version,
        clinician_signed_at=_at(effective),
    )  # fmt: skip


def build(world: Any) -> dict[str, Any]:
    """Riverside's program across its two sites, with a mix of every figure the dashboards show."""
    a, b, alice, bob = world.site_a, world.site_b, world.alice, world.bob
    d = dt.date
    episodes = {
        "a1": add_client(world, site=a, track=world.track_a, admitted=d(2026, 9, 7), discharged=d(2026, 10, 30),
                         reason=DischargeReason.COMPLETED),
        "a2": add_client(world, site=a, track=world.track_a, admitted=d(2026, 9, 14), discharged=d(2026, 10, 5),
                         reason=DischargeReason.DROPPED_OUT),
        "a3": add_client(world, site=a, track=world.track_a, admitted=d(2026, 10, 12)),
        "a4": add_client(world, site=a, track=world.track_a, admitted=d(2026, 11, 16), discharged=d(2026, 11, 24),
                         reason=DischargeReason.COMPLETED),
        "old": add_client(world, site=a, track=world.track_a, admitted=d(2026, 5, 4), discharged=d(2026, 8, 28),
                          reason=DischargeReason.COMPLETED),  # before the default range
        "b1": add_client(world, site=b, track=world.track_b, admitted=d(2026, 9, 21), discharged=d(2026, 11, 20),
                         reason=DischargeReason.TRANSFERRED),
        "b2": add_client(world, site=b, track=world.track_b, admitted=d(2026, 10, 19)),
    }  # fmt: skip
    add_scores(
        episodes["a1"], alice, "phq9", [(d(2026, 9, 8), 18), (d(2026, 10, 1), 14), (d(2026, 10, 28), 9)]
    )
    add_scores(episodes["a3"], alice, "phq9", [(d(2026, 10, 13), 12), (d(2026, 11, 10), 8)])
    add_scores(episodes["b1"], bob, "phq9", [(d(2026, 9, 22), 20), (d(2026, 11, 17), 13)])
    add_scores(episodes["b2"], bob, "phq9", [(d(2026, 10, 20), 10)])  # one score: no change yet
    add_scores(episodes["a3"], alice, "gad7", [(d(2026, 10, 13), 15), (d(2026, 11, 10), 10)])
    add_scores(episodes["b2"], bob, "gad7", [(d(2026, 10, 20), 8), (d(2026, 11, 17), 6)])
    add_scores(episodes["a3"], alice, "bam", [(d(2026, 10, 13), 9), (d(2026, 11, 10), 4)])
    add_scores(episodes["old"], alice, "phq9", [(d(2026, 5, 5), 22), (d(2026, 8, 20), 5)])  # before the range
    add_plan(episodes["a1"], alice, d(2026, 9, 11), PlanStatus.DISCHARGED)
    add_plan(episodes["a2"], alice, d(2026, 9, 30), PlanStatus.DISCHARGED)
    add_plan(episodes["a3"], alice, d(2026, 10, 20), PlanStatus.SUPERSEDED)
    add_plan(episodes["a3"], alice, d(2026, 11, 3))
    add_plan(episodes["b1"], bob, d(2026, 9, 29), PlanStatus.DISCHARGED)
    sessions = _sessions_and_attendance(world, episodes)
    _notes(world, episodes, sessions)
    return {"episodes": episodes, "sessions": sessions}


def _sessions_and_attendance(world: Any, episodes: dict[str, Any]) -> list[Any]:
    """Northside's group on Mon/Wed/Fri of the week of Nov 9 and Nov 16; Lakeside's on the same days."""
    sessions: list[Any] = []
    plan = {
        "a3": ["present", "present", "late", "unexcused", "present", "excused"],
        "b2": ["present", "unexcused", "unexcused", "present", "left_early", "present"],
        "b1": ["present", "present", "present", "present", "present", "present"],
    }
    days = [dt.date(2026, 11, 9) + dt.timedelta(days=n) for n in (0, 2, 4, 7, 9, 11)]
    for group, key in ((world.group_a, "a3"), (world.group_b, "b2"), (world.group_b, "b1")):
        for i, day in enumerate(days):
            session = factories.GroupSessionFactory.create(group=group, date=day) if key != "b1" else None
            if session is None:
                session = next(s for s in sessions if s.group_id == group.pk and s.date == day)
            else:
                sessions.append(session)
            status = plan[key][i]
            if key == "b1" and day >= dt.date(2026, 11, 20):
                continue  # discharged on Nov 20
            AttendanceRecord.objects.create(
                session=session, client=episodes[key].client, status=status,
                minutes_attended=180 if status in ("present", "late") else (90 if status == "left_early" else 0),
                recorded_by=world.alice,
            )  # fmt: skip
    return sessions


def _notes(world: Any, episodes: dict[str, Any], sessions: list[Any]) -> None:
    """Group notes: two on time, one a day late, one unsigned. Individual notes: on time, late, unsigned."""
    delays = [dt.timedelta(hours=2), dt.timedelta(hours=23), dt.timedelta(hours=30), None]
    for session, delay in zip(sessions[:4], delays, strict=True):
        signed = session.ends_at + delay if delay is not None else None
        GroupNote.objects.create(author=world.alice, session=session, signed_at=signed)
    d = dt.date
    # Service ends at the midnight after the service date in New York (05:00 UTC in November); due 24 h later.
    for key, day, signed in (
        ("a3", d(2026, 11, 10), dt.datetime(2026, 11, 12, 4, 0, tzinfo=UTC)),  # 23 h after: on time
        ("a3", d(2026, 11, 12), dt.datetime(2026, 11, 14, 6, 0, tzinfo=UTC)),  # 25 h after: late
        ("b2", d(2026, 11, 13), None),
        ("a1", d(2026, 8, 3), dt.datetime(2026, 8, 3, 20, 0, tzinfo=UTC)),  # before the range
    ):
        IndividualNote.objects.create(
            author=world.alice, client=episodes[key].client, episode=episodes[key], service_date=day,
            duration_minutes=50, format="dap", signed_at=signed,
        )  # fmt: skip
