"""Admission, enrollment, step-down and step-up, waitlist and discharge: the client's path through a program."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Q

from trellis.clients.models import Client
from trellis.core import plausible_dates, week_changes
from trellis.core.errors import reject
from trellis.episodes import discharge_steps
from trellis.episodes.choices import DischargeReason, EnrollmentEndReason, LevelOfCare, WaitlistStatus
from trellis.episodes.models import Enrollment, Episode, LevelOfCareChange, WaitlistEntry
from trellis.privacy import audit
from trellis.programs.models import Phase, Program, Track


@transaction.atomic
def admit_client(
    *,
    client: Client,
    program: Program,
    admitted_on: dt.date,
    admitted_by: Any,
    level: str = LevelOfCare.IOP,
    reason: str = "Admission",
    primary_clinician: Any = None,
) -> Episode:
    if program.organization_id != client.organization_id:
        reject("program", "This program belongs to another organization.")
    if Episode.objects.filter(client=client, program=program).open().exists():
        reject("program", "The client already has an open episode in this program.")
    _check_day_near_today(client=client, field="admitted_on", day=admitted_on, what="admission date")
    episode = Episode.objects.create(
        client=client, program=program, admitted_on=admitted_on, primary_clinician=primary_clinician
    )
    LevelOfCareChange.objects.create(
        episode=episode, level=level, effective_on=admitted_on, reason=reason, recorded_by=admitted_by
    )
    audit.record(
        actor=admitted_by, action=audit.Action.CREATE, client_id=client.pk, obj=episode, detail="admitted"
    )
    return episode


def _check_day_near_today(*, client: Client, field: str, day: dt.date, what: str) -> None:
    """Episode and enrollment dates: within a year of today at the client's site, not before their birth."""
    plausible_dates.check_near_today(
        field=field,
        day=day,
        today=plausible_dates.today_at(client.site.timezone),
        what=what,
        earliest=max(client.date_of_birth or plausible_dates.EARLIEST, plausible_dates.EARLIEST),
    )


def _lock_track(track: Track) -> Track:
    """Lock the track row so two coordinators cannot both take its last place."""
    return Track.objects.select_for_update().get(pk=track.pk)


def track_places_taken(*, track: Track, starts_on: dt.date, ends_on: dt.date | None) -> int:
    return Enrollment.objects.filter(track=track).overlapping(starts_on, ends_on).count()


def _check_enrollment(
    *, episode: Episode, track: Track, phase: Phase, starts_on: dt.date, ends_on: dt.date | None
) -> None:
    if not episode.is_open:
        reject("episode", "The episode is discharged; admit the client again first.")
    if track.program_id != episode.program_id:
        reject("track", "This track belongs to another program.")
    if track.site_id != episode.client.site_id:
        reject("track", "This track runs at another site than the client's.")
    if phase.program_id != episode.program_id:
        reject("phase", "This phase belongs to another program.")
    _check_day_near_today(client=episode.client, field="starts_on", day=starts_on, what="start date")
    if starts_on < episode.admitted_on:
        reject("starts_on", "Enrollment cannot start before admission.")
    if ends_on is not None:
        _check_day_near_today(client=episode.client, field="ends_on", day=ends_on, what="end date")
    if ends_on is not None and ends_on <= starts_on:
        reject("ends_on", "The end date must be after the start date.")
    if (
        Enrollment.objects.filter(episode__client_id=episode.client_id)
        .overlapping(starts_on, ends_on)
        .exists()
    ):
        reject(
            "starts_on",
            "The client is already enrolled in a track on these dates; end that enrollment first.",
        )


