"""The COPY path's audit events: made in the database, chained here in bulk, COPYd into the trail.

The events are first rows of a temporary table (`bulk_audit`, in the order they join the chain), made by
INSERT ... SELECT from the clients' plans and the attendance written (bulk_load.py). A hash chain is sequential,
so Python walks them once through a server-side cursor, in blocks, hashing each as trellis.privacy.chain does
(its canonical form, from the text the database gives, no model instance per event), and COPYs each block
into the audit table. `verify_audit` reads the result like any other part of the chain.
"""

import hashlib
from typing import Any

from django.db import connections

from trellis.privacy import chain
from trellis.privacy.models import AuditEvent

BLOCK = 50_000
REQUEST_ID = "generate_program"

CREATE_SQL = """
CREATE TEMPORARY TABLE bulk_audit (
    ord bigint, id uuid, occurred_at timestamptz, actor_id bigint, action text, client_id uuid,
    object_type text, object_id text, detail text
) ON COMMIT DROP
"""
# chain.canonical's forms: text ids, the instant in UTC to the microsecond as Python's isoformat writes it.
READ_SQL = """
SELECT id::text, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"'),
       actor_id::text, action, client_id::text, object_type, object_id, detail
FROM bulk_audit ORDER BY ord
"""
COLUMNS = (
    "id",
    "occurred_at",
    "actor_id",
    "action",
    "client_id",
    "object_type",
    "object_id",
    "detail",
    "ip_address",
    "request_id",
    "organization_id",
    "system_job",
    "sequence",
    "previous_hash",
    "hash",
)


def chain_events(using: str, *, organization_id: Any) -> int:
    """Link every row of bulk_audit to the end of the organization's chain and write them; returns how many.
    Runs in the load's transaction, which holds the chain head's lock to the end."""
    connection = connections[using]
    key = chain.chain_key(organization_id)
    head = chain.lock_head(key, using=using)
    sequence, previous = head.sequence, head.hash
    raw = connection.connection
    assert raw is not None  # the load's transaction has opened it
    written = 0
    with raw.cursor(name="bulk_audit_read") as reader:
        reader.execute(READ_SQL)
        while block := reader.fetchmany(BLOCK):
            rows = []
            for event_id, instant, actor, action, client, object_type, object_id, detail in block:
                sequence += 1
                content = [event_id, key, sequence, instant, actor, action, client, object_type, object_id,
                           detail, None, REQUEST_ID, "", previous]  # fmt: skip
                digest = hashlib.sha256(chain.canonical_content(content)).hexdigest()
                rows.append((event_id, instant, actor, action, client, object_type, object_id, detail, None,
                             REQUEST_ID, str(organization_id), "", sequence, previous, digest))  # fmt: skip
                previous = digest
            with (
                raw.cursor() as cursor,
                cursor.copy(f"COPY {AuditEvent._meta.db_table} ({', '.join(COLUMNS)}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
            written += len(rows)
    head.sequence, head.hash = sequence, previous
    head.save(using=using)
    return written
