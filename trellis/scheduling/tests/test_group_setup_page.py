"""Setting up a recurring group from the setup pages: clear errors, nothing saved on bad input."""

from typing import Any

from django.urls import reverse

from tests import factories
from trellis.scheduling.models import RecurringGroup


def _post(client: Any, world: Any, **overrides: Any) -> Any:
    data = {
        "name": "Evening skills group",
        "weekdays": ["0", "2"],
        "starts_at": "18:00",
        "duration_minutes": "180",
        "room": world.group_a.room.pk,
        "facilitator": world.alice.pk,
        "active_from": "2026-11-30",
    }
    data.update(overrides)
    return client.post(reverse("scheduling:group_new", kwargs={"track_pk": world.track_a.pk}), data)


def test_it_creates_a_group(world: Any, client: Any) -> None:
    client.force_login(world.dana)
    response = _post(client, world)
    assert response.status_code == 302
    group = RecurringGroup.objects.get(name="Evening skills group")
    assert group.weekdays == [0, 2]


def test_it_names_the_missing_facilitator_and_saves_nothing(world: Any, client: Any) -> None:
    client.force_login(world.dana)
    response = _post(client, world, facilitator="")
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not RecurringGroup.objects.filter(name="Evening skills group").exists()


def test_it_refuses_a_facilitator_from_another_site(world: Any, client: Any) -> None:
    client.force_login(world.dana)
    response = _post(client, world, facilitator=world.bob.pk)  # Bob works at Lakeside only
    assert "Select a valid choice" in response.content.decode()
    assert not RecurringGroup.objects.filter(name="Evening skills group").exists()


def test_it_refuses_a_room_at_another_site(world: Any, client: Any) -> None:
    client.force_login(world.dana)
    other_room = factories.RoomFactory.create(site=world.site_b)
    response = _post(client, world, room=other_room.pk)
    assert "Select a valid choice" in response.content.decode()
    assert not RecurringGroup.objects.filter(name="Evening skills group").exists()