@transaction.atomic
def enroll_client(
    *,
    episode: Episode,
    track: Track,
    phase: Phase,
    starts_on: dt.date,
    enrolled_by: Any,
    ends_on: dt.date | None = None,
) -> Enrollment:
    """Place a client in a track. A full track is refused with an offer of its waitlist."""
    track = _lock_track(track)
    _check_enrollment(episode=episode, track=track, phase=phase, starts_on=starts_on, ends_on=ends_on)
    if track_places_taken(track=track, starts_on=starts_on, ends_on=ends_on) >= track.capacity:
        reject(
            "track",
            f"{track.name} is full ({track.capacity} places). Add the client to its waitlist instead.",
            code="track_full",
        )
    enrollment = Enrollment.objects.create(
        episode=episode,
        track=track,
        phase=phase,
        days_per_week=phase.days_per_week,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    WaitlistEntry.objects.filter(track=track, episode=episode, status=WaitlistStatus.WAITING).update(
        status=WaitlistStatus.ENROLLED
    )
    audit.record(
        actor=enrolled_by,
        action=audit.Action.CREATE,
        client_id=episode.client_id,
        obj=enrollment,
        detail=f"enrolled in track at phase {phase.number}",
    )
    week_changes.announce(client_ids=[episode.client_id], first=starts_on, last=ends_on)
    return enrollment


def _end_open_enrollment(
    *, episode: Episode, ends_on: dt.date, reason: str, ended_by: Any
) -> Enrollment | None:
    current: Enrollment | None = (
        Enrollment.objects.select_for_update().filter(episode=episode, ends_on__isnull=True).first()
    )
    if current is None:
        return None
    if ends_on <= current.starts_on:
        reject("starts_on", "The change must come after the current enrollment started.")
    current.ends_on = ends_on
    current.end_reason = reason
    current.save(update_fields=["ends_on", "end_reason", "updated_at"])
    audit.record(
        actor=ended_by,
        action=audit.Action.UPDATE,
        client_id=episode.client_id,
        obj=current,
        detail=f"enrollment ended: {reason}",
    )
    week_changes.announce(client_ids=[episode.client_id], first=ends_on, last=None)
    return current


@transaction.atomic
def change_enrollment(
    *,
    episode: Episode,
    track: Track,
    phase: Phase,
    starts_on: dt.date,
    reason: str,
    changed_by: Any,
) -> Enrollment:
    """A step-down, step-up or change of track: the current enrollment ends the day before and history stays."""
    if reason not in EnrollmentEndReason.values or reason == EnrollmentEndReason.DISCHARGED:
        reject("reason", "Say whether this is a step-down, a step-up or a change of track.")
    if _end_open_enrollment(episode=episode, ends_on=starts_on, reason=reason, ended_by=changed_by) is None:
        reject("episode", "The client has no current enrollment to change.")
    return enroll_client(
        episode=episode, track=track, phase=phase, starts_on=starts_on, enrolled_by=changed_by
    )


@transaction.atomic
def record_level_of_care(
    *, episode: Episode, level: str, effective_on: dt.date, reason: str, recorded_by: Any
) -> LevelOfCareChange:
    if level not in LevelOfCare.values:
        reject("level", "Choose a level of care from the list.")
    if not reason.strip():
        reject("reason", "Say why the level of care changes.")
    _check_day_near_today(
        client=episode.client, field="effective_on", day=effective_on, what="effective date"
    )
    if effective_on < episode.admitted_on:
        reject("effective_on", "A level of care cannot start before admission.")
    change = LevelOfCareChange.objects.create(
        episode=episode,
        level=level,
        effective_on=effective_on,
        reason=reason.strip(),
        recorded_by=recorded_by,
    )
    audit.record(
        actor=recorded_by,
        action=audit.Action.CREATE,
        client_id=episode.client_id,
        obj=change,
        detail=f"level of care {level}",
    )
    return change


@transaction.atomic
def add_to_waitlist(
    *, episode: Episode, track: Track, phase: Phase, requested_on: dt.date, added_by: Any
) -> WaitlistEntry:
    if track.program_id != episode.program_id:
        reject("track", "This track belongs to another program.")
    if WaitlistEntry.objects.filter(track=track, episode=episode, status=WaitlistStatus.WAITING).exists():
        reject("track", "The client is already on this track's waitlist.")
    _check_day_near_today(
        client=episode.client, field="requested_on", day=requested_on, what="requested start date"
    )
    entry = WaitlistEntry.objects.create(track=track, episode=episode, phase=phase, requested_on=requested_on)
    audit.record(
        actor=added_by,
        action=audit.Action.CREATE,
        client_id=episode.client_id,
        obj=entry,
        detail="waitlisted",
    )
    return entry


@transaction.atomic
def remove_from_waitlist(*, entry: WaitlistEntry, removed_by: Any) -> None:
    if entry.status != WaitlistStatus.WAITING:
        reject("entry", "This waitlist entry is no longer waiting.")
    entry.status = WaitlistStatus.REMOVED
    entry.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=removed_by,
        action=audit.Action.UPDATE,
        client_id=entry.episode.client_id,
        obj=entry,
        detail="removed from waitlist",
    )


