from collections.abc import Iterator

import pytest
import time_machine

from trellis.scheduling.tests.schedule_world import NOW


@pytest.fixture
def frozen_now() -> Iterator[None]:
    """Wednesday 2026-11-18 in every timezone the personas work in; next week starts Monday 23rd."""
    with time_machine.travel(NOW, tick=False):
        yield
