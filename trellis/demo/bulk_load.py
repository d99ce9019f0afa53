"""generate_program's COPY path after the structure: sessions, clients and their audit events made in SQL.

Python sends each group's schedule and each client's plan as temporary rows (a few values each); bulk_sql.py's
INSERT ... SELECT statements make the rows from them; bulk_audit.py chains the audit events.
"""

import datetime as dt
from typing import Any

from django.db import connections

from trellis.clients.models import Client
from trellis.core import clock
from trellis.demo import plan
from trellis.demo.bulk_audit import CREATE_SQL
from trellis.demo.bulk_copy import copy_tuples
from trellis.demo.bulk_sql import (
    SESSIONS_FROM,
    client_values,
    enrollment_values,
    episode_values,
    insert_select,
    level_values,
    local,
    model_id,
    session_values,
    sql_id,
    waitlist_values,
)
from trellis.demo.bulk_structure import BulkStructure
from trellis.episodes.choices import DischargeReason, LevelOfCare
from trellis.episodes.models import Enrollment, Episode, LevelOfCareChange, WaitlistEntry
from trellis.programs.models import Track
from trellis.scheduling.models import GroupSession

TEDS = {
    plan.Outcome.COMPLETED: DischargeReason.COMPLETED,
    plan.Outcome.DROPPED_OUT: DischargeReason.DROPPED_OUT,
    plan.Outcome.TRANSFERRED: DischargeReason.TRANSFERRED,
    plan.Outcome.INCARCERATED: DischargeReason.INCARCERATED,
}
TEMPORARY = (
    "CREATE TEMPORARY TABLE bulk_group (number int, group_id uuid, track_id uuid, site_id uuid, weekdays int[],"
    " starts_at time, duration int, zone text, room_id uuid, facilitator_id bigint) ON COMMIT DROP",
    "CREATE TEMPORARY TABLE bulk_topic (n int PRIMARY KEY, topic_id uuid) ON COMMIT DROP",
    "CREATE TEMPORARY TABLE bulk_client (idx int PRIMARY KEY, organization_id uuid, site_id uuid, site_name text,"
    " zone text, track_id uuid, program_id uuid, population text, admissions_id bigint, facilitator_id bigint,"
    " admitted_on date, discharged_on date, discharge_reason smallint, waitlisted bool, first_phase_id uuid)"
    " ON COMMIT DROP",
    "CREATE TEMPORARY TABLE bulk_step (idx int, n int, phase int, phase_id uuid, days_per_week int,"
    " starts_on date, ends_on date, end_reason text) ON COMMIT DROP",
    CREATE_SQL,
)


def create_tables(using: str) -> None:
    with connections[using].cursor() as cursor:
        for statement in TEMPORARY:
            cursor.execute(statement)


def write_sessions(using: str, *, seed: int, structure: BulkStructure, first: dt.date, last: dt.date) -> int:
    """Every group's sessions from `first` to `last` but on its site's holidays; one in 200 held before today
    was cancelled. The same sessions build_sessions makes, made by the database."""
    groups = []
    for number, (key, group) in enumerate(structure.groups.items()):
        site = structure.sites[structure.slots[number].site_key]
        groups.append(
            (number, group.pk, structure.tracks[key].pk, site.pk, list(group.weekdays), group.starts_at,
             group.duration_minutes, site.timezone, group.room_id, group.facilitator.pk)
        )  # fmt: skip
    columns = ("number", "group_id", "track_id", "site_id", "weekdays", "starts_at", "duration", "zone",
               "room_id", "facilitator_id")  # fmt: skip
    copy_tuples(using, "bulk_group", columns, groups)
    topics = [(n, topic.pk) for n, topic in enumerate(structure.topics)]
    copy_tuples(using, "bulk_topic", ("n", "topic_id"), topics)
    params = {
        "seed": str(seed),
        "first": first,
        "last": last,
        "today": clock.now().date(),
        "topics": len(topics),
    }
    return insert_select(using, GroupSession, session_values(), SESSIONS_FROM, params)


