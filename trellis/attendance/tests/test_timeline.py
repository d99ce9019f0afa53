"""The client timeline: every app's events in one chronological view, scoped to what the viewer may see."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trellis.episodes import services as episodes
from trellis.measures.models import MeasureResponse
from trellis.medications.models import DrugScreen
from trellis.privacy.models import AuditEvent

START = dt.datetime(2026, 9, 1, 15, 0, tzinfo=dt.UTC)


def _history(world: Any, count: int) -> None:
    """`count` PHQ-9s and `count` drug screens for Carol, a week apart."""
    for n in range(count):
        MeasureResponse.objects.create(
            client=world.carol,
            instrument="phq9",
            answers=[1] * 9,
            total=9,
            band="mild",
            administered_at=START + dt.timedelta(days=7 * n),
            administered_by=world.alice,
        )
        DrugScreen.objects.create(
            client=world.carol,
            collected_at=START + dt.timedelta(days=7 * n, hours=1),
            specimen="urine",
            method="presumptive_cup",
            collected_by=world.nora,
        )


def test_it_shows_every_kind_of_event_newest_first(world: Any, client: Any) -> None:
    # given Carol was admitted, stepped down, measured and screened
    episodes.change_enrollment(
        episode=world.carol_enrollment.episode,
        track=world.track_a,
        phase=world.phase1,
        starts_on=dt.date(2026, 11, 16),
        reason="step_up",
        changed_by=world.alice,
    )
    _history(world, 2)
    # when Alice opens the timeline
    client.force_login(world.alice)
    page = client.get(reverse("clients:timeline", kwargs={"pk": world.carol.pk})).content.decode()
    # then each kind appears, the newest (the step-up in November) above the September measures
    for kind in ("Admission", "Enrollment", "Measure", "Drug screen"):
        assert kind in page
    assert page.index("Phase 1 (5 days/week)") < page.index("PHQ-9")
    assert AuditEvent.objects.filter(client=world.carol, detail="timeline", actor=world.alice).exists()


def test_it_shows_a_biller_no_clinical_events(world: Any, client: Any) -> None:
    _history(world, 1)
    client.force_login(world.bill)
    page = client.get(reverse("clients:timeline", kwargs={"pk": world.carol.pk})).content.decode()
    assert "Admission" in page
    assert "PHQ-9" not in page
    assert "Drug screen" not in page


def test_it_hides_another_sites_client(world: Any, client: Any) -> None:
    client.force_login(world.bob)
    assert client.get(reverse("clients:timeline", kwargs={"pk": world.carol.pk})).status_code == 404


@pytest.mark.parametrize("kind", ["Measure", ""])
def test_it_runs_the_same_queries_for_10_and_100_events(world: Any, client: Any, kind: str) -> None:
    client.force_login(world.alice)
    url = reverse("clients:timeline", kwargs={"pk": world.carol.pk}) + (f"?kind={kind}" if kind else "")
    _history(world, 5)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _history(world, 45)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few) == len(many)
