"""Plan pages: clinical staff only, the client's own clinicians only, every view audited, bad input shown."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client as Browser
from django.urls import reverse

from trellis.plans.models import Objective, PlanReview, TreatmentPlan
from trellis.plans.tests.given import draft_plan, signed_plan
from trellis.privacy.models import AuditEvent

NOW = dt.datetime(2026, 11, 18, 15, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _as(user: Any) -> Browser:
    browser = Browser()
    browser.force_login(user)
    return browser


@pytest.mark.parametrize(
    ("persona", "status"),
    [("alice", 200), ("nora", 200), ("dana", 200), ("bob", 404), ("amy", 403), ("bill", 403), ("adam", 403)],
)
def test_it_shows_the_plan_to_the_clients_clinical_staff_only(world: Any, persona: str, status: int) -> None:
    # given Carol's signed plan
    plan = signed_plan(episode=world.carol_enrollment.episode, author=world.alice)

    # when each persona opens the plan, its PDF and the due list
    browser = _as(getattr(world, persona))
    page = browser.get(reverse("plans:plan", args=[plan.pk]))
    document = browser.get(reverse("plans:pdf", args=[plan.pk]))

    # then clinical staff at Carol's site see it; Bob (other site) gets 404; non-clinical roles 403
    assert (page.status_code, document.status_code) == (status, status)
    due = browser.get(reverse("plans:due"))
    assert due.status_code == (403 if status == 403 else 200)
    if status == 200:
        assert "I want to stay sober 1" in page.content.decode()


def test_it_audits_viewing_and_exporting_the_plan(world: Any) -> None:
    plan = signed_plan(episode=world.carol_enrollment.episode, author=world.alice)
    browser = _as(world.alice)
    browser.get(reverse("plans:plan", args=[plan.pk]))
    browser.get(reverse("plans:pdf", args=[plan.pk]))
    events = AuditEvent.objects.filter(actor=world.alice, client=world.carol, object_id=str(plan.pk))
    assert set(events.values_list("action", "detail")) >= {
        ("view", "treatment plan v1"),
        ("export", "treatment plan v1 PDF, client's own copy"),
    }


def test_it_refuses_an_objective_without_target_date_or_measure_on_the_page(world: Any) -> None:
    # given a draft with a goal
    plan = draft_plan(episode=world.carol_enrollment.episode, author=world.alice)
    goal = plan.problems.get().goals.get()
    url = reverse("plans:add_objective", args=[plan.pk, goal.pk])

    # when Alice submits an objective with neither a measure nor a target date
    response = _as(world.alice).post(url, {f"o-{goal.pk}-text": "Walk daily", f"o-{goal.pk}-measure": ""})

    # then the page comes back with the measure named, and nothing is saved
    assert response.status_code == 422
    assert "Say how progress will be measured" in response.content.decode()
    assert Objective.objects.filter(goal=goal).count() == 1

    # and without a target date, the target date is named
    data = {f"o-{goal.pk}-text": "Walk daily", f"o-{goal.pk}-measure": "step counter"}
    response = _as(world.alice).post(url, data)
    assert "Give a target date" in response.content.decode()
    assert Objective.objects.filter(goal=goal).count() == 1


def test_it_writes_and_signs_a_plan_through_the_pages(world: Any) -> None:
    # given Carol has no plan, Alice opens it from the chart and starts one
    browser = _as(world.alice)
    start = browser.get(reverse("plans:client", args=[world.carol.pk]))
    assert "Start a treatment plan" in start.content.decode()
    started = browser.post(
        reverse("plans:start", args=[world.carol.pk]), {"episode": world.carol_enrollment.episode.pk}
    )
    plan = TreatmentPlan.objects.get(episode__client=world.carol)
    assert started["Location"] == reverse("plans:plan", args=[plan.pk])

    # when she adds a problem, goal, objective and intervention and both sign
    browser.post(
        reverse("plans:add_problem", args=[plan.pk]),
        {"p-statement": "Daily drinking", "p-asam_dimension": "d5"},
    )
    problem = plan.problems.get()
    browser.post(
        reverse("plans:add_goal", args=[plan.pk, problem.pk]),
        {f"g-{problem.pk}-client_words": "Be sober at my sister's wedding"},
    )
    goal = problem.goals.get()
    browser.post(
        reverse("plans:add_objective", args=[plan.pk, goal.pk]),
        {
            f"o-{goal.pk}-text": "Go to 3 meetings a week",
            f"o-{goal.pk}-measure": "attendance sheet",
            f"o-{goal.pk}-target_on": "2026-12-31",
        },
    )
    objective = goal.objectives.get()
    prefix = f"i-{objective.pk}"
    browser.post(
        reverse("plans:add_intervention", args=[plan.pk, objective.pk]),
        {
            f"{prefix}-modality": "twelve_step",
            f"{prefix}-frequency": "3x/week",
            f"{prefix}-responsible": str(world.nora.pk),
        },
    )
    refused = browser.post(
        reverse("plans:sign", args=[plan.pk, "client"]), {"sig-client_signed_name": "Carol Northcott"}
    )
    assert "Confirm that you watched the client" in refused.content.decode()
    browser.post(
        reverse("plans:sign", args=[plan.pk, "client"]),
        {"sig-client_signed_name": "Carol Northcott", "sig-attested": "on"},
    )
    browser.post(reverse("plans:sign", args=[plan.pk, "clinician"]))

    # then the plan is in force and its page says so, with the next review date
    plan.refresh_from_db()
    assert plan.status == "active"
    page = browser.get(reverse("plans:plan", args=[plan.pk])).content.decode()
    assert "In force since Nov 18, 2026" in page
    assert "Dec 18" in page
    assert "12-step facilitation" in page


def test_it_records_a_review_and_offers_the_step_down(world: Any) -> None:
    # given Carol at phase 1 of 3 with a signed plan of one objective
    from tests import factories

    factories.PhaseFactory.create(program=world.program, number=2, name="Phase 2", days_per_week=4)
    world.carol_enrollment.phase = world.phase1
    world.carol_enrollment.save()
    plan = signed_plan(episode=world.carol_enrollment.episode, author=world.alice)
    objective = Objective.objects.get(goal__problem__plan=plan)
    browser = _as(world.alice)
    url = reverse("plans:review", args=[plan.pk])

    # when she opens the review, then the objective and the measures placeholder are there
    page = browser.get(url).content.decode()
    assert "Attend meetings 1" in page
    assert "No measures yet." in page

    # when she submits without a status, it is refused naming the objective; with one it is recorded
    refused = browser.post(url, {"summary": "ok"})
    assert refused.status_code == 422
    assert "Objective 1.1.1: choose achieved" in refused.content.decode()
    browser.post(
        url,
        {f"status_{objective.pk}": "achieved", f"note_{objective.pk}": "Every week", "summary": "Going well"},
    )
    assert PlanReview.objects.filter(plan=plan).count() == 1

    # then the plan page offers the step-down to phase 2, and taking it moves her enrollment
    page = browser.get(reverse("plans:plan", args=[plan.pk])).content.decode()
    assert "to Phase 2 (4 d/wk)" in page
    browser.post(reverse("plans:step_down", args=[plan.pk]), {"step-starts_on": "2026-11-23"})
    assert world.carol_enrollment.episode.enrollments.get(ends_on__isnull=True).phase.number == 2


def test_it_puts_plan_alerts_on_today_and_the_plan_on_the_chart(world: Any) -> None:
    # given Carol's plan signed 25 days ago (review due in 5 days)
    with time_machine.travel(NOW - dt.timedelta(days=25), tick=False):
        plan = signed_plan(episode=world.carol_enrollment.episode, author=world.alice)
    browser = _as(world.alice)

    # then Today lists the review due and the chart shows the plan's next review
    today = browser.get(reverse("today")).content.decode()
    assert "Treatment plans" in today
    assert "Due in 5 days" in today
    chart = browser.get(reverse("clients:chart", args=[world.carol.pk])).content.decode()
    assert f"Open plan v{plan.version}" in chart
    assert "Nov 23, 2026" in chart

    # and a biller sees neither
    bill = _as(world.bill)
    assert "Treatment plan" not in bill.get(reverse("today")).content.decode()
    assert "Treatment plan" not in bill.get(reverse("clients:chart", args=[world.carol.pk])).content.decode()
    assert AuditEvent.objects.filter(
        actor=world.alice, detail="today: treatment plans", client=world.carol
    ).exists()
