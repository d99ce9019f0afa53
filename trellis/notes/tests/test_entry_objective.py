"""An entry points at the plan objective worked on, and keeps its words once signed."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from trellis.notes.models import ParticipantEntry
from trellis.notes.tests import given
from trellis.plans.models import Objective
from trellis.plans.tests import given as plans

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_session")]


def test_it_links_the_objective_and_takes_its_words(world: Any) -> None:
    # given Carol's signed plan with one objective, and Carol present
    plans.signed_plan(episode=world.carol_enrollment.episode, author=world.alice)
    objective = Objective.objects.get()
    session = given.session(world)
    given.mark(session, world.carol, world.alice)
    note = given.draft(session, world.alice)

    # when Alice picks the objective and leaves the text empty
    given.write_entries(note, [world.carol], world.alice, objective_addressed="", objective=objective)

    # then the entry links it and carries its words
    entry = ParticipantEntry.objects.get()
    assert entry.objective == objective
    assert entry.objective_addressed == "Attend meetings 1"
    assert entry.missing_parts() == []


def test_it_refuses_another_clients_objective(world: Any) -> None:
    # given Dave's plan, and Carol present
    plans.signed_plan(episode=world.dave_enrollment.episode, author=world.bob)
    session = given.session(world)
    given.mark(session, world.carol, world.alice)
    note = given.draft(session, world.alice)
    # when Alice links Dave's objective to Carol's entry, then it is refused and nothing is saved
    with pytest.raises(ValidationError) as caught:
        given.write_entries(note, [world.carol], world.alice, objective=Objective.objects.get())
    assert caught.value.message_dict == {
        "objective": ["That objective is not in this client's treatment plan."]
    }
    assert not ParticipantEntry.objects.exists()
