"""Enrollment rules: capacity with a waitlist, no overlaps, step-down history, discharge with a TEDS reason."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from tests import factories
from trellis.episodes import services
from trellis.episodes.models import Enrollment, Episode, WaitlistEntry
from trellis.privacy.models import AuditEvent

DAY = dt.date(2026, 11, 23)


def _admitted(world: Any) -> Episode:
    client = factories.ClientFactory.create(site=world.site_a)
    return services.admit_client(client=client, program=world.program, admitted_on=DAY, admitted_by=world.amy)


def test_it_refuses_a_full_track_and_offers_its_waitlist(world: Any) -> None:
    # given Northside day holds one place and Carol has it
    world.track_a.capacity = 1
    world.track_a.save()
    episode = _admitted(world)
    events_before = AuditEvent.objects.count()
    # when another client is enrolled
    with pytest.raises(ValidationError) as error:
        services.enroll_client(
            episode=episode, track=world.track_a, phase=world.phase1, starts_on=DAY, enrolled_by=world.amy
        )
    # then the message names the track and the waitlist, and nothing is written
    assert "is full" in error.value.message_dict["track"][0]
    assert "waitlist" in error.value.message_dict["track"][0]
    assert not Enrollment.objects.filter(episode=episode).exists()
    assert AuditEvent.objects.count() == events_before
    # and the waitlist takes the client, who is enrolled once a place opens
    entry = services.add_to_waitlist(
        episode=episode, track=world.track_a, phase=world.phase1, requested_on=DAY, added_by=world.amy
    )
    services.discharge_client(
        episode=world.carol_enrollment.episode,
        discharged_on=DAY,
        reason=1,
        summary="",
        discharged_by=world.alice,
    )
    services.enroll_client(
        episode=episode,
        track=world.track_a,
        phase=world.phase1,
        starts_on=DAY + dt.timedelta(days=1),
        enrolled_by=world.amy,
    )
    entry.refresh_from_db()
    assert entry.status == "enrolled"


def test_it_refuses_overlapping_enrollments(world: Any) -> None:
    episode = world.carol_enrollment.episode
    with pytest.raises(ValidationError, match="already enrolled"):
        services.enroll_client(
            episode=episode,
            track=world.track_a,
            phase=world.phase1,
            starts_on=DAY + dt.timedelta(days=3),
            enrolled_by=world.alice,
        )
    assert Enrollment.objects.filter(episode=episode).count() == 1


def test_it_keeps_history_on_a_step_down(world: Any) -> None:
    # given Carol at phase 1 since her admission
    episode = world.carol_enrollment.episode
    # when she steps down to phase 3 on Monday
    services.change_enrollment(
        episode=episode,
        track=world.track_a,
        phase=world.phase3,
        starts_on=DAY,
        reason="step_down",
        changed_by=world.alice,
    )
    # then the old enrollment ends the day before (exclusive end) and a new one starts
    old, new = Enrollment.objects.filter(episode=episode).order_by("starts_on")
    assert (old.ends_on, old.end_reason) == (DAY, "step_down")
    assert (new.starts_on, new.ends_on, new.days_per_week) == (DAY, None, 3)


def test_it_refuses_a_discharge_without_a_reason(world: Any) -> None:
    episode = world.carol_enrollment.episode
    with pytest.raises(ValidationError) as error:
        services.discharge_client(
            episode=episode, discharged_on=DAY, reason=None, summary="", discharged_by=world.alice
        )
    assert "discharge_reason" in error.value.message_dict
    episode.refresh_from_db()
    assert episode.is_open


def test_it_ends_the_enrollment_after_the_discharge_day(world: Any) -> None:
    episode = world.carol_enrollment.episode
    services.discharge_client(
        episode=episode, discharged_on=DAY, reason=2, summary="Stopped attending", discharged_by=world.alice
    )
    enrollment = Enrollment.objects.get(episode=episode)
    assert enrollment.ends_on == DAY + dt.timedelta(days=1)
    assert enrollment.end_reason == "discharged"


def test_it_refuses_a_track_at_another_site(world: Any) -> None:
    episode = _admitted(world)
    with pytest.raises(ValidationError, match="another site"):
        services.enroll_client(
            episode=episode, track=world.track_b, phase=world.phase1, starts_on=DAY, enrolled_by=world.amy
        )


def test_it_refuses_a_second_open_episode_in_a_program(world: Any) -> None:
    with pytest.raises(ValidationError, match="already has an open episode"):
        services.admit_client(
            client=world.carol, program=world.program, admitted_on=DAY, admitted_by=world.amy
        )


def test_it_offers_the_waitlist_on_the_roster_page_when_full(world: Any, client: Any) -> None:
    world.track_a.capacity = 1
    world.track_a.save()
    episode = _admitted(world)
    client.force_login(world.amy)
    from django.urls import reverse

    url = reverse("episodes:enroll", kwargs={"pk": world.track_a.pk})
    page = client.post(
        url, {"episode": episode.pk, "phase": world.phase1.pk, "starts_on": "2026-11-23"}, follow=True
    )
    assert "is full (1 places)" in page.content.decode()
    assert "Add to waitlist" in page.content.decode()
    client.post(
        url, {"episode": episode.pk, "phase": world.phase1.pk, "starts_on": "2026-11-23", "waitlist": "1"}
    )
    assert WaitlistEntry.objects.filter(episode=episode, status="waiting").exists()