def _check_discharge_date(*, episode: Episode, discharged_on: dt.date) -> None:
    """A discharge has happened: today at the latest, and not before the admission it ends."""
    today = plausible_dates.today_at(episode.client.site.timezone)
    plausible_dates.check_not_in_future(
        field="discharged_on", day=discharged_on, today=today, what="discharge date"
    )
    if discharged_on < episode.admitted_on:
        reject("discharged_on", "Discharge cannot come before admission.")


def _end_enrollments_at_discharge(*, episode: Episode, ends_on: dt.date, ended_by: Any) -> None:
    """End every enrollment still running after the last day; one that had not started yet never happened."""
    running = (
        Enrollment.objects.select_for_update()
        .filter(episode=episode)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=ends_on))
    )
    for enrollment in running:
        if enrollment.starts_on >= ends_on:
            audit.record(
                actor=ended_by,
                action=audit.Action.DELETE,
                client_id=episode.client_id,
                obj=enrollment,
                detail="enrollment not started by discharge, removed",
            )
            enrollment.delete()
            continue
        enrollment.ends_on = ends_on
        enrollment.end_reason = EnrollmentEndReason.DISCHARGED
        enrollment.save(update_fields=["ends_on", "end_reason", "updated_at"])
        audit.record(
            actor=ended_by,
            action=audit.Action.UPDATE,
            client_id=episode.client_id,
            obj=enrollment,
            detail="enrollment ended: discharged",
        )
    week_changes.announce(client_ids=[episode.client_id], first=ends_on, last=None)


@transaction.atomic
def discharge_client(
    *,
    episode: Episode,
    discharged_on: dt.date,
    reason: int | None,
    summary: str,
    discharged_by: Any,
    answers: Mapping[str, Any] | None = None,
) -> Episode:
    """Close the episode and everything hanging on it (plan, medications, schedule, calendar links).

    `discharged_on` is the client's last day in treatment: the enrollment's exclusive end is the day after,
    so the census and the track roster still count them on the discharge day and never after it.
    `answers` carries what the discharge steps ask (see `discharge_steps`), e.g. each medication's fate.
    """
    if reason not in DischargeReason.values:
        reject("discharge_reason", "Choose the reason for discharge (TEDS).")
    # Locked so two people discharging at once cannot both close the plan and reconcile the medications.
    if not Episode.objects.select_for_update().get(pk=episode.pk).is_open:
        reject("episode", "This episode is already discharged.")
    _check_discharge_date(episode=episode, discharged_on=discharged_on)
    context = discharge_steps.DischargeContext(
        episode=episode, discharged_on=discharged_on, discharged_by=discharged_by, answers=answers or {}
    )
    _end_enrollments_at_discharge(episode=episode, ends_on=context.first_day_after, ended_by=discharged_by)
    WaitlistEntry.objects.filter(episode=episode, status=WaitlistStatus.WAITING).update(
        status=WaitlistStatus.REMOVED
    )
    discharge_steps.run_all(context)
    episode.discharged_on = discharged_on
    episode.discharge_reason = reason
    episode.discharge_summary = summary
    episode.save(update_fields=["discharged_on", "discharge_reason", "discharge_summary", "updated_at"])
    audit.record(
        actor=discharged_by,
        action=audit.Action.UPDATE,
        client_id=episode.client_id,
        obj=episode,
        detail=f"discharged, TEDS reason {reason}",
    )
    return episode
