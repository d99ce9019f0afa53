"""The old one-line address read into its parts; what does not parse stays whole in line 1 (nothing guessed).

Its own migration, between adding the fields and dropping the old one: PostgreSQL refuses to alter a table
with row updates pending in the same transaction.
"""

from typing import Any

from django.db import migrations

from trellis.clients import addresses


def split_addresses(apps: Any, schema_editor: Any) -> None:
    Client = apps.get_model("clients", "Client")
    changed = []
    for client in Client.objects.exclude(address="").only("pk", "address").iterator(chunk_size=2000):
        parsed = addresses.parse_one_line(client.address)
        client.address_line1, client.address_line2 = parsed.line1, parsed.line2
        client.city, client.state, client.postal_code = parsed.city, parsed.state, parsed.postal_code
        changed.append(client)
    fields = ["address_line1", "address_line2", "city", "state", "postal_code"]
    Client.objects.bulk_update(changed, fields, batch_size=500)


def join_addresses(apps: Any, schema_editor: Any) -> None:
    Client = apps.get_model("clients", "Client")
    changed = []
    for client in Client.objects.exclude(address_line1="", city="").iterator(chunk_size=2000):
        client.address = addresses.one_line(
            addresses.Address(
                line1=client.address_line1, line2=client.address_line2, city=client.city,
                state=client.state, postal_code=client.postal_code,
            )
        )[:200]  # fmt: skip
        changed.append(client)
    Client.objects.bulk_update(changed, ["address"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0002_structured_address"),
    ]

    operations = [migrations.RunPython(split_addresses, join_addresses)]
