from collections.abc import Iterator

import pytest
import time_machine

from trellis.notes.tests import given


@pytest.fixture
def after_session() -> Iterator[None]:
    """The clock stands an hour after the Monday session ended (13:00 in New York)."""
    with time_machine.travel(given.AFTER_SESSION, tick=False):
        yield
