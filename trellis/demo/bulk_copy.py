"""The PostgreSQL bulk path of generate_program: COPY instead of INSERT, for 200 sites and 10 million attendance
rows in minutes.

Three things make it fast. Rows go through psycopg's `cursor.copy()` or are made in the database (attendance
here; sessions, clients and the rest in bulk_load.py), with no model instance per row. The big tables' keys,
foreign keys and indexes are dropped for the load and built again after it in one pass each (a sorted build, not
ten million random inserts). And a track's attendance gets one audit event per week, the rosters as recorded,
rather than one per record: the services write one per record, but ten million more chained events would double
the load; clients, admissions, enrollments and discharges keep one event per row (bulk_load.py, bulk_audit.py).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

from django.db import connections, models

from trellis.attendance.models import AttendanceRecord
from trellis.core import clock
from trellis.demo import plan
from trellis.demo.batches import RowWriter
from trellis.privacy import chain
from trellis.privacy.models import AuditEvent
from trellis.scheduling.models import GroupSession

# The tables the load is mostly made of: their keys and indexes are built after it, not row by row.
BIG_TABLES = (AttendanceRecord, GroupSession, AuditEvent)


def copy_models(using: str, model: type[models.Model], rows: list[models.Model]) -> None:
    """COPY model instances into their table, every concrete column, values prepared as Django would."""
    connection = connections[using]
    fields = model._meta.concrete_fields
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(
            f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
        ) as copy:
            for row in rows:
                # What bulk_create does first: take the ids of parents saved since the row was made.
                cast(Any, row)._prepare_related_fields_for_save(operation_name="bulk_create")
                copy.write_row([f.get_db_prep_save(f.pre_save(row, True), connection) for f in fields])


def copy_tuples(using: str, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    connection = connections[using]
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


class CopyWriter(RowWriter):
    """A RowWriter that COPYs rows that carry their ids; rows whose ids the database gives (users) still go
    through bulk_create, which reads the ids back."""

    def flush(self) -> None:
        for model, rows in self.rows.items():
            if model is AuditEvent:
                chain.link(cast(list[AuditEvent], rows), using=self.using)
            if any(row.pk is None for row in rows):
                model._default_manager.using(self.using).bulk_create(rows, batch_size=1000)
            else:
                copy_models(self.using, model, rows)
            self.written[model] = self.written.get(model, 0) + len(rows)
        self.rows = {}


@contextmanager
def keys_built_after(using: str) -> Iterator[None]:
    """Drop the big tables' constraints and indexes (and foreign keys pointing at them) for the load, then
    create them again: the rows are checked once, in bulk, when each constraint comes back."""
    tables = [model._meta.db_table for model in BIG_TABLES]
    with connections[using].cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        cursor.execute(
            """
            SELECT format('ALTER TABLE %%s DROP CONSTRAINT %%I', c.conrelid::regclass, c.conname),
                   format('ALTER TABLE %%s ADD CONSTRAINT %%I %%s', c.conrelid::regclass, c.conname,
                          pg_get_constraintdef(c.oid)),
                   c.contype
            FROM pg_constraint c
            WHERE c.contype IN ('p', 'u', 'f')
              AND (c.conrelid = ANY(%s::regclass[]) OR c.confrelid = ANY(%s::regclass[]))
            ORDER BY c.contype = 'f' DESC, c.conname
            """,
            [tables, tables],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            """
            SELECT format('DROP INDEX %%s', i.indexrelid::regclass), pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            WHERE i.indrelid = ANY(%s::regclass[])
              AND NOT EXISTS (
                SELECT 1 FROM pg_constraint c WHERE c.conrelid = i.indrelid AND c.conindid = i.indexrelid
              )
            """,
            [tables],
        )
        indexes = cursor.fetchall()
        for drop, _, _ in constraints:
            cursor.execute(drop)
        for drop, _ in indexes:
            cursor.execute(drop)
    yield
    with connections[using].cursor() as cursor:
        # Keys first, so the foreign keys that point at them can be added again.
        for _, create, _ in sorted(constraints, key=lambda c: c[2] == "f"):
            cursor.execute(create)
        for _, create in indexes:
            cursor.execute(create)


def write_attendance(
    writer: CopyWriter,
    *,
    seed: int,
    paths: list[plan.ClientPath],
    client_ids: dict[int, Any],
    weekdays: dict[str, tuple[int, ...]],
) -> int:
    """Attendance for every session over by now, set-based in the database from each client's plan (COPYd to
    a temporary table); the marks are drawn from a hash of the seed and the ids, so a seed gives the same rows.
    Its audit events (one per track and week) are made after it (bulk_load.write_roster_audit)."""
    _copy_plans(writer.using, paths=paths, client_ids=client_ids, weekdays=weekdays)
    with connections[writer.using].cursor() as cursor:
        cursor.execute(
            "ANALYZE scheduling_groupsession, episodes_enrollment, episodes_episode, programs_phase"
        )
        cursor.execute(ATTENDANCE_SQL, {"seed": str(seed), "now": clock.now(), **_chances()})
        count: int = cursor.rowcount
    writer.written[AttendanceRecord] = count
    return count


def _chances() -> dict[str, float]:
    """The plan's chances of each mark (plan.mark_for) as bounds on one uniform draw."""
    bounds = {}
    for style, chances in plan._CHANCES.items():
        total = 0.0
        for status, chance in chances:
            total += chance
            bounds[f"{style}_{status}"] = total
    return bounds


