"""The audit trail as hash chains: one per organization, one more for events that name no organization.

Each event stores its place in the chain, the previous event's hash and a SHA-256 over a canonical form of its
own content and that previous hash. Changing, removing, inserting or reordering any event breaks a link that
`verify_chain` finds; truncating the end is found against the chain head row and the signed checkpoints kept
outside the database (`trellis.privacy.checkpoints`).
"""

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple, cast

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


def as_text(value: Any) -> str | None:
    """An id as canonical() writes it: text, or None."""
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
        *_fields_between(event),
        event.previous_hash,
    ]
    return canonical_content(content)


def _fields_between(event: "AuditEvent | NewEvent") -> list[Any]:
    """canonical()'s fields between the sequence and the previous hash, in order and form: one list for the
    events verified (AuditEvent) and the events appended (NewEvent), whose attributes share their names."""
    return [
        _instant(event.occurred_at),
        as_text(event.actor_id),
        event.action,
        as_text(event.client_id),
        event.object_type,
        event.object_id,
        event.detail,
        _IP_FIELD.get_prep_value(event.ip_address),
        event.request_id,
        event.system_job,
    ]


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


def _chain(events: list[AuditEvent], heads: dict[str, AuditChainHead]) -> None:
    for event in events:
        head = heads[chain_key(event.organization_id)]
        event.sequence = head.sequence + 1
        event.previous_hash = head.hash
        event.hash = hash_of(event)
        head.sequence, head.hash = event.sequence, event.hash


class NewEvent(NamedTuple):
    """An event to append, in canonical()'s forms where it matters (text ids, the IP address as stored), made
    straight from the values: a page's views are many, and a model instance per event costs more than the rest
    of writing them (trellis.privacy.audit builds these)."""

    id: uuid.UUID
    occurred_at: dt.datetime
    actor_id: int | None
    action: str
    client_id: str | None
    object_type: str
    object_id: str
    detail: str
    ip_address: str | None
    request_id: str
    organization_id: str | None
    system_job: str


def prepared_ip(value: Any) -> str | None:
    """An IP address as the database stores it and canonical() reads it back (IPv6 compressed, lower case;
    none for a blank one, which PostgreSQL stores as null)."""
    return _IP_FIELD.get_prep_value(value) or None


def _before_sequence(event: NewEvent) -> str:
    """canonical()'s text up to the sequence: '["<id>","<chain>",'."""
    return json.dumps([str(event.id), chain_key(event.organization_id)], separators=(",", ":"))[:-1] + ","


def _between(event: NewEvent) -> str:
    """canonical()'s text between the sequence and the previous hash: ',"<instant>",...,"<job>",'."""
    return "," + json.dumps(_fields_between(event), ensure_ascii=True, separators=(",", ":"))[1:-1] + ","


def _hash(before: str, sequence: int, between: str, previous: str) -> str:
    return hashlib.sha256(f'{before}{sequence}{between}"{previous}"]'.encode()).hexdigest()


# One fixed statement whatever the batch's size, so psycopg parses it once. The pieces go as one JSON text,
# the cheapest parameter to send (a text array is written out element by element in Python); the function
# reads each event's columns back from its canonical text.
APPEND = "SELECT privacy_audit_append(%s::jsonb)"


def append(events: list[NewEvent], *, using: str = "default") -> None:
    """Link new events to the ends of their chains (in list order within each chain) and insert them.

    PostgreSQL: one statement (`privacy_audit_append`, migration 0011) that locks the heads, links, inserts
    (the columns read back from the canonical text sent, so what is stored is what was hashed) and saves the
    heads, so it needs no transaction of its own: in autocommit it is atomic by itself, and in
    a caller's transaction the heads stay locked until that commits, as every writer's do. Elsewhere: lock the
    heads, hash here, insert and save the heads in a transaction of three queries."""
    if not events:
        return
    befores = [_before_sequence(event) for event in events]
    betweens = [_between(event) for event in events]
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(APPEND, [json.dumps([befores, betweens], separators=(",", ":"))])
        return
    with transaction.atomic(using=using, savepoint=False):
        heads = _locked_heads(sorted({chain_key(event.organization_id) for event in events}), using=using)
        rows = []
        for event, before, between in zip(events, befores, betweens, strict=True):
            head = heads[chain_key(event.organization_id)]
            previous, head.sequence = head.hash, head.sequence + 1
            head.hash = _hash(before, head.sequence, between, previous)
            rows.append((*_sqlite_values(event, connection), head.sequence, previous, head.hash))
        _insert_rows(rows, connection)
        AuditChainHead.objects.using(using).bulk_update(list(heads.values()), ["sequence", "hash"])


_FIELDS: list[models.Field[Any, Any]] = [
    cast(models.Field[Any, Any], AuditEvent._meta.get_field(name)) for name in NewEvent._fields
]
_COLUMNS = [field.column for field in _FIELDS] + ["sequence", "previous_hash", "hash"]


def _sqlite_values(event: NewEvent, connection: Any) -> list[Any]:
    return [
        None if value is None else field.get_db_prep_value(value, connection, prepared=False)
        for field, value in zip(_FIELDS, event, strict=True)
    ]


def _insert_rows(rows: list[tuple[Any, ...]], connection: Any) -> None:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(column) for column in _COLUMNS)
    placeholders = ", ".join(["%s"] * len(_COLUMNS))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(AuditEvent._meta.db_table)} ({columns}) VALUES ({placeholders})", rows
        )


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