def write_clients(
    using: str, *, seed: int, structure: BulkStructure, paths: list[plan.ClientPath]
) -> dict[int, Any]:
    """Clients, episodes, levels of care, waitlist entries and enrollments from the plans, with their audit
    events (in bulk_audit, chained later). Returns each planned client's id by plan index."""
    clients, steps = [], []
    for path in paths:
        track = structure.tracks[path.track_key]
        site = structure.sites[path.site_key]
        discharged = path.discharged_on
        clients.append(
            (path.index, site.organization_id, site.pk, site.name, site.timezone, track.pk, track.program_id,
             track.population, structure.admissions[path.site_key].pk, structure.facilitators[path.track_key].pk,
             path.admitted_on, discharged, int(TEDS[path.outcome]) if discharged else None,
             path.outcome == plan.Outcome.WAITLISTED, structure.phases[(track.program_id, 1)].pk)
        )  # fmt: skip
        last_end = discharged + dt.timedelta(days=1) if discharged else None
        for n, step in enumerate(path.steps):
            following = path.steps[n + 1] if n + 1 < len(path.steps) else None
            ends_on = following.starts_on if following else last_end
            reason = following.reason if following else ("discharged" if discharged else "")
            phase = structure.phases[(track.program_id, step.phase)]
            steps.append(
                (path.index, n, step.phase, phase.pk, phase.days_per_week, step.starts_on, ends_on, reason)
            )
    copy_tuples(using, "bulk_client", CLIENT_COLUMNS, clients)
    copy_tuples(using, "bulk_step", STEP_COLUMNS, steps)
    with connections[using].cursor() as cursor:
        cursor.execute("ANALYZE bulk_client")
        cursor.execute("ANALYZE bulk_step")
    params: dict[str, Any] = {"seed": str(seed), "today": clock.now().date()}
    person = "FROM (SELECT *, md5(%(seed)s || '-person-' || idx) AS h FROM bulk_client) c"
    insert_select(using, Client, client_values(), person, params)
    insert_select(using, Episode, episode_values(), "FROM bulk_client c", params)
    insert_select(using, LevelOfCareChange, level_values(LevelOfCare.IOP), "FROM bulk_client c", params)
    insert_select(using, WaitlistEntry, waitlist_values(), "FROM bulk_client c WHERE c.waitlisted", params)
    insert_select(
        using, Enrollment, enrollment_values(), "FROM bulk_step st JOIN bulk_client c USING (idx)", params
    )
    with connections[using].cursor() as cursor:
        cursor.execute(client_audit_sql(), params)
    return {path.index: model_id(seed, "client", path.index) for path in paths}


CLIENT_COLUMNS = ("idx", "organization_id", "site_id", "site_name", "zone", "track_id", "program_id", "population",
                  "admissions_id", "facilitator_id", "admitted_on", "discharged_on", "discharge_reason",
                  "waitlisted", "first_phase_id")  # fmt: skip
STEP_COLUMNS = ("idx", "n", "phase", "phase_id", "days_per_week", "starts_on", "ends_on", "end_reason")


def _event(
    order: str, kind: str, when: str, actor: str, action: str, model: Any, object_id: str, detail: str
) -> str:
    label = model._meta.label
    event_id = (
        sql_id("audit-enrolled", "c.idx", "st.n") if kind == "enrolled" else sql_id(f"audit-{kind}", "c.idx")
    )
    return (
        f"SELECT {order}, {event_id}, {when}, {actor}, '{action}', "
        f"{sql_id('client', 'c.idx')}, '{label}', ({object_id})::text, {detail}"
    )


def client_audit_sql() -> str:
    """One event per client, admission or waitlisting, enrollment and discharge, as bulk.py writes them: in
    the order bulk.py chains them (client by client), by `ord`."""
    base = "c.idx::bigint * 100"
    parts = [
        _event(f"{base}", "client", local("c.admitted_on", 10), "c.admissions_id", "create", Client,
               sql_id("client", "c.idx"), "'client'") + " FROM bulk_client c",
        _event(f"{base} + 1", "admitted", local("c.admitted_on", 10), "c.admissions_id", "create", Episode,
               sql_id("episode", "c.idx"), "'admitted'") + " FROM bulk_client c",
        _event(f"{base} + 2", "waitlisted", local("c.admitted_on", 11), "c.admissions_id", "create",
               WaitlistEntry, sql_id("waitlist", "c.idx"), "'waitlisted'") + " FROM bulk_client c WHERE c.waitlisted",
        _event(f"{base} + 3 + st.n", "enrolled", local("st.starts_on", 11), "c.admissions_id",
               "create", Enrollment, sql_id("enrollment", "st.idx", "st.n"),
               "'enrolled in track at phase ' || st.phase") + " FROM bulk_step st JOIN bulk_client c USING (idx)",
        _event(f"{base} + 99", "discharged", local("c.discharged_on", 16), "c.facilitator_id", "update", Episode,
               sql_id("episode", "c.idx"), "'discharged, TEDS reason ' || c.discharge_reason")
        + " FROM bulk_client c WHERE c.discharged_on IS NOT NULL",
    ]  # fmt: skip
    return "INSERT INTO bulk_audit " + " UNION ALL ".join(parts)


ROSTER_AUDIT_SQL = f"""
INSERT INTO bulk_audit
SELECT %(base)s + number, md5(%(seed)s || '-audit-roster-' || number)::uuid, last_end, facilitator_id, 'create',
       NULL, '{Track._meta.label}', track_id::text,
       'attendance: ' || records || ' records in ' || sessions || ' sessions, week of ' || to_char(monday, 'YYYY-MM-DD')
FROM (
    SELECT s.track_id, date_trunc('week', s.date)::date AS monday, min(s.facilitator_id) AS facilitator_id,
           max(s.ends_at) AS last_end, count(DISTINCT s.id) AS sessions, count(*) AS records,
           row_number() OVER (ORDER BY max(s.ends_at), s.track_id) AS number
    FROM attendance_attendancerecord a JOIN scheduling_groupsession s ON s.id = a.session_id
    GROUP BY 1, 2
) r
"""


def write_roster_audit(using: str, *, seed: int, clients: int) -> None:
    """One event per track and week of attendance, the rosters as recorded, after every client's events."""
    with connections[using].cursor() as cursor:
        cursor.execute(ROSTER_AUDIT_SQL, {"seed": str(seed), "base": (clients + 1) * 100})
