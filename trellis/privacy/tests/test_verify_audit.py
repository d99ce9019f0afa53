"""`manage.py verify_audit` finds every kind of tampering with the audit trail, and passes an untouched one."""

import datetime as dt
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection

from trellis.privacy import chain
from trellis.privacy.checkpoints import newest_checkpoint
from trellis.privacy.models import AuditChainHead, AuditEvent
from trellis.privacy.tests.tampering import guards_lifted, organization_trail

NOW = dt.datetime(2026, 11, 18, 15, 0, tzinfo=dt.UTC)
TABLE = AuditEvent._meta.db_table


@pytest.fixture
def trail(world: Any) -> list[AuditEvent]:
    with time_machine.travel(NOW, tick=True):
        organization_trail(actor=world.olga, count=2)  # another organization's chain, left alone
        return organization_trail(actor=world.alice, count=5)


def _verify(*args: str) -> str:
    out = StringIO()
    call_command("verify_audit", *args, stdout=out)
    return out.getvalue()


def _broken(*args: str) -> str:
    with pytest.raises(CommandError) as refused:
        _verify(*args)
    return str(refused.value)


def test_it_passes_an_untouched_trail(trail: list[AuditEvent]) -> None:
    # given two organizations' trails, one checkpointed
    call_command("audit_checkpoint", stdout=StringIO())
    checkpoint = newest_checkpoint()
    assert checkpoint is not None
    # when the trail is verified, then every event is accounted for, in the order it was written
    summary = (
        f"Audit trail intact: 2 chain(s), 7 event(s), checked against checkpoint of {checkpoint.written_at}."
    )
    assert _verify() == summary + "\n"
    assert [event.sequence for event in trail] == [1, 2, 3, 4, 5]
    assert [event.detail for event in trail] == [f"page {number}" for number in range(1, 6)]


def test_it_names_a_forged_event(trail: list[AuditEvent], world: Any) -> None:
    # given an event inserted straight into the table after the last one, with a made-up hash
    last = trail[-1]
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                occurred_at=last.occurred_at, actor=world.bob, action="view", object_type="", detail="forged",
                request_id="x", organization_id=world.organization.pk, sequence=6, previous_hash=last.hash,
                hash="f" * 64,
            )
        ]
    )  # fmt: skip
    forged = AuditEvent.objects.get(detail="forged")
    # when the trail is verified, then the forged link is named
    message = _broken()
    assert (
        f"organization {world.organization.pk}, sequence 6, event {forged.pk}: its content does not"
        in message
    )


def test_it_finds_a_forged_event_even_with_a_well_made_hash(trail: list[AuditEvent], world: Any) -> None:
    # given an event appended by someone who knows how the hash is made, but not through the application
    last = trail[-1]
    forged = AuditEvent(
        occurred_at=last.occurred_at, actor=world.bob, action="view", object_type="", detail="forged",
        request_id="x", organization_id=world.organization.pk, sequence=6, previous_hash=last.hash,
    )  # fmt: skip
    forged.hash = chain.hash_of(forged)
    AuditEvent.objects.bulk_create([forged])
    # then its chain no longer ends where the application left it
    assert "events after the recorded head (sequence 5) were added outside the application" in _broken()


def test_it_names_the_gap_a_deleted_event_leaves(trail: list[AuditEvent], world: Any) -> None:
    # given the third event deleted
    with guards_lifted() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [_id(trail[2])])
    # then the link after the gap is named
    message = _broken()
    assert (
        f"organization {world.organization.pk}, sequence 4, event {trail[3].pk}: expected sequence 3"
        in message
    )


def test_it_names_a_changed_event(trail: list[AuditEvent], world: Any) -> None:
    # given the second event's detail rewritten
    with guards_lifted() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET detail = 'nothing to see' WHERE id = %s", [_id(trail[1])])
    # then it is named as not matching its hash
    message = _broken()
    assert (
        f"organization {world.organization.pk}, sequence 2, event {trail[1].pk}: its content does not"
        in message
    )


def test_it_names_two_events_put_in_each_others_places(trail: list[AuditEvent], world: Any) -> None:
    # given the second and third events swapped in the chain
    with guards_lifted() as cursor:
        for event, sequence in ((trail[1], 1000), (trail[2], 2), (trail[1], 3)):
            cursor.execute(f"UPDATE {TABLE} SET sequence = %s WHERE id = %s", [sequence, _id(event)])
    # then the first moved link is named
    assert f"organization {world.organization.pk}, sequence 2, event {trail[2].pk}:" in _broken()


@time_machine.travel(NOW, tick=False)
def test_it_finds_a_truncated_table_against_the_checkpoint(trail: list[AuditEvent], world: Any) -> None:
    # given a checkpoint, then the audit table and its chain heads emptied
    call_command("audit_checkpoint", stdout=StringIO())
    with guards_lifted() as cursor:
        if _sqlite():
            cursor.execute(f"DELETE FROM {TABLE}")
            cursor.execute(f"DELETE FROM {AuditChainHead._meta.db_table}")
        else:
            cursor.execute(f"TRUNCATE {TABLE}, {AuditChainHead._meta.db_table}")
    assert not AuditEvent.objects.exists()
    # then both chains are reported short of the checkpoint
    message = _broken()
    assert f"organization {world.organization.pk}: the chain ends at sequence 0 but the checkpoint" in message
    assert f"organization {world.organization_b.pk}: the chain ends at sequence 0" in message


@time_machine.travel(NOW, tick=False)
def test_it_finds_a_deleted_tail_whose_head_was_rewound(trail: list[AuditEvent], world: Any) -> None:
    # given a checkpoint, then the last two events deleted and the chain head moved back to match
    call_command("audit_checkpoint", stdout=StringIO())
    with guards_lifted() as cursor:
        cursor.execute(
            f"DELETE FROM {TABLE} WHERE sequence > 3 AND organization_id = %s", [_id(world.organization)]
        )
    AuditChainHead.objects.filter(chain=str(world.organization.pk)).update(sequence=3, hash=trail[2].hash)
    # then the chain itself holds, but falls short of the checkpoint
    message = _broken()
    assert f"organization {world.organization.pk}: the chain ends at sequence 3 but the checkpoint" in message
    assert "recorded sequence 5" in message


def test_it_verifies_only_the_organization_asked_for(trail: list[AuditEvent], world: Any) -> None:
    # given one organization's trail changed
    with guards_lifted() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET detail = 'x' WHERE id = %s", [_id(trail[0])])
    # then the other organization still verifies, and an unknown one is refused by name
    assert "1 chain(s), 2 event(s)" in _verify("--organization", "Harbor Light Health")
    assert "sequence 1" in _broken("--organization", str(world.organization.pk))
    assert "--organization: no organization is called" in _broken("--organization", "Nowhere")


def _sqlite() -> bool:
    return connection.vendor == "sqlite"


def _id(row: Any) -> Any:
    """A UUID key as the database stores it: 32 hex digits on SQLite, a uuid on PostgreSQL."""
    return row.pk.hex if _sqlite() else row.pk


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_it_passes_the_trail_of_a_generated_program() -> None:
    # given a generated program, whose events are written in bulk
    call_command("generate_program", sites=1, clients=20, weeks=4, seed=2, stdout=StringIO())
    assert AuditEvent.objects.count() > 20
    # then every chain verifies
    assert _verify().startswith("Audit trail intact:")
