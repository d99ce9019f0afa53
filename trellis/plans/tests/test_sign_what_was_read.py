"""A signature is given on the plan its signer read: a problem or goal added while they were reading makes
the signature refused, with who changed the plan, until they have read it again."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from trellis.core.versions import StaleEdit
from trellis.plans import services, signing
from trellis.plans.tests.given import draft_plan

NOW = dt.datetime(2026, 11, 18, 15, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def test_it_refuses_a_signature_on_a_plan_changed_since_it_was_read(world: Any) -> None:
    # given Alice reading a complete draft, while Nora adds a problem to it
    plan = draft_plan(episode=world.carol_enrollment.episode, author=world.alice)
    read = plan.edits
    services.add_problem(plan=plan, statement="Sleeps four hours a night", added_by=world.nora)

    # when Alice signs what she read
    with pytest.raises(StaleEdit) as refused:
        signing.sign_as_clinician(plan=plan, clinician=world.alice, expected_edits=read)

    # then she is told who changed it, and the plan stays unsigned
    assert "changed by Nora" in refused.value.messages[0]
    plan.refresh_from_db()
    assert plan.clinician_signed_at is None


def test_the_signing_page_sends_the_plan_as_read(world: Any, client: Any) -> None:
    # given the plan page open, then a goal added elsewhere
    plan = draft_plan(episode=world.carol_enrollment.episode, author=world.alice)
    client.force_login(world.alice)
    read = plan.edits
    problem = plan.problems.get()
    services.add_goal(problem=problem, client_words="I want my mornings back", added_by=world.nora)

    # when Alice presses "Sign" on the page she read
    url = reverse("plans:sign", kwargs={"pk": plan.pk, "role": "clinician"})
    html = client.post(url, {"edits": str(read)}).content.decode()

    # then the page says the plan changed and shows it as it is now, unsigned
    assert "This plan was changed by Nora" in html
    assert "I want my mornings back" in html
    plan.refresh_from_db()
    assert plan.clinician_signed_at is None
    assert f'name="edits" value="{plan.edits}"' in html
