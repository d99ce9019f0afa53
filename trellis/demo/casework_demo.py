"""Casework for the demo: social needs screens (some positive), needs, goals and tasks on case plans, and the
demo case manager (`casemanager`) assigned to several open episodes, one with an overdue task.

Synthetic answers only. Clients left unscreened keep "Social needs screen due" on the worklist.
"""

import datetime as dt
import random
from typing import Any

from django.db import transaction

from trellis.accounts.models import User
from trellis.casework import services
from trellis.casework.choices import NeedStatus
from trellis.casework.models import CaseNeed
from trellis.clients.models import Client
from trellis.core import context
from trellis.episodes.models import Episode
from trellis.programs.models import Organization

SCREENED = 8  # of the open episodes, in admission order; the rest stay due
ASSIGNED = 5

NO_NEEDS: dict[str, Any] = {
    "living_situation": "steady", "housing_problems": ["none"], "food_worried": "never", "food_ran_out": "never",
    "transport": "no", "utilities": "no", "safety_hurt": "1", "safety_insult": "1", "safety_threaten": "1",
    "safety_scream": "1", "employment": "no", "legal": "no", "childcare": "no", "benefits": "no",
}  # fmt: skip
# One set of answers per screened client, cycled: housing and food, transport, none, legal and employment...
PATTERNS: tuple[dict[str, Any], ...] = (
    {"living_situation": "no_steady", "food_worried": "sometimes"},
    {"transport": "yes"},
    {},
    {"legal": "yes", "employment": "finding"},
    {"housing_problems": ["mold", "leaks"], "utilities": "shut_off"},
    {"childcare": "yes", "benefits": "yes"},
    {},
    {"living_situation": "worried"},
)


def load_casework(*, organization_name: str, seed: int, today: dt.date) -> int:
    """Screens, case plans and assignments; returns how many clients were screened."""
    context.set_current(context.RequestContext(request_id=f"load_demo-seed-{seed}", ip_address=None, path=""))
    try:
        return _load(organization_name, random.Random(seed), today)
    finally:
        context.set_current(None)


@transaction.atomic
def _load(organization_name: str, rng: random.Random, today: dt.date) -> int:
    organization = Organization.objects.get(name=organization_name)
    manager = User.objects.get(organization=organization, username="casemanager")
    episodes = list(
        Episode.objects.filter(program__organization=organization, discharged_on=None)
        .select_related("client__site", "program")
        .order_by("admitted_on", "pk")[: SCREENED + 2]
    )
    for n, episode in enumerate(episodes[:SCREENED]):
        services.record_screening(
            client=episode.client, answers={**NO_NEEDS, **PATTERNS[n % len(PATTERNS)]}, screened_by=manager
        )
    for n, episode in enumerate(episodes[:ASSIGNED]):
        if _may_serve(manager, episode):
            services.assign_case_manager(episode=episode, case_manager=manager, assigned_by=manager)
            _plan(episode, manager, today, overdue=n == 0, rng=rng)
    return min(SCREENED, len(episodes))


def _may_serve(manager: Any, episode: Episode) -> bool:
    return Client.objects.visible_to(manager).filter(pk=episode.client_id).exists()


def _plan(episode: Episode, manager: Any, today: dt.date, *, overdue: bool, rng: random.Random) -> None:
    need = CaseNeed.objects.filter(episode=episode, status=NeedStatus.OPEN).order_by("created_at").first()
    if need is None:
        need = services.add_need(
            episode=episode, domain="other", description="Wants a GED class schedule", added_by=manager
        )
    goal = services.add_goal(
        episode=episode, need=need, description="Need met within 30 days", added_by=manager
    )
    services.add_task(
        episode=episode, goal=goal, description="Call the community resource line with the client",
        owner=manager, due_on=today - dt.timedelta(days=3) if overdue else today + dt.timedelta(days=rng.randint(2, 9)),
        added_by=manager,
    )  # fmt: skip
    if not overdue:
        services.add_task(
            episode=episode, goal=goal, description="Check the paperwork is in", owner=manager,
            due_on=today - dt.timedelta(days=5), added_by=manager,
        )  # fmt: skip
        done = episode.case_tasks.order_by("due_on").first()
        if done is not None:
            services.complete_task(task=done, done_by=manager)
