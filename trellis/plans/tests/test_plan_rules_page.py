"""Program plan rules: set by whoever sets programs up, checked by the service, and used at once."""

from typing import Any

import pytest
from django.test import Client as Browser
from django.urls import reverse

from trellis.plans import selectors
from trellis.plans.models import PlanRules


def _as(user: Any) -> Browser:
    browser = Browser()
    browser.force_login(user)
    return browser


@pytest.mark.parametrize(("persona", "status"), [("adam", 200), ("dana", 200), ("alice", 403), ("bill", 403)])
def test_it_lets_only_program_setup_roles_open_the_rules(world: Any, persona: str, status: int) -> None:
    assert _as(getattr(world, persona)).get(reverse("plans:rules")).status_code == status


def test_it_saves_a_three_week_interval_and_the_group_rule(world: Any) -> None:
    # given the director sets 21-day reviews with a 5-day warning and groups waiting for a signed plan
    prefix = str(world.program.pk)
    data = {
        f"{prefix}-review_interval_days": "21",
        f"{prefix}-due_soon_days": "5",
        f"{prefix}-require_signed_plan_for_groups": "on",
    }

    # when saved, then the interval applies and Carol (no signed plan) is kept out of groups
    _as(world.dana).post(reverse("plans:save_rules", args=[world.program.pk]), data)
    interval = selectors.intervals_for(program_ids=[world.program.pk])[world.program.pk]
    assert (interval.days, interval.due_soon_days) == (21, 5)
    assert not selectors.is_schedulable(world.carol)


def test_it_refuses_a_warning_longer_than_the_interval_naming_the_field(world: Any) -> None:
    prefix = str(world.program.pk)
    data = {f"{prefix}-review_interval_days": "14", f"{prefix}-due_soon_days": "20"}
    response = _as(world.dana).post(reverse("plans:save_rules", args=[world.program.pk]), data)
    assert response.status_code == 422
    assert (
        "The warning window is at least a day and at most the review interval." in response.content.decode()
    )
    assert not PlanRules.objects.exists()
