"""The outcome rollups of a bulk-loaded program, written in SQL: what `roll_up_outcomes --all` writes.

The nightly job judges each client-week with the attendance app's weekly rule in Python (outcomes.services),
about 0.6 ms a client-week on this machine: half an hour for the three million client-weeks of a 200-site,
ten-million-record network. A bulk load writes the same WeekRollup, ClientWeek and TrackWeek rows here with
set-based SQL that restates that rule (attendance.compliance and attendance.selectors.list_weeks_compliance);
test_bulk_rollup checks the two write the same rows on a small COPY program. PostgreSQL only.

The rule, for a client's finished week: their span is from their first enrollment that week to the last end
(open if any is open); each day offers the minutes of the track offering the most that day (ties: the track id
first as text), sessions and holiday closures counted; the minimum is prorated by the minutes offered while
enrolled over the week's, less closed minutes, within what was open; met when minutes attended reach it.
"""

import datetime as dt
from typing import Any

from django.db import connections, transaction

from trellis.core import clock
from trellis.episodes.models import Enrollment
from trellis.privacy import audit

CHUNK_WEEKS = 8  # weeks per statement: bounds the sort of client-days the busiest step makes

ROLLUPS_SQL = """
INSERT INTO outcomes_weekrollup (id, created_at, updated_at, monday, organization_id)
SELECT md5(%(org)s::text || '-rollup-' || m)::uuid, %(now)s, %(now)s, m, %(org)s
FROM unnest(%(mondays)s::date[]) AS m
"""

CLIENT_WEEKS_SQL = """
WITH wk AS (
    SELECT id AS rollup_id, monday FROM outcomes_weekrollup
    WHERE organization_id = %(org)s AND monday = ANY (%(mondays)s::date[])
), en AS (
    SELECT wk.rollup_id, wk.monday, ep.client_id, e.track_id, e.starts_on, e.ends_on,
           floor(p.min_weekly_hours * 60)::int AS minimum
    FROM wk
    JOIN episodes_enrollment e ON e.starts_on <= wk.monday + 6 AND (e.ends_on IS NULL OR e.ends_on > wk.monday)
    JOIN episodes_episode ep ON ep.id = e.episode_id
    JOIN programs_program p ON p.id = ep.program_id
    WHERE p.organization_id = %(org)s
), span AS (
    SELECT rollup_id, monday, client_id, min(starts_on) AS first_day,
           CASE WHEN bool_or(ends_on IS NULL) THEN NULL ELSE max(ends_on) END AS until,
           (array_agg(minimum ORDER BY starts_on))[1] AS minimum,
           (array_agg(track_id ORDER BY starts_on DESC))[1] AS track_id
    FROM en GROUP BY rollup_id, monday, client_id
), offer AS (
    SELECT track_id, date, sum(minutes) AS offered, coalesce(sum(minutes) FILTER (WHERE closed), 0) AS closed
    FROM (
        SELECT s.track_id, s.date, floor(extract(epoch FROM s.ends_at - s.starts_at) / 60)::int AS minutes,
               s.status = 'cancelled' AS closed
        FROM scheduling_groupsession s
        WHERE s.date BETWEEN %(first)s AND %(last)s
        UNION ALL
        SELECT g.track_id, ho.date, g.duration_minutes, true
        FROM scheduling_recurringgroup g
        JOIN programs_track t ON t.id = g.track_id
        JOIN programs_holiday ho ON ho.site_id = t.site_id AND ho.date BETWEEN %(first)s AND %(last)s
        WHERE g.active_from <= ho.date AND (g.active_until IS NULL OR ho.date <= g.active_until)
          AND g.weekdays @> to_jsonb(extract(isodow FROM ho.date)::int - 1)
    ) x
    GROUP BY track_id, date
), day AS (
    SELECT DISTINCT ON (t.rollup_id, t.client_id, o.date) t.rollup_id, t.client_id, o.date, o.offered, o.closed
    FROM (SELECT DISTINCT rollup_id, monday, client_id, track_id FROM en) t
    JOIN offer o ON o.track_id = t.track_id AND o.date BETWEEN t.monday AND t.monday + 6
    WHERE o.offered > 0
    ORDER BY t.rollup_id, t.client_id, o.date, o.offered DESC, t.track_id::text
), owed AS (
    SELECT sp.rollup_id, sp.client_id, sp.track_id, sp.minimum,
           coalesce(sum(d.offered), 0)::bigint AS week_total,
           coalesce(sum(d.offered) FILTER (WHERE d.date >= sp.first_day AND (sp.until IS NULL OR d.date < sp.until)), 0)::bigint
             AS enrolled,
           coalesce(sum(least(d.closed, d.offered))
             FILTER (WHERE d.date >= sp.first_day AND (sp.until IS NULL OR d.date < sp.until)), 0)::bigint AS closed
    -- Sums of bigint are numeric in PostgreSQL: cast back, so the proration below divides whole minutes.
    FROM span sp LEFT JOIN day d ON d.rollup_id = sp.rollup_id AND d.client_id = sp.client_id
    GROUP BY sp.rollup_id, sp.client_id, sp.track_id, sp.minimum
), attended AS (
    SELECT wk.rollup_id, b.client_id, b.minutes FROM wk JOIN bulk_attended b ON b.monday = wk.monday
), judged AS (
    SELECT o.*, coalesce(at.minutes, 0) AS minutes, greatest(0, o.enrolled - o.closed) AS open,
           CASE WHEN o.week_total = 0 THEN 0
                ELSE greatest(0, least((o.minimum::bigint * o.enrolled + o.week_total - 1) / o.week_total - o.closed,
                                       greatest(0, o.enrolled - o.closed)))
           END AS required
    FROM owed o LEFT JOIN attended at ON at.rollup_id = o.rollup_id AND at.client_id = o.client_id
)
INSERT INTO outcomes_clientweek (id, created_at, updated_at, status, client_id, track_id, rollup_id)
SELECT md5(rollup_id::text || client_id::text)::uuid, %(now)s, %(now)s,
       CASE WHEN minutes >= required THEN 'met' ELSE 'below' END, client_id, track_id, rollup_id
FROM judged
WHERE open > 0
"""

