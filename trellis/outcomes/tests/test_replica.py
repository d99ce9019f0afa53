"""With a reporting replica configured, the dashboards count from it; writes and every other page use the
primary. The "reporting" alias of the test settings is a second database holding rows of its own."""

import copy
import json
import os
import re
import subprocess
import sys
from typing import Any

import pytest
import time_machine
from django.db import models
from django.test import Client as Browser
from django.urls import reverse

from conftest import World
from trellis.core.reporting_db import REPORTING, ReportingRouter, reporting_reads
from trellis.episodes.models import Episode
from trellis.outcomes.tests import program
from trellis.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db(databases=["default", REPORTING])


@pytest.fixture
def built(world: World) -> dict[str, Any]:
    """The primary holds the whole small program; the replica only two of its clients still in care."""
    built = program.build(world)
    copied: set[Any] = set()
    for key in ("a3", "b2"):
        _copy_to_replica(built["episodes"][key], copied)
    return built


def _copy_to_replica(obj: models.Model, copied: set[Any]) -> None:
    """The row and the rows it points at (the replica checks its foreign keys too), each once."""
    if (type(obj), obj.pk) in copied:
        return
    copied.add((type(obj), obj.pk))
    for field in obj._meta.concrete_fields:
        if field.is_relation and getattr(obj, field.attname) is not None:
            _copy_to_replica(getattr(obj, field.name), copied)
    type(obj)._default_manager.using(REPORTING).bulk_create([copy.copy(obj)])


def _in_care(world: World) -> int:
    browser = Browser()
    browser.force_login(world.dana)
    with time_machine.travel(program.NOW, tick=False):
        page = browser.get(reverse("outcomes:network"))
    assert page.status_code == 200
    found = re.search(r"<b>(\d+)</b><span>in care", page.content.decode())
    assert found is not None
    return int(found.group(1))


def test_it_counts_the_dashboard_from_the_replica_when_one_is_set(
    world: World, built: dict[str, Any], settings: Any
) -> None:
    # given the primary's census
    on_primary = _in_care(world)
    assert (
        on_primary
        == Episode.objects.filter(
            discharged_on__isnull=True, client__site__in=[world.site_a, world.site_b]
        ).count()
    )
    # when the replica is switched on
    settings.TRELLIS_REPORTING_READS = True
    # then the dashboard counts the replica's rows
    assert _in_care(world) == 2 != on_primary


def test_it_reads_the_primary_without_the_setting(world: World, built: dict[str, Any]) -> None:
    assert Episode.objects.using(REPORTING).count() == 2
    assert _in_care(world) != 2


def test_it_never_writes_to_the_replica(world: World, settings: Any) -> None:
    settings.TRELLIS_REPORTING_READS = True
    router = ReportingRouter()
    with reporting_reads():
        assert router.db_for_read(Episode) == REPORTING
        assert router.db_for_write(Episode) == "default"
        world.carol.save(update_fields=["updated_at"])
    assert router.db_for_read(Episode) != REPORTING  # outside the block: the primary
    # the page view's audit event, written inside a dashboard request, is on the primary only
    _in_care(world)
    assert not AuditEvent.objects.using(REPORTING).exists()


def test_it_takes_the_replica_from_the_environment_and_mirrors_the_primary_in_tests() -> None:
    # given REPORTING_DATABASE_URL, as an operator sets it
    env = {**os.environ, "REPORTING_DATABASE_URL": "postgres://reader@replica.example:5432/trellis"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    shown = "import json; from config.settings import base as b; " + (
        "print(json.dumps([b.DATABASES['reporting']['HOST'], b.DATABASES['reporting']['TEST'], "
        "b.TRELLIS_REPORTING_READS]))"
    )
    # when the settings are read
    done = subprocess.run([sys.executable, "-c", shown], env=env, capture_output=True, text=True, check=True)
    # then the dashboards read the replica, and a test run treats it as the primary's mirror
    assert json.loads(done.stdout) == ["replica.example", {"MIRROR": "default"}, True]
