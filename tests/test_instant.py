"""The suite can be moved to any instant: CI's second pass relies on it to catch time bombs."""

import datetime as dt
import os

import pytest

from tests import instant
from trellis.core import clock


@pytest.mark.skipif(not os.environ.get(instant.VARIABLE), reason="this pass runs at the wall clock")
def test_it_runs_the_whole_pass_at_the_named_instant() -> None:
    named = dt.datetime.fromisoformat(os.environ[instant.VARIABLE])
    # The clock ticks on from the named instant, so it is a little later by now, never earlier.
    assert named <= clock.now() < named + dt.timedelta(hours=1)


def test_it_refuses_an_instant_without_a_utc_offset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(instant.VARIABLE, "2027-03-14T07:30:00")
    with pytest.raises(ValueError, match="UTC offset"):
        instant.start()
