"""Authenticator-app secrets are encrypted at rest: the database holds no secret a thief could make codes from."""

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from trellis.accounts.models import TotpDevice
from trellis.core import sealed

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _stored(device: TotpDevice) -> str:
    """The column as the database holds it, read past the model."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT secret FROM {TotpDevice._meta.db_table} WHERE user_id = %s", [device.user_id])
        return str(cursor.fetchone()[0])


def test_the_database_holds_the_secret_sealed_and_the_model_reads_it_plain(world: Any) -> None:
    device = TotpDevice.objects.create(user=world.alice, secret=SECRET)
    stored = _stored(device)
    assert stored.startswith(sealed.PREFIX)
    assert SECRET not in stored
    assert TotpDevice.objects.get(pk=device.pk).secret == SECRET


def test_a_secret_written_before_sealing_is_read_and_sealed_at_its_next_save(world: Any) -> None:
    device = TotpDevice.objects.create(user=world.alice, secret=SECRET)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TotpDevice._meta.db_table} SET secret = %s", [SECRET])  # as stored before
    legacy = TotpDevice.objects.get(pk=device.pk)
    assert legacy.secret == SECRET
    legacy.save()
    assert _stored(legacy).startswith(sealed.PREFIX)


def test_another_key_cannot_open_it(world: Any, settings: Any) -> None:
    device = TotpDevice.objects.create(user=world.alice, secret=SECRET)
    settings.TRELLIS_FIELD_KEY = "a different key kept somewhere else"
    with pytest.raises(ImproperlyConfigured, match="cannot be opened"):
        TotpDevice.objects.get(pk=device.pk)
