"""The audit table refuses rewrites; checkpoints are private files whose signature is checked; concurrent
writers extend a chain one after the other, never forking it."""

import datetime as dt
import json
import stat
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from trellis.core import context
from trellis.core.tests.races import committed, run_together
from trellis.privacy import audit, tasks
from trellis.privacy.checkpoints import newest_checkpoint
from trellis.privacy.models import AuditEvent
from trellis.privacy.tests.tampering import organization_trail

NOW = dt.datetime(2026, 11, 18, 15, 0, tzinfo=dt.UTC)
TABLE = AuditEvent._meta.db_table
COLUMNS = (
    "id, occurred_at, actor_id, action, client_id, object_type, object_id, detail, ip_address, request_id, "
    "organization_id, system_job, sequence, previous_hash, hash"
)
REWRITTEN_DETAIL = COLUMNS.replace("detail", "'rewritten'")
ANOTHER_ID = COLUMNS.replace("id,", "'00000000000000000000000000000001',", 1)
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="an SQLite statement")
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL statement")


def _refused(statement: str) -> str:
    with pytest.raises(DatabaseError) as refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    return str(refused.value)


@sqlite_only
def test_sqlite_refuses_insert_or_replace_of_an_event(world: Any) -> None:
    # given an event
    [event] = organization_trail(actor=world.alice, count=1)
    # when it is rewritten with INSERT OR REPLACE (which would delete it without firing a DELETE trigger)
    message = _refused(
        f"INSERT OR REPLACE INTO {TABLE} ({COLUMNS}) SELECT {REWRITTEN_DETAIL} "
        f"FROM {TABLE} WHERE detail = 'page 1'"
    )
    # then it is refused, and the event is as it was
    assert "an insert may not replace an event" in message
    assert AuditEvent.objects.get(pk=event.pk).detail == "page 1"


@sqlite_only
def test_sqlite_refuses_a_new_event_that_would_replace_one_in_its_chain_place(world: Any) -> None:
    # given an event; when another id is written into its place in the chain with REPLACE INTO
    organization_trail(actor=world.alice, count=1)
    message = _refused(
        f"REPLACE INTO {TABLE} ({COLUMNS}) SELECT {ANOTHER_ID} FROM {TABLE} WHERE detail = 'page 1'"
    )
    # then it is refused
    assert "an insert may not replace an event" in message
    assert AuditEvent.objects.count() == 1


@postgres_only
def test_postgres_refuses_to_truncate_the_audit_table(world: Any) -> None:
    # given events on the trail, their foreign keys checked
    organization_trail(actor=world.alice, count=2)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    # when the application's role truncates the table, then the trigger refuses
    assert "TRUNCATE refused" in _refused(f"TRUNCATE {TABLE}")
    assert AuditEvent.objects.count() == 2


def test_update_and_delete_stay_refused(world: Any) -> None:
    organization_trail(actor=world.alice, count=1)
    assert "append-only" in _refused(f"UPDATE {TABLE} SET detail = 'x'")
    assert "append-only" in _refused(f"DELETE FROM {TABLE}")


@time_machine.travel(NOW, tick=False)
def test_a_checkpoint_is_a_private_file_and_a_forged_one_is_reported(world: Any, checkpoint_dir: Any) -> None:
    # given a checkpoint written by the periodic task
    organization_trail(actor=world.alice, count=3)
    path = tasks.write_audit_checkpoint.call_local()
    # then only its owner can read it, and it records the chain's head
    assert stat.S_IMODE(checkpoint_dir.joinpath(path).stat().st_mode) == 0o600
    recorded = json.loads(checkpoint_dir.joinpath(path).read_text())
    assert {"chain": str(world.organization.pk), "sequence": 3} in [
        {"chain": head["chain"], "sequence": head["sequence"]} for head in recorded["heads"]
    ]
    # when someone lowers the recorded sequence (to hide a deleted tail) without the key
    for head in recorded["heads"]:
        head["sequence"] = 1
    checkpoint_dir.joinpath(path).write_text(json.dumps(recorded))
    # then verification reports the checkpoint as untrustworthy
    with pytest.raises(CommandError, match="has a bad signature"):
        call_command("verify_audit", stdout=StringIO())


@time_machine.travel(NOW, tick=False)
def test_two_checkpoints_of_one_instant_are_kept_in_order(world: Any) -> None:
    # given a checkpoint, then more events and a second checkpoint in the same microsecond
    organization_trail(actor=world.alice, count=1)
    call_command("audit_checkpoint", stdout=StringIO())
    audit.record(actor=world.alice, action=audit.Action.VIEW, detail="later")
    call_command("audit_checkpoint", stdout=StringIO())
    # then the newest is the second one
    checkpoint = newest_checkpoint()
    assert checkpoint is not None
    assert [head.sequence for head in checkpoint.heads] == [2]


def test_events_from_any_address_verify(world: Any) -> None:
    # given events recorded from an IPv6 address written in capitals, and from an IPv4 address
    for address in ("2001:DB8::1", "10.0.0.7"):
        context.set_current(context.RequestContext(request_id="req-1", ip_address=address, path="/x"))
        try:
            audit.record(actor=world.alice, action=audit.Action.VIEW, detail="page")
        finally:
            context.set_current(None)
    # then their hashes hold after the round trip through the database
    assert "2 event(s)" in _verify_output()


def _verify_output() -> str:
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


@pytest.mark.usefixtures(committed.__name__)
def test_writers_at_the_same_instant_extend_the_chain_in_turn(world: Any) -> None:
    # given eight pages recording views for one organization at the same moment, each in its own transaction
    def view(number: int) -> Any:
        return lambda: audit.record(actor=world.alice, action=audit.Action.VIEW, detail=f"page {number}")

    outcomes = run_together([view(number) for number in range(8)])
    # then every event found its own place in one unbroken chain
    assert outcomes == [None] * 8
    sequences = AuditEvent.objects.filter(organization=world.organization).values_list("sequence", flat=True)
    assert sorted(sequences) == list(range(1, 9))
    assert "1 chain(s), 8 event(s)" in _verify_output()
