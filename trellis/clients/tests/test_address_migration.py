"""The migration that splits old one-line addresses: parsed where they read cleanly, kept whole otherwise."""

from typing import Any

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("clients", "0002_structured_address")]
AFTER = [("clients", "0003_parse_addresses")]


def test_it_splits_the_addresses_that_parse_and_keeps_the_rest_whole(migrated_back: None, world: Any) -> None:
    # given the database as it was before the split, with three old addresses
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    Client = executor.loader.project_state(BEFORE).apps.get_model("clients", "Client")
    old = {
        world.carol.pk: "12 Elm Street, Apt 4, Springfield, IL 62702",
        world.dave.pk: "staying with her sister in Lakeside",
        world.hugo.pk: "",
    }
    blank = dict.fromkeys(("address_line1", "address_line2", "city", "state", "postal_code"), "")
    for pk, address in old.items():
        Client.objects.filter(pk=pk).update(address=address, **blank)
    # when the split runs
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    Client = executor.loader.project_state(AFTER).apps.get_model("clients", "Client")
    fields = ("address_line1", "address_line2", "city", "state", "postal_code")
    rows = {pk: Client.objects.values_list(*fields).get(pk=pk) for pk in old}
    # then Carol's is in its parts, Dave's stays whole in line 1, and Hugo's stays empty
    assert rows[world.carol.pk] == ("12 Elm Street", "Apt 4", "Springfield", "IL", "62702")
    assert rows[world.dave.pk] == ("staying with her sister in Lakeside", "", "", "", "")
    assert rows[world.hugo.pk] == ("", "", "", "", "")
