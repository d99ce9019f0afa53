"""Plain tokens left by DRF's authtoken app are hashed by the migration and go on working until they expire."""

import importlib
from types import SimpleNamespace
from typing import Any

from django.apps import apps
from django.db import connection
from rest_framework.test import APIClient

from trellis.accounts.models import ApiToken

migration = importlib.import_module("trellis.accounts.migrations.0002_api_tokens")
PLAIN_KEY = "0123456789abcdef0123456789abcdef01234567"


def test_it_hashes_plain_tokens_and_drops_their_table(world: Any) -> None:
    # given an installation with a plain DRF token of Alice's
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamp, user_id bigint)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token (key, created, user_id) VALUES (%s, CURRENT_TIMESTAMP, %s)",
            [PLAIN_KEY, world.alice.pk],
        )
    # when the migration runs
    # (SQLite's schema editor cannot open inside a test's transaction; the step uses only its connection.)
    migration.hash_plain_tokens(apps, SimpleNamespace(connection=connection))
    # then the plain table is gone, nothing stores the key, and the key still opens the API
    assert "authtoken_token" not in connection.introspection.table_names()
    assert not ApiToken.objects.filter(digest=PLAIN_KEY).exists()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {PLAIN_KEY}")
    assert client.get("/api/v1/clients/").status_code == 200
