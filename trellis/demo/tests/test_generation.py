"""Determinism of the demo and of the benchmark generator, and the pure rules they are built from."""

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction

from trellis.accounts.models import User
from trellis.attendance.models import AttendanceRecord
from trellis.clients.models import Client
from trellis.demo import holidays, plan, second_organization
from trellis.demo.npi import is_valid_npi, npi_with_check_digit
from trellis.episodes.models import Enrollment, Episode
from trellis.privacy.models import AuditEvent
from trellis.scheduling.models import GroupSession

TODAY = dt.date(2026, 11, 16)


@pytest.fixture
def monday() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 11, 16, 16, 0, tzinfo=dt.UTC), tick=False):
        yield


def _load(*, clients: int, seed: int) -> None:
    call_command("load_demo", "--clients", str(clients), "--seed", str(seed), stdout=StringIO())


def _fingerprint() -> dict[str, Any]:
    episodes = Episode.objects.select_related("client").order_by("client__legal_last_name", "admitted_on")
    return {
        "episodes": [
            (
                e.client.legal_first_name,
                e.client.legal_last_name,
                e.admitted_on,
                e.discharged_on,
                e.discharge_reason,
            )
            for e in episodes
        ],
        "enrollments": sorted(
            (e.episode.client.legal_last_name, e.track.name, e.phase.number, e.starts_on, e.ends_on)
            for e in Enrollment.objects.select_related("episode__client", "track", "phase")
        ),
        "attendance": Counter(AttendanceRecord.objects.values_list("status", flat=True)),
        "sessions": GroupSession.objects.count(),
        "npis": sorted(User.objects.values_list("npi", flat=True)),
    }


def test_it_is_the_same_program_for_the_same_seed(db: None, monday: None) -> None:
    # given
    fingerprints = []
    for _ in range(2):
        with transaction.atomic():
            _load(clients=12, seed=5)
            fingerprints.append(_fingerprint())
            transaction.set_rollback(True)
    # then
    assert fingerprints[0] == fingerprints[1]
    # Riverside's twelve, and the small second organization's own
    assert len(fingerprints[0]["episodes"]) == 12 + second_organization.CLIENTS


def test_it_generates_a_tiny_benchmark_program_deterministically(db: None, monday: None) -> None:
    # given
    runs = []
    for _ in range(2):
        with transaction.atomic():
            out = StringIO()
            call_command("generate_program", sites=2, clients=40, weeks=6, seed=2, stdout=out)
            runs.append(
                (
                    sorted(Client.objects.values_list("pk", flat=True)),
                    AttendanceRecord.objects.count(),
                    out.getvalue(),
                )
            )
            records = AttendanceRecord.objects.count()
            audited = AuditEvent.objects.filter(object_type="attendance.AttendanceRecord").count()
            assert records > 0
            assert audited == records
            assert (
                Episode.objects.filter(discharged_on__isnull=False, discharge_reason__isnull=True).count()
                == 0
            )
            transaction.set_rollback(True)
    # then
    assert runs[0][:2] == runs[1][:2]
    assert len(runs[0][0]) == 40


@pytest.mark.parametrize(
    ("identifier", "npi"),
    [("123456789", "1234567893"), ("199999999", "1999999992"), ("100000000", "1000000004")],
)
def test_it_computes_the_npi_check_digit(identifier: str, npi: str) -> None:
    assert npi_with_check_digit(identifier) == npi
    assert is_valid_npi(npi)
    assert not is_valid_npi(npi[:9] + str((int(npi[9]) + 1) % 10))


def test_it_closes_on_the_observed_federal_holidays() -> None:
    days = dict(holidays.closures(2026))
    assert days[dt.date(2026, 11, 26)] == "Thanksgiving"
    assert days[dt.date(2026, 7, 3)] == "Independence Day"  # the 4th is a Saturday
    assert days[dt.date(2026, 5, 25)] == "Memorial Day"


def test_it_sizes_a_full_track_to_its_census() -> None:
    # given
    slot = plan.TrackSlot("w", "north", (0, 1, 2, 3, 4), "women", full=True)
    paths = [
        plan.ClientPath(
            n,
            "w",
            "north",
            TODAY - dt.timedelta(days=n),
            steps=[plan.Step(TODAY - dt.timedelta(days=n), 1, "")],
        )
        for n in range(5)
    ]
    # then
    assert plan.capacities(paths, [slot]) == {"w": 5}
    assert plan.scheduled_days((0, 1, 2, 3, 4), 3, 0) == {0, 2, 4}
    assert plan.scheduled_days((0, 1, 2, 3), 5, 0) == {0, 1, 2, 3}
