"""Every way records leave the program, from the one registry (trellis.privacy.paths.OUTBOUND_PATHS), driven for
real through its page, API or command (tests/outbound_drivers.py): refused without a consent, refused after the
consent is revoked or has expired, and with a consent in force released with the 42 CFR 2.32 notice attached
and exactly one Disclosure row written (issue 9, "Done when")."""

import datetime as dt
from typing import Any

import pytest
import time_machine

from tests import part2 as consents_for
from tests.outbound_drivers import DRIVERS, RECIPIENTS, consent_for
from trellis.core import clock
from trellis.privacy import consents
from trellis.privacy.disclosure_models import Disclosure
from trellis.privacy.part2 import NOTICE
from trellis.privacy.paths import OUTBOUND_PATHS

# A Friday in November: the billing paths bill a November day under a November authorization.
NOW = dt.datetime(2026, 11, 20, 15, tzinfo=dt.UTC)
PATHS = sorted(OUTBOUND_PATHS)


def test_every_registered_path_has_a_driver_and_every_driver_a_path() -> None:
    assert set(DRIVERS) == set(OUTBOUND_PATHS)
    assert set(RECIPIENTS) == set(OUTBOUND_PATHS)


def _refused(path: str, world: Any) -> str:
    result = DRIVERS[path](world, world.carol, world.dana)
    assert result.refused, f"{path} let records out"
    assert result.payload == b""
    assert not Disclosure.objects.filter(client=world.carol).exists()
    return result.message


@pytest.mark.parametrize("path", PATHS)
@time_machine.travel(NOW, tick=False)
def test_without_a_consent_nothing_leaves(path: str, world: Any) -> None:
    message = _refused(path, world)
    assert "consent" in message.lower()


@pytest.mark.parametrize("path", PATHS)
@time_machine.travel(NOW, tick=False)
def test_after_the_consent_is_revoked_nothing_leaves(path: str, world: Any) -> None:
    consent = consent_for(path, world.carol, world.amy)
    consents.revoke(consent=consent, method="in writing", note="", actor=world.amy)
    _refused(path, world)


@pytest.mark.parametrize("path", PATHS)
def test_after_the_consent_has_expired_nothing_leaves(path: str, world: Any) -> None:
    kind, name, purpose = RECIPIENTS[path]
    with time_machine.travel(NOW, tick=False):
        consents_for.named_consent(
            world.carol, world.amy, recipient_kind=kind, recipient_name=name, purposes=(purpose,),
            information=tuple(OUTBOUND_PATHS[path].information), expires_on=clock.today_in("America/New_York"),
        )  # fmt: skip
    with time_machine.travel(NOW + dt.timedelta(days=2), tick=False):
        _refused(path, world)


@pytest.mark.parametrize("path", PATHS)
@time_machine.travel(NOW, tick=False)
def test_with_a_consent_in_force_the_records_leave_with_the_notice_and_one_disclosure(
    path: str, world: Any
) -> None:
    consent = consent_for(path, world.carol, world.amy)
    result = DRIVERS[path](world, world.carol, world.dana)
    assert not result.refused, result.message
    assert result.payload
    assert NOTICE in result.attached
    assert "Disclosed with the written consent of the client" in result.attached
    [row] = Disclosure.objects.filter(client=world.carol)
    assert (row.path, row.consent, row.recipient_name) == (path, consent, RECIPIENTS[path][1])