# Minutes attended per client and week, summed once for all the weeks: one pass over ten million records rather
# than one per chunk of weeks.
ATTENDED_SQL = (
    "DROP TABLE IF EXISTS bulk_attended",
    """
    CREATE TEMPORARY TABLE bulk_attended ON COMMIT DROP AS
    SELECT a.client_id, date_trunc('week', s.date)::date AS monday, sum(coalesce(a.minutes_attended, 0)) AS minutes
    FROM attendance_attendancerecord a JOIN scheduling_groupsession s ON s.id = a.session_id
    WHERE s.date BETWEEN %(first)s AND %(last)s
    GROUP BY 1, 2
    """,
    "CREATE INDEX ON bulk_attended (monday, client_id)",
    "ANALYZE bulk_attended",
)

TRACK_WEEKS_SQL = """
INSERT INTO outcomes_trackweek (met, due, rollup_id, site_id, track_id)
SELECT count(*) FILTER (WHERE cw.status = 'met'), count(*), cw.rollup_id, c.site_id, cw.track_id
FROM outcomes_clientweek cw
JOIN outcomes_weekrollup r ON r.id = cw.rollup_id
JOIN clients_client c ON c.id = cw.client_id
WHERE r.organization_id = %(org)s
GROUP BY cw.rollup_id, c.site_id, cw.track_id
"""


def finished_mondays(organization_id: Any, today: dt.date) -> list[dt.date]:
    """Every finished week since the organization's first enrollment, as `roll_up_outcomes --all` takes."""
    first = (
        Enrollment.objects.filter(episode__program__organization_id=organization_id)
        .order_by("starts_on")
        .values_list("starts_on", flat=True)
        .first()
    )
    this_monday = clock.week_start(today)
    count = (this_monday - clock.week_start(first)).days // 7 if first else 0
    return [this_monday - dt.timedelta(weeks=n) for n in range(count, 0, -1)]


def roll_up_all(*, organization_id: Any, using: str = "default") -> int:
    """Write the organization's rollups of every finished week, replacing none: for a freshly loaded program
    with no rollup yet. Returns the client-weeks written."""
    today = clock.now().date()
    mondays = finished_mondays(organization_id, today)
    params: dict[str, Any] = {"org": organization_id, "now": clock.now()}
    written = 0
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("SET LOCAL jit = off")  # compiling each statement costs more than it saves here
        # The CTEs' row counts are guesses; a guess low enough makes the planner merge client-days with spans on
        # the week alone and filter the client after (76 million pairs for 8,000 client-weeks). Hash joins on
        # both keys, whatever the guess.
        cursor.execute("SET LOCAL enable_mergejoin = off")
        cursor.execute("SET LOCAL enable_nestloop = off")
        cursor.execute(ROLLUPS_SQL, {**params, "mondays": mondays})
        cursor.execute("ANALYZE outcomes_weekrollup")
        if mondays:
            span = {"first": mondays[0], "last": mondays[-1] + dt.timedelta(days=6)}
            for statement in ATTENDED_SQL:
                cursor.execute(statement, span)
        for start in range(0, len(mondays), CHUNK_WEEKS):
            chunk = mondays[start : start + CHUNK_WEEKS]
            last = chunk[-1] + dt.timedelta(days=6)
            cursor.execute(CLIENT_WEEKS_SQL, {**params, "mondays": chunk, "first": chunk[0], "last": last})
            written += cursor.rowcount
        cursor.execute(TRACK_WEEKS_SQL, params)
        audit.record(
            actor=None,
            action=audit.Action.UPDATE,
            detail=f"outcomes: weekly hours rolled up for {len(mondays)} weeks (bulk load)",
            organization_id=organization_id,
            system_job="roll_up_outcomes",
        )
    return written
