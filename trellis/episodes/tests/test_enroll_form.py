"""The enroll form on a track's roster keeps what was typed when it is refused (issue 12, part 7)."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from tests import factories
from trellis.core import clock
from trellis.episodes import services
from trellis.episodes.models import Enrollment, Episode, WaitlistEntry

pytestmark = pytest.mark.django_db


def _admitted(world: Any) -> Episode:
    client = factories.ClientFactory.create(
        site=world.site_a, legal_first_name="Ines", legal_last_name="Ortega"
    )
    admitted_on = clock.today_in(world.site_a.timezone) - dt.timedelta(days=3)
    return services.admit_client(
        client=client, program=world.program, admitted_on=admitted_on, admitted_by=world.amy
    )


def _url(world: Any) -> str:
    return reverse("episodes:enroll", kwargs={"pk": world.track_a.pk})


def test_it_re_renders_a_bad_date_with_the_choices_kept_and_the_error_on_the_field(
    world: Any, client: Any
) -> None:
    # given Amy chose a client and a phase but typed an impossible start date
    episode = _admitted(world)
    client.force_login(world.amy)
    enrolled_before = Enrollment.objects.count()

    # when she enrolls
    response = client.post(
        _url(world), {"episode": episode.pk, "phase": world.phase1.pk, "starts_on": "2026-02-31"}
    )

    # then the roster comes back refused, with her choices still made and the error beside the date
    html = response.content.decode()
    assert response.status_code == 400
    assert f'<option value="{episode.pk}" selected>' in html
    assert f'<option value="{world.phase1.pk}" selected>' in html
    assert 'value="2026-02-31"' in html
    assert 'aria-invalid="true"' in html
    assert "Enter a valid date." in html
    assert Enrollment.objects.count() == enrolled_before


def test_it_keeps_the_choices_when_the_track_is_full(world: Any, client: Any) -> None:
    # given the track's one place is Carol's
    world.track_a.capacity = 1
    world.track_a.save()
    episode = _admitted(world)
    client.force_login(world.amy)

    # when Amy enrolls another client from today
    today = clock.today_in(world.site_a.timezone).isoformat()
    response = client.post(_url(world), {"episode": episode.pk, "phase": world.phase1.pk, "starts_on": today})

    # then the refusal says why, her choices stay, and nobody is enrolled or waitlisted
    html = response.content.decode()
    assert response.status_code == 400
    assert "is full (1 places)" in html
    assert f'<option value="{episode.pk}" selected>' in html
    assert f'value="{today}"' in html
    assert not Enrollment.objects.filter(episode=episode).exists()
    assert not WaitlistEntry.objects.exists()
