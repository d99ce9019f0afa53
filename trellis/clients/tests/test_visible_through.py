"""The client gate as a condition on a row's client (`visible_through`) lets in exactly the clients that
`Client.objects.visible_to` does, for every kind of reader and client: here through the open screen flags
Today lists, one per client."""

import datetime as dt
from typing import Any

import time_machine
from django.contrib.auth.models import AnonymousUser

from tests import factories
from trellis.clients.models import Client
from trellis.medications import selectors, services
from trellis.medications.choices import Result, ScreenMethod, Specimen
from trellis.medications.models import ScreenFlag
from trellis.medications.services import ResultEntry

NOW = dt.datetime(2026, 11, 18, 15, 0, tzinfo=dt.UTC)


def _flag_every_client(world: Any) -> None:
    # Beside Carol (Northside), Dave (Lakeside) and Hugo (another organization): a Northside client with no
    # episode yet (an inquiry just registered), and one whose only episode is in another program of ours.
    factories.ClientFactory.create(site=world.site_a, legal_first_name="Nell", legal_last_name="Noepisode")
    other_program = factories.ProgramFactory.create(organization=world.organization, name="IOP Mental Health")
    elsewhere = factories.ClientFactory.create(
        site=world.site_a, legal_first_name="Opal", legal_last_name="Other"
    )
    factories.EpisodeFactory.create(client=elsewhere, program=other_program)
    for client in Client.objects.all():
        services.record_drug_screen(
            client=client,
            collected_at=NOW - dt.timedelta(hours=1),
            specimen=Specimen.URINE,
            method=ScreenMethod.READ_BY_EYE,
            results=[ResultEntry("opiates", Result.POSITIVE)],
            collected_by=world.nora if client.site.organization_id == world.organization.pk else world.olga,
            observed=True,
        )


@time_machine.travel(NOW, tick=False)
def test_it_lets_in_the_same_clients_as_the_client_gate_for_every_clinical_reader(world: Any) -> None:
    _flag_every_client(world)
    assert ScreenFlag.objects.open().count() == Client.objects.count() == 5
    for reader in (world.alice, world.bob, world.nora, world.dana, world.olga):
        flagged = {flag.client_id for flag in selectors.list_open_flags(user=reader, limit=25)}
        assert flagged == set(Client.objects.visible_to(reader).values_list("pk", flat=True)), reader.username
    # Alice at Northside: Carol and the client with no episode, not Opal (another program), Dave or Hugo
    alices = {flag.client.legal_first_name for flag in selectors.list_open_flags(user=world.alice, limit=25)}
    assert alices == {"Carol", "Nell"}


@time_machine.travel(NOW, tick=False)
def test_readers_without_clinical_access_get_no_flags(world: Any) -> None:
    _flag_every_client(world)
    for reader in (world.bill, world.amy, world.adam, AnonymousUser()):
        assert not ScreenFlag.objects.visible_to(reader).exists()
