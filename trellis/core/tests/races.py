"""For tests that race real threads on real connections (so they need committed data, not a test transaction).

pytest-django empties the database after such a test; the audit table refuses DELETE and, while it holds
rows, TRUNCATE, so the fixture below empties it first with its guards lifted (trellis.privacy.tests.tampering).
"""

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection

from trellis.privacy.tests.tampering import empty_audit_table


@pytest.fixture
def committed(transactional_db: None) -> Iterator[None]:
    yield
    empty_audit_table()


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
