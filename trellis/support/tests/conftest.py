from collections.abc import Iterator

import pytest
import time_machine

from trellis.support.tests import given


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(given.NOW, tick=False):
        yield
