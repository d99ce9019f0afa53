"""The schedule pages: propose, review the difference, publish; who may; the client's page and its form."""

import datetime as dt
from typing import Any

import pytest
from django.urls import resolve, reverse

from trellis.privacy.models import AuditEvent
from trellis.scheduling.models import Commitment, ScheduleProposal
from trellis.scheduling.tests.schedule_world import NEXT_MONDAY, enroll

pytestmark = pytest.mark.usefixtures("frozen_now")


def propose(client: Any, world: Any, capture: Any) -> ScheduleProposal:
    with capture(execute=True):
        response = client.post(
            reverse("scheduling:propose", kwargs={"pk": world.site_a.pk}), {"week": NEXT_MONDAY.isoformat()}
        )
    match = resolve(response["Location"])
    assert match.url_name == "proposal"
    return ScheduleProposal.objects.get(pk=match.kwargs["pk"])


def test_it_proposes_reviews_and_publishes(
    world: Any, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # given Dana is on Northside's schedule page
    client.force_login(world.dana)
    page = client.get(reverse("scheduling:site_schedule", kwargs={"pk": world.site_a.pk})).content.decode()
    assert "Propose next week" in page

    # when she proposes next week and opens the review
    proposal = propose(client, world, django_capture_on_commit_callbacks)
    review = client.get(reverse("scheduling:proposal", kwargs={"pk": proposal.pk})).content.decode()

    # then Carol shows as added with her three mornings, and one click publishes
    assert "Northcott" in review
    assert "Added" in review
    assert "Mon 09:00 Morning process group" in review
    client.post(reverse("scheduling:publish", kwargs={"pk": proposal.pk}))
    proposal.refresh_from_db()
    assert proposal.status == ScheduleProposal.Status.PUBLISHED
    week = client.get(reverse("scheduling:client", kwargs={"pk": world.carol.pk}), {"week": NEXT_MONDAY})
    assert week.content.decode().count('class="week-entry"') == 3


def test_it_shows_who_moves_and_who_falls_short_on_a_re_solve(
    world: Any, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # given a published week, then Ana is admitted, who works every morning but Friday
    client.force_login(world.dana)
    client.post(
        reverse(
            "scheduling:publish", kwargs={"pk": propose(client, world, django_capture_on_commit_callbacks).pk}
        )
    )
    ana = enroll(world, "Ana")
    for weekday in range(4):
        Commitment.objects.create(client=ana, weekday=weekday, starts_at=dt.time(8), ends_at=dt.time(12))

    # when the week is re-solved
    proposal = propose(client, world, django_capture_on_commit_callbacks)
    review = client.get(reverse("scheduling:proposal", kwargs={"pk": proposal.pk})).content.decode()

    # then Ana is added, Carol is unchanged, and Ana's shortfall is explained with a fix
    assert 'data-testid="count-added">1<' in review
    assert 'data-testid="count-moved">0<' in review
    assert "fit on only 1 day (Friday), and the phase needs 3 days" in review
    assert "Ask whether the client&#x27;s availability can widen" in review


def test_it_shows_the_reasons_when_the_week_cannot_be_solved(
    world: Any, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    world.alice.is_active = False
    world.alice.save()
    client.force_login(world.dana)
    proposal = propose(client, world, django_capture_on_commit_callbacks)
    page = client.get(reverse("scheduling:proposal", kwargs={"pk": proposal.pk})).content.decode()
    assert "Group Morning process group (Monday) has no facilitator." in page
    assert "Publish this week" not in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [("dana", 200), ("amy", 200), ("alice", 403), ("nora", 403), ("bill", 403), ("adam", 403), ("bob", 403)],
)
def test_it_lets_only_publishers_see_the_site_schedule(
    world: Any, client: Any, persona: str, status: int
) -> None:
    client.force_login(getattr(world, persona))
    assert (
        client.get(reverse("scheduling:site_schedule", kwargs={"pk": world.site_a.pk})).status_code == status
    )


def test_it_hides_another_sites_schedule(world: Any, client: Any) -> None:
    client.force_login(world.amy)
    assert client.get(reverse("scheduling:site_schedule", kwargs={"pk": world.site_b.pk})).status_code == 404


def test_it_refuses_publishing_to_a_clinician(
    world: Any, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(world.dana)
    proposal = propose(client, world, django_capture_on_commit_callbacks)
    client.force_login(world.alice)
    assert client.post(reverse("scheduling:publish", kwargs={"pk": proposal.pk})).status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == ScheduleProposal.Status.READY


@pytest.mark.parametrize(("persona", "status"), [("alice", 200), ("bob", 404), ("bill", 200), ("adam", 403)])
def test_it_scopes_the_client_schedule_page(world: Any, client: Any, persona: str, status: int) -> None:
    client.force_login(getattr(world, persona))
    response = client.get(reverse("scheduling:client", kwargs={"pk": world.carol.pk}))
    assert response.status_code == status
    if status == 200:
        assert AuditEvent.objects.filter(client=world.carol, action="view", detail="schedule").exists()


def test_it_names_the_field_when_availability_ends_before_it_starts(world: Any, client: Any) -> None:
    # when Alice enters a work shift that ends before it starts
    client.force_login(world.alice)
    url = reverse("scheduling:add_commitment", kwargs={"pk": world.carol.pk})
    response = client.post(url, {"weekday": "0", "starts_at": "17:00", "ends_at": "09:00", "kind": "work"})

    # then the page says so under "Until" and nothing is saved
    assert response.status_code == 400
    assert response.context["commitment_form"].errors == {"ends_at": ["Must be after the start (17:00)."]}
    assert not Commitment.objects.exists()


def test_it_saves_availability_and_preference(world: Any, client: Any) -> None:
    client.force_login(world.alice)
    url = reverse("scheduling:add_commitment", kwargs={"pk": world.carol.pk})
    client.post(url, {"weekday": "1", "starts_at": "08:00", "ends_at": "16:00", "kind": "childcare"})
    client.post(reverse("scheduling:preference", kwargs={"pk": world.carol.pk}), {"day_part": "evening"})
    page = client.get(reverse("scheduling:client", kwargs={"pk": world.carol.pk})).content.decode()
    assert "Tuesday" in page
    assert "08:00\u201316:00" in page
    assert "Childcare" in page
    assert 'value="evening" selected' in page


def test_it_steps_a_client_up_from_the_page(world: Any, client: Any) -> None:
    client.force_login(world.alice)
    url = reverse("scheduling:step", kwargs={"pk": world.carol.pk})
    response = client.post(url, {"direction": "up", "starts_on": NEXT_MONDAY.isoformat()})
    assert response.status_code == 302
    page = client.get(reverse("scheduling:client", kwargs={"pk": world.carol.pk})).content.decode()
    assert "Phase 1 (5 days/week)" in page


def test_it_puts_the_published_week_on_the_chart(
    world: Any, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(world.dana)
    week = dt.date(2026, 11, 16)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("scheduling:propose", kwargs={"pk": world.site_a.pk}), {"week": week.isoformat()})
    client.post(reverse("scheduling:publish", kwargs={"pk": ScheduleProposal.objects.get().pk}))
    chart = client.get(reverse("clients:chart", kwargs={"pk": world.carol.pk})).content.decode()
    assert "This week's groups" in chart
    assert chart.count("Morning process group") == 3
    today = client.get(reverse("today")).content.decode()
    assert "Weekly schedules" in today
