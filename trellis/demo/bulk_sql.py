"""The rows of generate_program's COPY path made in the database: sessions, clients, episodes, enrollments.

At 200 sites and ten million attendance rows a program has about 1.5 million sessions and 340,000 clients;
made as model instances in Python they took ten minutes of CPU. Here Python COPYs only each client's plan (a
few dates and ids per client, bulk_plan_rows.py) and each group's schedule, and the database makes the rows
with INSERT ... SELECT over generate_series, as it makes attendance. Ids are md5s of the seed, a kind and a
number (`model_id`), so a seed gives the same rows, and names come from the small fixed lists below, crossed
with the client's number: all synthetic.

The audit events the row-by-row path writes (one per client, admission or waitlisting, enrollment and
discharge, plus one per track and week of attendance) are made here too, then chained in bulk (bulk_audit.py).
"""

import hashlib
import uuid
from typing import Any

from django.db import connections, models

from trellis.core import clock

FIRST_NAMES = (
    "Avery", "Blake", "Casey", "Dana", "Eli", "Frankie", "Gray", "Harper", "Indy", "Jordan", "Kai", "Logan",
    "Morgan", "Noel", "Oakley", "Parker", "Quinn", "Riley", "Sage", "Taylor", "Uri", "Val", "Wren", "Zion",
)  # fmt: skip
LAST_NAMES = (
    "Alder", "Birch", "Cedar", "Dogwood", "Elm", "Fir", "Ginkgo", "Hazel", "Ironwood", "Juniper", "Larch",
    "Maple", "Oak", "Pine", "Rowan", "Spruce", "Tamarack", "Walnut", "Willow", "Yew",
)  # fmt: skip
STREETS = ("Main St", "Oak Ave", "Lake Rd", "River Dr", "Hill St", "Park Ave", "Mill Rd", "Elm St")

# A uniform draw in [0, 1) from 32 bits of an md5 hex string, and a whole number from the same bits.
_BITS = "('x' || substr({h}, {at}, 8))::bit(32)::bigint"
DRAW = f"({_BITS} / 4294967296.0)"


def model_id(seed: int, kind: str, *numbers: Any) -> uuid.UUID:
    """The id the SQL below gives row `numbers` of `kind`: md5 of "seed-kind-n[-m]" as a UUID."""
    text = "-".join([str(seed), kind, *(str(n) for n in numbers)])
    return uuid.UUID(hashlib.md5(text.encode()).hexdigest())


def sql_id(kind: str, *numbers: str) -> str:
    """model_id in SQL, over SQL expressions for the numbers; %(seed)s is the seed as text."""
    parts = " || '-' || ".join(f"({n})::text" for n in numbers)
    return f"md5(%(seed)s || '-{kind}-' || {parts})::uuid"


def insert_select(
    using: str, model: type[models.Model], values: dict[str, str], source: str, params: dict[str, Any]
) -> int:
    """INSERT INTO the model's table SELECT `values` (SQL by column) FROM `source`; every other column gets
    the field's default, as a model instance would. Returns the rows written."""
    connection = connections[using]
    params = {**params, "now": clock.now()}
    columns, selected = [], []
    for field in model._meta.concrete_fields:
        columns.append(connection.ops.quote_name(field.column))
        if field.column in values:
            selected.append(values[field.column])
        elif field.column in ("created_at", "updated_at"):
            selected.append("%(now)s")
        else:
            params[f"default_{field.column}"] = field.get_db_prep_save(field.get_default(), connection)
            selected.append(f"%(default_{field.column})s")
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(selected)} {source}", params
        )
        written: int = cursor.rowcount
    return written


def _pick(names: tuple[str, ...], h: str, at: int) -> str:
    listed = ", ".join("'" + name.replace("'", "''") + "'" for name in names)
    return f"(ARRAY[{listed}])[1 + mod({_BITS.format(h=h, at=at)}, {len(names)})]"


SESSIONS_FROM = """
FROM (
    SELECT g.*, day::date AS day, md5(%(seed)s || '-session-' || g.number || '-' || day::date) AS h
    FROM bulk_group g
    CROSS JOIN generate_series(%(first)s::date, %(last)s::date, interval '1 day') AS day
    WHERE extract(isodow FROM day)::int - 1 = ANY (g.weekdays)
      AND NOT EXISTS (SELECT 1 FROM programs_holiday ho WHERE ho.site_id = g.site_id AND ho.date = day::date)
) s
JOIN bulk_topic t ON t.n = mod((s.day - date '0001-01-01') + 1 + s.number, %(topics)s)
"""


