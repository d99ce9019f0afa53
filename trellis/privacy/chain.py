"""The audit trail as hash chains: one per organization, one more for events that name no organization.

Each event stores its place in the chain, the previous event's hash and a SHA-256 over a canonical form of its
own content and that previous hash. Changing, removing, inserting or reordering any event breaks a link that
`verify_chain` finds; truncating the end is found against the chain head row and the signed checkpoints kept
outside the database (`trellis.privacy.checkpoints`).
"""

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connections, models, transaction

from trellis.privacy.models import AuditChainHead, AuditEvent

GENESIS = "0" * 64  # the "previous hash" of the first event of every chain
NO_ORGANIZATION = "none"
_IP_FIELD = AuditEvent._meta.get_field("ip_address")


def chain_key(organization_id: Any) -> str:
    return NO_ORGANIZATION if organization_id is None else str(organization_id)


def events_of(chain: str) -> "models.QuerySet[AuditEvent]":
    if chain == NO_ORGANIZATION:
        return AuditEvent.objects.filter(organization__isnull=True)
    return AuditEvent.objects.filter(organization_id=chain)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _instant(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def canonical(event: AuditEvent) -> bytes:
    """Every recorded field, in a fixed order and form, so the hash reads the same before and after a round
    trip through either database."""
    content = [
        str(event.id),
        chain_key(event.organization_id),
        event.sequence,
        _instant(event.occurred_at),
        _text(event.actor_id),
        event.action,
        _text(event.client_id),
        event.object_type,
        event.object_id,
        event.detail,
        _IP_FIELD.get_prep_value(event.ip_address),
        event.request_id,
        event.system_job,
        event.previous_hash,
    ]
    return canonical_content(content)


def canonical_content(content: list[Any]) -> bytes:
    """The canonical form of an event's fields already in canonical()'s order and forms (bulk loads chain
    rows they never make model instances of, trellis.demo.bulk_audit)."""
    return json.dumps(content, ensure_ascii=True, separators=(",", ":")).encode()


def hash_of(event: AuditEvent) -> str:
    return hashlib.sha256(canonical(event)).hexdigest()


def lock_head(chain: str, *, using: str = "default") -> AuditChainHead:
    """The chain's head, created if new and locked until the caller's transaction ends (see link)."""
    return _locked_heads([chain], using=using)[chain]


def _locked_heads(chains: list[str], *, using: str) -> dict[str, AuditChainHead]:
    """The heads of these chains, locked until the caller's transaction ends, in one query whether or not they
    exist yet: an upsert creates a chain's head on its first event and locks it (the no-op update) otherwise.
    Rows are taken in a fixed order, so two writers never wait on each other in a circle."""
    connection = connections[using]
    table = connection.ops.quote_name(AuditChainHead._meta.db_table)
    rows = ", ".join(["(%s, 0, %s)"] * len(chains))
    statement = (
        f"INSERT INTO {table} (chain, sequence, hash) VALUES {rows} "
        "ON CONFLICT (chain) DO UPDATE SET chain = excluded.chain RETURNING chain, sequence, hash"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [value for chain in chains for value in (chain, GENESIS)])
        returned = cursor.fetchall()
    return {
        chain: AuditChainHead(chain=chain, sequence=sequence, hash=digest)
        for chain, sequence, digest in returned
    }


def link(events: list[AuditEvent], *, using: str = "default") -> None:
    """Give new events their places at the ends of their chains (in list order) and save the new heads: two
    queries for the whole batch, whatever its size, the first time as every other. Must run in the transaction that inserts the events."""
    if not events:
        return
    with transaction.atomic(using=using, savepoint=False):
        heads = _locked_heads(sorted({chain_key(event.organization_id) for event in events}), using=using)
        _chain(events, heads)
        AuditChainHead.objects.using(using).bulk_update(list(heads.values()), ["sequence", "hash"])


# Events per statement when linking and inserting at once: 16 columns each stays far under PostgreSQL's
# 65,535 parameters. A larger batch (a published week, a month's charges) takes the two-statement way.
ONE_STATEMENT_MOST = 1000


def link_and_insert(events: list[AuditEvent], *, using: str = "default") -> None:
    """`link` the events and insert them. On PostgreSQL the new heads and the events are written in one
    statement, so the chain heads stay locked for one round trip fewer: under many concurrent page views in
    one organization every view event waits for that lock, and each round trip made while holding it also
    waits for the thread's turn at the interpreter lock."""
    if not events:
        return
    connection = connections[using]
    if connection.vendor != "postgresql" or len(events) > ONE_STATEMENT_MOST:
        with transaction.atomic(using=using, savepoint=False):
            link(events, using=using)
            AuditEvent.objects.using(using).bulk_create(events)
        return
    with transaction.atomic(using=using, savepoint=False):
        heads = _locked_heads(sorted({chain_key(event.organization_id) for event in events}), using=using)
        _chain(events, heads)
        with connection.cursor() as cursor:
            cursor.execute(*_heads_and_events_statement(list(heads.values()), events, connection))


def _chain(events: list[AuditEvent], heads: dict[str, AuditChainHead]) -> None:
    for event in events:
        head = heads[chain_key(event.organization_id)]
        event.sequence = head.sequence + 1
        event.previous_hash = head.hash
        event.hash = hash_of(event)
        head.sequence, head.hash = event.sequence, event.hash


def _heads_and_events_statement(
    heads: list[AuditChainHead], events: list[AuditEvent], connection: Any
) -> tuple[str, list[Any]]:
    """UPDATE of the heads in a WITH clause, then the INSERT of the events: PostgreSQL only."""
    quote = connection.ops.quote_name
    head_table = quote(AuditChainHead._meta.db_table)
    head_rows = ", ".join(["(%s, %s::bigint, %s)"] * len(heads))
    update = (
        f"UPDATE {head_table} SET sequence = new.sequence, hash = new.hash "
        f"FROM (VALUES {head_rows}) AS new (chain, sequence, hash) WHERE {head_table}.chain = new.chain"
    )
    params: list[Any] = [value for head in heads for value in (head.chain, head.sequence, head.hash)]
    fields = AuditEvent._meta.concrete_fields
    columns = ", ".join(quote(field.column) for field in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    for event in events:
        params += [field.get_db_prep_save(field.pre_save(event, True), connection) for field in fields]
    event_table = quote(AuditEvent._meta.db_table)
    insert = f"INSERT INTO {event_table} ({columns}) VALUES {', '.join([row] * len(events))}"
    return f"WITH heads AS ({update}) {insert}", params


@dataclass(frozen=True)
class Break:
    """The first link of a chain that does not hold."""

    chain: str
    sequence: int
    event_id: str
    problem: str

    def __str__(self) -> str:
        return f"organization {self.chain}, sequence {self.sequence}, event {self.event_id}: {self.problem}"


@dataclass(frozen=True)
class ChainEnd:
    """How far a chain verified: its length and the hash of its last event."""

    chain: str
    sequence: int
    hash: str


def _first_bad_link(chain: str, events: Iterable[AuditEvent]) -> tuple[ChainEnd, Break | None]:
    expected, previous = 1, GENESIS
    for event in events:
        broken = _problem(event, expected=expected, previous=previous)
        if broken:
            return ChainEnd(chain, expected - 1, previous), Break(
                chain, event.sequence, str(event.id), broken
            )
        expected, previous = expected + 1, event.hash
    return ChainEnd(chain, expected - 1, previous), None


def _problem(event: AuditEvent, *, expected: int, previous: str) -> str:
    if event.sequence > expected:
        missing = f"{expected}" if event.sequence == expected + 1 else f"{expected} to {event.sequence - 1}"
        return f"expected sequence {expected}: event(s) {missing} are missing (deleted)"
    if event.sequence < expected:
        return f"sequence {event.sequence} appears twice (an event was inserted)"
    if hash_of(event) != event.hash:
        return "its content does not match its hash (changed, forged or moved)"
    if event.previous_hash != previous:
        return "it does not link to the event before it (forged, or reordered)"
    return ""


def _in_order(chain: str) -> Iterator[AuditEvent]:
    return events_of(chain).order_by("sequence", "id").iterator(chunk_size=2000)


def _head_problem(end: ChainEnd) -> Break | None:
    head = AuditChainHead.objects.filter(chain=end.chain).first()
    if head is None or (head.sequence, head.hash) == (end.sequence, end.hash):
        return None
    if head.sequence > end.sequence:
        problem = (
            f"the chain ends at sequence {end.sequence} but its head records {head.sequence}: events removed"
        )
    elif head.sequence < end.sequence:
        problem = (
            f"events after the recorded head (sequence {head.sequence}) were added outside the application"
        )
    else:
        problem = "the last event's hash differs from the one its head records"
    return Break(end.chain, end.sequence, "-", problem)


def verify_chain(chain: str) -> tuple[ChainEnd, Break | None]:
    """Walk one chain from its first event; its end and the first broken link, if any."""
    end, broken = _first_bad_link(chain, _in_order(chain))
    return end, broken or _head_problem(end)


def known_chains() -> list[str]:
    """Every chain with events or a head."""
    organizations = AuditEvent.objects.order_by().values_list("organization_id", flat=True).distinct()
    chains = {chain_key(organization) for organization in organizations}
    chains.update(AuditChainHead.objects.values_list("chain", flat=True))
    return sorted(chains)


def hash_at(chain: str, sequence: int) -> str | None:
    return events_of(chain).filter(sequence=sequence).values_list("hash", flat=True).first()
