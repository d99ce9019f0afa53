"""PostgreSQL: link a batch of audit events into their chains and insert them in one statement.

`privacy_audit_append` (called by trellis.privacy.chain.append) locks the chain heads, creating a missing one,
in a fixed order (the C collation sorts as Python's sorted() does, as chain._locked_heads takes them, so two
writers never wait on each other in a circle); gives each event, in list order within its chain, the next
sequence and the head's hash as its previous hash; hashes chain.canonical() from the two pieces of canonical
text Python sends (before the sequence, and between it and the previous hash: everything else is known before
the lock); inserts the events and saves the new heads. One statement, so a page's views need no transaction of
their own, and the heads stay locked for no round trip at all outside one. SQLite: nothing to do.
"""

from typing import Any

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION privacy_audit_append(
    ids uuid[], instants timestamptz[], actors bigint[], actions text[], clients uuid[], object_types text[],
    object_ids text[], details text[], ips inet[], request_ids text[], organizations uuid[], jobs text[],
    befores text[], betweens text[]
) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    head_chains text[] := '{}';
    head_sequences bigint[] := '{}';
    head_hashes text[] := '{}';
    sequences bigint[] := '{}';
    previous text[] := '{}';
    hashes text[] := '{}';
    wanted text;
    locked_sequence bigint;
    locked_hash text;
    place int;
    digest text;
BEGIN
    FOR wanted IN
        SELECT key FROM (SELECT DISTINCT coalesce(organization::text, 'none') AS key
                         FROM unnest(organizations) AS organization) AS keys
        ORDER BY key COLLATE "C"
    LOOP
        INSERT INTO privacy_auditchainhead (chain, sequence, hash) VALUES (wanted, 0, repeat('0', 64))
        ON CONFLICT (chain) DO UPDATE SET chain = excluded.chain
        RETURNING sequence, hash INTO locked_sequence, locked_hash;
        head_chains := head_chains || wanted;
        head_sequences := head_sequences || locked_sequence;
        head_hashes := head_hashes || locked_hash;
    END LOOP;
    FOR i IN 1 .. coalesce(cardinality(ids), 0) LOOP
        place := array_position(head_chains, coalesce(organizations[i]::text, 'none'));
        head_sequences[place] := head_sequences[place] + 1;
        sequences[i] := head_sequences[place];
        previous[i] := head_hashes[place];
        digest := encode(sha256(convert_to(
            befores[i] || head_sequences[place]::text || betweens[i] || '"' || head_hashes[place] || '"]', 'UTF8'
        )), 'hex');
        hashes[i] := digest;
        head_hashes[place] := digest;
    END LOOP;
    INSERT INTO privacy_auditevent (
        id, occurred_at, actor_id, action, client_id, object_type, object_id, detail, ip_address, request_id,
        organization_id, system_job, sequence, previous_hash, hash
    )
    SELECT * FROM unnest(
        ids, instants, actors, actions, clients, object_types, object_ids, details, ips, request_ids,
        organizations, jobs, sequences, previous, hashes
    );
    UPDATE privacy_auditchainhead AS head SET sequence = new.sequence, hash = new.hash
    FROM unnest(head_chains, head_sequences, head_hashes) AS new (chain, sequence, hash)
    WHERE head.chain = new.chain;
END;
$$;
"""
DROP = (
    "DROP FUNCTION IF EXISTS privacy_audit_append(uuid[], timestamptz[], bigint[], text[], uuid[], text[], "
    "text[], text[], inet[], text[], uuid[], text[], text[], text[])"
)


def create_function(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_function(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0010_breach_register_restriction_end")]

    operations = [migrations.RunPython(create_function, drop_function)]
