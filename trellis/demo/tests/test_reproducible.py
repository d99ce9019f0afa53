"""The demo is reproducible: the same seed loads the same program, so a bug seen once can be seen again."""

import datetime as dt
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction

from trellis.attendance.models import AttendanceRecord
from trellis.billing.models import Charge
from trellis.episodes.models import Episode
from trellis.scheduling.models import GroupSession

MONDAY_MORNING = dt.datetime(2026, 11, 16, 16, 0, tzinfo=dt.UTC)


def _load(clients: int, seed: int) -> None:
    call_command("load_demo", "--clients", str(clients), "--seed", str(seed), stdout=StringIO())


def _snapshot() -> list[tuple[Any, ...]]:
    """What a user would see differ between two loads: who was admitted when, who came, what was billed."""
    people = ("client__legal_last_name", "client__legal_first_name", "client__date_of_birth")
    return [
        *Episode.objects.order_by(*people, "admitted_on").values_list(
            *people, "admitted_on", "discharged_on"
        ),
        *AttendanceRecord.objects.order_by(*people, "session__starts_at", "session__group__name").values_list(
            *people, "session__starts_at", "status"
        ),
        *Charge.objects.order_by(*people, "service_date", "code", "status").values_list(
            *people, "service_date", "code", "status", "hold_reasons"
        ),
        *GroupSession.objects.order_by("starts_at", "group__name").values_list("starts_at", "status"),
    ]


@pytest.mark.django_db
def test_the_same_seed_loads_the_same_program() -> None:
    # given two loads of the same seed, each rolled back after its snapshot
    snapshots = []
    for _ in range(2):
        with time_machine.travel(MONDAY_MORNING, tick=False), transaction.atomic():
            _load(clients=12, seed=5)
            snapshots.append(_snapshot())
            transaction.set_rollback(True)
    # then nothing differs, down to the held charges the billing queue shows
    assert len(snapshots[0]) > 200
    assert snapshots[0] == snapshots[1]
