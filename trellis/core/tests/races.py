"""For tests that race real threads on real connections (so they need committed data, not a test transaction).

pytest-django empties the database after such a test; the audit table refuses deletes (its append-only
trigger), so on SQLite the fixture below lifts the trigger just long enough to empty that table, and puts it
back. PostgreSQL's flush truncates, which row triggers do not see.
"""

import importlib
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection

APPEND_ONLY = importlib.import_module("trellis.privacy.migrations.0002_append_only")


@pytest.fixture
def committed(transactional_db: None) -> Iterator[None]:
    yield
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER privacy_auditevent_no_delete")
            cursor.execute("DELETE FROM privacy_auditevent")
            cursor.execute(APPEND_ONLY.SQLITE[1])


def run_together(calls: list[Callable[[], Any]]) -> list[Any]:
    """Start every call at the same instant, each on its own thread and connection; their results (or the
    exception each raised), in the order given."""
    start = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            start.wait()
            results[index] = call()
        except Exception as error:  # the caller decides which refusals it expects
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results