def session_values() -> dict[str, str]:
    """The columns of a session made from its group (bulk_group) on a day: as build_sessions makes them."""
    cancelled = f"(s.day < %(today)s AND {DRAW.format(h='s.h', at=1)} < 0.005)"
    starts = "((s.day + s.starts_at) AT TIME ZONE s.zone)"
    return {
        "id": "s.h::uuid",
        "date": "s.day",
        "starts_at": starts,
        "ends_at": f"{starts} + make_interval(mins => s.duration)",
        "status": f"CASE WHEN {cancelled} THEN 'cancelled' ELSE 'scheduled' END",
        "cancel_reason": f"CASE WHEN {cancelled} THEN 'Facilitator ill and no cover available.' ELSE '' END",
        "facilitator_id": "s.facilitator_id",
        "room_id": "s.room_id",
        "topic_id": "t.topic_id",
        "track_id": "s.track_id",
        "group_id": "s.group_id",
    }


def client_values() -> dict[str, str]:
    """A client from their plan row (bulk_client c, its md5 c.h): synthetic names, birth date and address."""
    woman = f"(c.population = 'women' OR {DRAW.format(h='c.h', at=1)} < 0.48)"
    number = _BITS.format(h="c.h", at=9)
    return {
        "id": sql_id("client", "c.idx"),
        "chart_number": "'B' || lpad((c.idx + 1)::text, 7, '0')",
        "legal_first_name": _pick(FIRST_NAMES, "c.h", 17),
        "legal_last_name": _pick(LAST_NAMES, "c.h", 25) + " || '-' || mod(c.idx, 1000)",
        "pronouns": f"CASE WHEN {woman} THEN 'she/her' ELSE 'he/him' END",
        "gender_identity": f"CASE WHEN {woman} THEN 'Woman' ELSE 'Man' END",
        "date_of_birth": f"%(today)s::date - (19 * 365 + mod({number}, 47 * 365))::int",
        "phone": f"'(' || (201 + mod({number}, 789)) || ') 555-01' || lpad(mod({number}, 100)::text, 2, '0')",
        "populations": "CASE WHEN c.population = '' THEN '[]'::jsonb ELSE jsonb_build_array(c.population) END",
        "organization_id": "c.organization_id",
        "site_id": "c.site_id",
        "address_line1": f"(100 + mod({number}, 9900)) || ' ' || {_pick(STREETS, 'c.h', 17)}",
        "city": "left(c.site_name, 30)",
        "state": "'IL'",
        "postal_code": f"lpad((10000 + mod({number}, 90000))::text, 5, '0')",
    }


def episode_values() -> dict[str, str]:
    return {
        "id": sql_id("episode", "c.idx"),
        "admitted_on": "c.admitted_on",
        "discharged_on": "c.discharged_on",
        "discharge_reason": "c.discharge_reason",
        "discharge_summary": "CASE WHEN c.discharged_on IS NULL THEN '' ELSE 'Synthetic benchmark discharge.' END",
        "client_id": sql_id("client", "c.idx"),
        "primary_clinician_id": "c.facilitator_id",
        "program_id": "c.program_id",
    }


def level_values(level: str) -> dict[str, str]:
    return {
        "id": sql_id("level", "c.idx"),
        "level": f"'{level}'",
        "effective_on": "c.admitted_on",
        "reason": "'Admission after ASAM assessment'",
        "episode_id": sql_id("episode", "c.idx"),
        "recorded_by_id": "c.admissions_id",
    }


def waitlist_values() -> dict[str, str]:
    return {
        "id": sql_id("waitlist", "c.idx"),
        "requested_on": "c.admitted_on",
        "episode_id": sql_id("episode", "c.idx"),
        "phase_id": "c.first_phase_id",
        "track_id": "c.track_id",
    }


def enrollment_values() -> dict[str, str]:
    return {
        "id": sql_id("enrollment", "st.idx", "st.n"),
        "days_per_week": "st.days_per_week",
        "starts_on": "st.starts_on",
        "ends_on": "st.ends_on",
        "end_reason": "st.end_reason",
        "phase_id": "st.phase_id",
        "track_id": "c.track_id",
        "episode_id": sql_id("episode", "c.idx"),
    }


def local(day: str, hour: int) -> str:
    """A local hour of a day in the client's site's zone, as bulk.py's _at."""
    return f"(({day}) + time '{hour:02d}:00') AT TIME ZONE c.zone"
