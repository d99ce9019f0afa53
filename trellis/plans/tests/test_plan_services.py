"""Writing a plan: measurable objectives or nothing, locked once signed, new versions supersede old ones."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError

from trellis.plans import services, signing
from trellis.plans.choices import Modality, PlanStatus
from trellis.plans.models import Goal, Intervention, Objective, Problem, TreatmentPlan
from trellis.plans.tests.given import draft_plan, signed_plan
from trellis.privacy.models import AuditEvent

NOW = dt.datetime(2026, 11, 18, 15, 0, tzinfo=dt.UTC)
pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _goal(world: Any) -> Goal:
    plan = services.create_plan(episode=world.carol_enrollment.episode, created_by=world.alice)
    problem = services.add_problem(plan=plan, statement="Daily alcohol use", added_by=world.alice)
    return services.add_goal(
        problem=problem, client_words="I want to be there for my kids", added_by=world.alice
    )


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"target_on": None}, "target_on", "target date"),
        ({"measure": ""}, "measure", "measured"),
        ({"measure": "   "}, "measure", "measured"),
        ({"text": ""}, "text", "what the client will do"),
        ({"target_on": dt.date(2026, 11, 17)}, "target_on", "passed"),
    ],
)
def test_it_refuses_an_objective_that_is_not_measurable(
    world: Any, changes: dict[str, Any], field: str, words: str
) -> None:
    # given a goal in a draft plan
    goal = _goal(world)
    events = AuditEvent.objects.count()
    given = {
        "text": "Go to 3 meetings a week",
        "measure": "attendance sheet",
        "target_on": dt.date(2026, 12, 31),
    }

    # when an objective is added without one of its required parts
    with pytest.raises(ValidationError) as refused:
        services.add_objective(goal=goal, added_by=world.alice, **{**given, **changes})

    # then the refusal names the field in plain words and nothing is written
    assert list(refused.value.message_dict) == [field]
    assert words in refused.value.message_dict[field][0]
    assert not Objective.objects.exists()
    assert AuditEvent.objects.count() == events


def test_it_adds_an_objective_due_today(world: Any) -> None:
    goal = _goal(world)
    objective = services.add_objective(
        goal=goal,
        text="Call sponsor",
        measure="call log",
        target_on=dt.date(2026, 11, 18),
        added_by=world.alice,
    )
    assert objective.position == 1
    assert AuditEvent.objects.filter(object_id=str(objective.pk), action="create").count() == 1


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda w, p: services.add_problem(plan=p, statement=" ", added_by=w.alice), "statement"),
        (
            lambda w, p: services.add_problem(plan=p, statement="x", asam_dimension="d9", added_by=w.alice),
            "asam_dimension",
        ),
        (
            lambda w, p: services.add_goal(problem=p.problems.get(), client_words="", added_by=w.alice),
            "client_words",
        ),
        (
            lambda w, p: services.add_intervention(
                objective=Objective.objects.get(),
                modality="yoga",
                frequency="weekly",
                responsible=w.alice,
                added_by=w.alice,
            ),
            "modality",
        ),
        (
            lambda w, p: services.add_intervention(
                objective=Objective.objects.get(),
                modality=Modality.MAT,
                frequency="",
                responsible=w.alice,
                added_by=w.alice,
            ),
            "frequency",
        ),
        (
            lambda w, p: services.add_intervention(
                objective=Objective.objects.get(),
                modality=Modality.MAT,
                frequency="daily",
                responsible=None,
                added_by=w.alice,
            ),
            "responsible",
        ),
    ],
)
def test_it_refuses_incomplete_plan_items_naming_the_field(world: Any, call: Any, field: str) -> None:
    # given a draft plan with one of everything
    plan = draft_plan(episode=world.carol_enrollment.episode, author=world.alice)
    counts = (
        Problem.objects.count(),
        Goal.objects.count(),
        Intervention.objects.count(),
        AuditEvent.objects.count(),
    )

    # when an item comes without a required part, then it is refused naming the field, writing nothing
    with pytest.raises(ValidationError) as refused:
        call(world, plan)
    assert field in refused.value.message_dict
    after = (
        Problem.objects.count(),
        Goal.objects.count(),
        Intervention.objects.count(),
        AuditEvent.objects.count(),
    )
    assert after == counts


def test_it_refuses_a_second_plan_for_the_same_episode(world: Any) -> None:
    draft_plan(episode=world.carol_enrollment.episode, author=world.alice)
    with pytest.raises(ValidationError) as refused:
        services.create_plan(episode=world.carol_enrollment.episode, created_by=world.alice)
    assert "already has a plan" in refused.value.message_dict["episode"][0]


def test_it_takes_the_supervisor_rule_from_the_program(world: Any) -> None:
    services.set_plan_rules(
        program=world.program,
        changed_by=world.dana,
        review_interval_days=30,
        supervisor_signature_required=True,
    )
    plan = services.create_plan(episode=world.carol_enrollment.episode, created_by=world.alice)
    assert plan.requires_supervisor_signature


@pytest.mark.parametrize(
    "change",
    [
        lambda w, p: services.add_problem(plan=p, statement="New problem", added_by=w.alice),
        lambda w, p: services.add_goal(problem=p.problems.get(), client_words="More", added_by=w.alice),
        lambda w, p: services.remove_problem(problem=p.problems.get(), removed_by=w.alice),
    ],
)
def test_it_locks_a_plan_once_anyone_has_signed(world: Any, change: Any) -> None:
    # given a draft the client has signed (the clinician has not yet)
    plan = draft_plan(episode=world.carol_enrollment.episode, author=world.alice)
    signing.sign_as_client(plan=plan, typed_name="Carol Northcott", attested=True, witnessed_by=world.alice)
    before = (Problem.objects.count(), Goal.objects.count())

    # when anyone tries to change its content, then it is refused as locked
    with pytest.raises(ValidationError) as refused:
        change(world, plan)
    assert refused.value.error_dict["plan"][0].code == "locked"
    assert (Problem.objects.count(), Goal.objects.count()) == before


def test_it_removes_a_problem_from_a_draft(world: Any) -> None:
    plan = draft_plan(episode=world.carol_enrollment.episode, author=world.alice, problems=2)
    services.remove_problem(problem=plan.problems.get(position=1), removed_by=world.alice)
    assert list(plan.problems.values_list("position", "statement")) == [(1, "Problem 2")]
    assert AuditEvent.objects.filter(action="delete", object_type="plans.Problem").count() == 1


def test_it_supersedes_the_active_plan_when_a_new_version_is_signed(world: Any) -> None:
    # given a signed plan with two problems of two objectives each
    v1 = signed_plan(episode=world.carol_enrollment.episode, author=world.alice, problems=2, objectives=2)
    assert v1.status == PlanStatus.ACTIVE
    assert v1.effective_on == dt.date(2026, 11, 18)

    # when a revision is started, changed, and signed a week later
    v2 = services.revise_plan(plan=v1, revised_by=world.alice)
    services.add_problem(plan=v2, statement="Housing is unstable", asam_dimension="d6", added_by=world.alice)
    v1.refresh_from_db()
    assert v1.status == PlanStatus.ACTIVE  # the old version stays in force while the new one is written
    with time_machine.travel(NOW + dt.timedelta(days=7), tick=False):
        goal = services.add_goal(
            problem=v2.problems.get(position=3), client_words="A place of my own", added_by=world.alice
        )
        objective = services.add_objective(
            goal=goal,
            text="Apply for two apartments",
            measure="applications sent",
            target_on=dt.date(2026, 12, 31),
            added_by=world.alice,
        )
        services.add_intervention(
            objective=objective,
            modality=Modality.CASE_MANAGEMENT,
            frequency="weekly",
            responsible=world.nora,
            added_by=world.alice,
        )
        signing.sign_as_client(plan=v2, typed_name="Carol N.", attested=True, witnessed_by=world.alice)
        signing.sign_as_clinician(plan=v2, clinician=world.alice)

    # then v2 is in force from that day, v1 is superseded and keeps its own content
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.status, v1.superseded_on) == (PlanStatus.SUPERSEDED, dt.date(2026, 11, 25))
    assert (v2.status, v2.version, v2.supersedes_id) == (PlanStatus.ACTIVE, 2, v1.pk)
    assert Objective.objects.filter(goal__problem__plan=v1).count() == 4
    assert Objective.objects.filter(goal__problem__plan=v2).count() == 5
    assert Intervention.objects.filter(objective__goal__problem__plan=v2).count() == 5
    assert [p.statement for p in v2.problems.all()] == ["Problem 1", "Problem 2", "Housing is unstable"]
    assert TreatmentPlan.objects.filter(episode=world.carol_enrollment.episode).count() == 2


def test_it_refuses_to_revise_a_draft_or_twice(world: Any) -> None:
    draft = draft_plan(episode=world.carol_enrollment.episode, author=world.alice)
    with pytest.raises(ValidationError, match="Only the active plan"):
        services.revise_plan(plan=draft, revised_by=world.alice)
    signing.sign_as_client(plan=draft, typed_name="Carol", attested=True, witnessed_by=world.alice)
    active = signing.sign_as_clinician(plan=draft, clinician=world.alice)
    services.revise_plan(plan=active, revised_by=world.alice)
    with pytest.raises(ValidationError, match="already being written"):
        services.revise_plan(plan=active, revised_by=world.alice)


def test_it_refuses_a_plan_for_a_discharged_episode(world: Any) -> None:
    episode = world.carol_enrollment.episode
    episode.discharged_on, episode.discharge_reason = dt.date(2026, 11, 10), 1
    episode.save()
    with pytest.raises(ValidationError) as refused:
        services.create_plan(episode=episode, created_by=world.alice)
    assert "discharged" in refused.value.message_dict["episode"][0]
