"""Plans for tests, built through the services so every test starts from a state the app can reach."""

import datetime as dt
from typing import Any

from trellis.core import clock
from trellis.plans import services, signing
from trellis.plans.choices import Modality
from trellis.plans.models import TreatmentPlan


def draft_plan(
    *, episode: Any, author: Any, problems: int = 1, objectives: int = 1, supervisor: bool = False
) -> TreatmentPlan:
    """A complete draft: each problem has one goal, each goal `objectives` objectives with one intervention."""
    plan = services.create_plan(episode=episode, created_by=author, requires_supervisor_signature=supervisor)
    target = clock.now().date() + dt.timedelta(days=180)
    for p in range(problems):
        problem = services.add_problem(
            plan=plan, statement=f"Problem {p + 1}", asam_dimension="d5", added_by=author
        )
        goal = services.add_goal(
            problem=problem, client_words=f"I want to stay sober {p + 1}", added_by=author
        )
        for o in range(objectives):
            objective = services.add_objective(
                goal=goal,
                text=f"Attend meetings {o + 1}",
                measure="3 meetings a week",
                target_on=target,
                added_by=author,
            )
            services.add_intervention(
                objective=objective,
                modality=Modality.GROUP_THERAPY,
                frequency="3x/week",
                responsible=author,
                added_by=author,
            )
    return plan


def signed_plan(*, episode: Any, author: Any, problems: int = 1, objectives: int = 1) -> TreatmentPlan:
    plan = draft_plan(episode=episode, author=author, problems=problems, objectives=objectives)
    signing.sign_as_client(plan=plan, typed_name="Carol Northcott", attested=True, witnessed_by=author)
    return signing.sign_as_clinician(plan=plan, clinician=author)
