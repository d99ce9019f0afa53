"""Upgrading a database that already has an audit trail: its events are chained in the order they happened."""

import datetime as dt
import uuid
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from trellis.privacy.models import AuditEvent
from trellis.privacy.tests.tampering import empty_audit_table

BEFORE = [("privacy", "0004_password_actions")]
AFTER = [("privacy", "0006_audit_chain_guards")]
MORNING = dt.datetime(2026, 11, 18, 14, 0, tzinfo=dt.UTC)


@pytest.fixture
def old_database(migrated_back: None) -> Any:
    yield
    empty_audit_table()


def test_existing_events_are_chained_oldest_first_per_organization(old_database: None, world: Any) -> None:
    # given events recorded before the chain existed, two of them at the same instant, and one of no organization
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_events = executor.loader.project_state(BEFORE).apps.get_model("privacy", "AuditEvent")
    written = [
        (uuid.UUID(int=3), MORNING + dt.timedelta(minutes=5), world.organization.pk),
        (uuid.UUID(int=2), MORNING, world.organization.pk),
        (uuid.UUID(int=1), MORNING, world.organization.pk),
        (uuid.UUID(int=4), MORNING, world.organization_b.pk),
        (uuid.UUID(int=5), MORNING, None),
    ]
    for pk, occurred_at, organization_id in written:
        old_events.objects.create(
            id=pk, occurred_at=occurred_at, action="view", object_type="", request_id="old",
            organization_id=organization_id, system_job="unrecorded (older event)",
        )  # fmt: skip
    # when the database is upgraded
    MigrationExecutor(connection).migrate(AFTER)
    # then each organization's events are chained by time, then id, and the whole trail verifies
    chained = AuditEvent.objects.filter(organization=world.organization).order_by("sequence")
    assert [(event.pk.int, event.sequence) for event in chained] == [(1, 1), (2, 2), (3, 3)]
    assert AuditEvent.objects.get(organization__isnull=True).sequence == 1
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "3 chain(s), 5 event(s)" in out.getvalue()
