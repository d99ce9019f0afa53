"""The family-session, psychiatric-visit and multi-family pages run the same queries whatever their rows."""

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import part2 as consents_for
from trellis.clients.models import ClientContact
from trellis.medications.tests.factories import order_for, prescriber_at
from trellis.notes.tests import given
from trellis.privacy.part2 import Purpose, RecipientKind

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_session")]


def _queries(client: Any, url: str) -> int:
    cache.clear()  # read afresh each time: kept memberships, counts and parts would differ by state
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _relatives(client: Any, actor: Any, count: int) -> None:
    for n in range(count):
        contact = ClientContact.objects.create(client=client, name=f"Relative {n:03d}", relationship="Cousin")
        consents_for.named_consent(
            client, actor, recipient_kind=RecipientKind.FAMILY, recipient_name=contact.name,
            purposes=(Purpose.FAMILY,),
        )  # fmt: skip


def test_the_family_note_page_runs_the_same_queries_for_1_and_3_relatives(world: Any, client: Any) -> None:
    _relatives(world.carol, world.alice, 1)
    client.force_login(world.alice)
    url = reverse("notes:family_new", kwargs={"client_pk": world.carol.pk})
    client.get(url)
    with_1 = _queries(client, url)
    _relatives(world.carol, world.alice, 2)
    assert _queries(client, url) == with_1


def test_the_psychiatric_note_page_runs_the_same_queries_for_1_and_3_orders(world: Any, client: Any) -> None:
    priya = prescriber_at(world)
    order_for(world.carol, priya)
    client.force_login(priya)
    url = reverse("notes:psychiatric_new", kwargs={"client_pk": world.carol.pk})
    client.get(url)
    with_1 = _queries(client, url)
    for n in range(2):
        order_for(world.carol, priya, name=f"Medication {n}")
    assert _queries(client, url) == with_1


def test_the_multi_family_page_runs_the_same_queries_for_1_and_3_families(world: Any, client: Any) -> None:
    world.group_a.family_group = True
    world.group_a.save(update_fields=["family_group"])
    session = given.session(world)
    for present in given.present_clients(world, session, 1):
        _relatives(present, world.alice, 1)
    client.force_login(world.alice)
    url = reverse("notes:multi_family", kwargs={"session_pk": session.pk})
    client.get(url)
    with_1 = _queries(client, url)
    for present in given.present_clients(world, session, 2):
        _relatives(present, world.alice, 1)
    assert _queries(client, url) == with_1