def _copy_plans(
    using: str,
    *,
    paths: list[plan.ClientPath],
    client_ids: dict[int, Any],
    weekdays: dict[str, tuple[int, ...]],
) -> None:
    """Each client's style, last day attended and weekdays per phase (plan.scheduled_days), as temporary rows."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bulk_plan (client_id uuid PRIMARY KEY, style text, last_attended_on date)"
            " ON COMMIT DROP"
        )
        cursor.execute(
            "CREATE TEMPORARY TABLE bulk_days (client_id uuid, phase_days int, weekday int) ON COMMIT DROP"
        )
    plans = [(client_ids[p.index], str(p.style), p.last_attended_on) for p in paths if p.steps]
    days = [
        (client_ids[p.index], phase_days, weekday)
        for p in paths
        if p.steps
        for phase_days in {plan.PHASE_DAYS[step.phase] for step in p.steps}
        for weekday in plan.scheduled_days(weekdays[p.track_key], phase_days, p.day_offset)
    ]
    copy_tuples(using, "bulk_plan", ("client_id", "style", "last_attended_on"), plans)
    copy_tuples(using, "bulk_days", ("client_id", "phase_days", "weekday"), days)
    with connections[using].cursor() as cursor:
        cursor.execute("CREATE INDEX ON bulk_days (client_id, phase_days, weekday)")
        cursor.execute("ANALYZE bulk_plan")
        cursor.execute("ANALYZE bulk_days")


# A uniform draw in [0, 1) from 32 bits of an md5; a second draw picks minutes late or early.
_DRAW = "(('x' || substr({h}, {at}, 8))::bit(32)::bigint / 4294967296.0)"
ATTENDANCE_SQL = f"""
WITH days AS MATERIALIZED (
    -- Each enrollment's days on its client's weekdays for its phase; then matched to its track's session that
    -- day by equality (at most one a track a day), rather than every session of a track against every
    -- enrollment in it (600 million pairs at 200 sites).
    SELECT en.track_id, g.day::date AS date, ep.client_id, pl.style, pl.last_attended_on
    FROM episodes_enrollment en
    JOIN episodes_episode ep ON ep.id = en.episode_id
    JOIN programs_phase ph ON ph.id = en.phase_id
    JOIN bulk_plan pl ON pl.client_id = ep.client_id
    CROSS JOIN LATERAL generate_series(
        en.starts_on, coalesce(en.ends_on - 1, %(now)s::date), interval '1 day'
    ) AS g (day)
    JOIN bulk_days d
      ON d.client_id = ep.client_id AND d.phase_days = ph.days_per_week
     AND d.weekday = extract(isodow FROM g.day)::int - 1
), due AS (
    SELECT s.id AS session_id, days.client_id, s.starts_at, s.ends_at, s.status AS session_status,
           s.facilitator_id, s.date, days.style, days.last_attended_on,
           md5(%(seed)s || s.id::text || days.client_id::text) AS h
    FROM days JOIN scheduling_groupsession s ON s.track_id = days.track_id AND s.date = days.date
    WHERE s.ends_at <= %(now)s
), marked AS (
    SELECT due.*, {_DRAW.format(h="h", at=1)} AS roll, {_DRAW.format(h="h", at=9)} AS pick,
           CASE
             WHEN session_status = 'cancelled' THEN 'cancelled'
             WHEN last_attended_on IS NOT NULL AND date > last_attended_on THEN 'unexcused'
             ELSE NULL
           END AS forced
    FROM due
), judged AS (
    SELECT marked.*,
           COALESCE(forced, CASE
             WHEN style = 'steady' AND roll < %(steady_late)s THEN 'late'
             WHEN style = 'steady' AND roll < %(steady_left_early)s THEN 'left_early'
             WHEN style = 'steady' AND roll < %(steady_excused)s THEN 'excused'
             WHEN style = 'steady' AND roll < %(steady_unexcused)s THEN 'unexcused'
             WHEN style = 'struggling' AND roll < %(struggling_late)s THEN 'late'
             WHEN style = 'struggling' AND roll < %(struggling_left_early)s THEN 'left_early'
             WHEN style = 'struggling' AND roll < %(struggling_excused)s THEN 'excused'
             WHEN style = 'struggling' AND roll < %(struggling_unexcused)s THEN 'unexcused'
             ELSE 'present'
           END) AS status,
           (ARRAY[5, 10, 10, 15, 20, 25, 40])[1 + floor(pick * 7)::int] AS late,
           (ARRAY[15, 30, 45, 60, 75])[1 + floor(pick * 5)::int] AS early,
           (extract(epoch FROM ends_at - starts_at) / 60)::int AS length
    FROM marked
)
INSERT INTO attendance_attendancerecord (
    id, created_at, updated_at, version, session_id, client_id, status, arrived_at, left_at,
    minutes_attended, recorded_by_id, telehealth
)
SELECT h::uuid, %(now)s, %(now)s, 1, session_id, client_id, status,
       CASE WHEN status = 'late' THEN starts_at + make_interval(mins => late) END,
       CASE WHEN status = 'left_early' THEN ends_at - make_interval(mins => early) END,
       CASE status
         WHEN 'present' THEN length
         WHEN 'late' THEN greatest(0, length - late)
         WHEN 'left_early' THEN greatest(0, length - early)
         ELSE 0
       END,
       facilitator_id, ''
FROM judged
"""
