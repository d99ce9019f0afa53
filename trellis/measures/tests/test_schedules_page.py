"""Program setup: which instruments each program gives and how often; only for roles that set programs up."""

from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from tests import factories
from trellis.measures.models import MeasureSchedule
from trellis.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db
URL = "/measures/schedules/"


@pytest.mark.parametrize(("persona", "status"), [("adam", 200), ("dana", 200), ("alice", 403), ("bill", 403)])
def test_it_is_for_program_setup_roles(world: World, client: Any, persona: str, status: int) -> None:
    client.force_login(getattr(world, persona))
    assert client.get(URL).status_code == status


def test_it_sets_and_changes_a_schedule_with_an_audit_event(world: World, client: Any) -> None:
    world.adam.organization = world.organization
    world.adam.save()
    client.force_login(world.adam)
    # when
    for every in (14, 7):
        client.post(URL, {"program": world.program.pk, "instrument": "phq9", "every_days": every})
    # then
    schedule = MeasureSchedule.objects.get()
    assert (schedule.program, schedule.instrument, schedule.every_days) == (world.program, "phq9", 7)
    assert "PHQ-9" in client.get(URL).content.decode()
    assert AuditEvent.objects.filter(object_id=str(schedule.pk), action="update").count() == 2


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"instrument": "phq9", "every_days": 0}, "greater than or equal to 1"),
        ({"instrument": "phq10", "every_days": 14}, "Select a valid choice"),
    ],
)
def test_it_refuses_bad_input_and_saves_nothing(
    world: World, client: Any, body: dict[str, Any], words: str
) -> None:
    world.adam.organization = world.organization
    world.adam.save()
    client.force_login(world.adam)
    response = client.post(URL, {"program": world.program.pk, **body})
    assert words in response.content.decode()
    assert not MeasureSchedule.objects.exists()


def test_it_offers_only_the_users_own_organizations_programs(world: World, client: Any) -> None:
    other = factories.ProgramFactory.create(
        organization=factories.OrganizationFactory.create(name="Elsewhere")
    )
    world.adam.organization = world.organization
    world.adam.save()
    client.force_login(world.adam)
    client.post(URL, {"program": other.pk, "instrument": "phq9", "every_days": 14})
    assert not MeasureSchedule.objects.exists()


def test_it_removes_a_schedule(world: World, client: Any) -> None:
    world.adam.organization = world.organization
    world.adam.save()
    schedule = MeasureSchedule.objects.create(program=world.program, instrument="bam", every_days=7)
    client.force_login(world.adam)
    client.post(reverse("measures:remove_schedule", kwargs={"pk": schedule.pk}))
    assert not MeasureSchedule.objects.exists()
    assert AuditEvent.objects.filter(action="delete", object_id=str(schedule.pk)).exists()
