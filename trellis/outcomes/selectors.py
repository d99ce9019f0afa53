"""One dashboard: every metric family for one scope, in a fixed number of queries whatever the rows."""

from dataclasses import dataclass

from trellis.core.reporting_db import reporting_reads
from trellis.outcomes import attendance, census, discharges, documentation, measures
from trellis.outcomes.scope import Scope


@dataclass(frozen=True)
class Dashboard:
    scope: Scope
    flow: list[census.WeekFlow]
    discharges: discharges.Discharges
    attendance: list[attendance.TrackAttendance]
    measures: list[measures.MeasureChange]
    plans: documentation.PlanTimeliness
    notes: list[documentation.NoteTimeliness]

    @property
    def admissions(self) -> int:
        return sum(week.admissions for week in self.flow)

    @property
    def census_now(self) -> int:
        return self.flow[-1].census if self.flow else 0


def get_dashboard(*, scope: Scope) -> Dashboard:
    """Aggregates only, so it may read the reporting replica (when one is set) and spare the primary."""
    with reporting_reads():
        return _dashboard(scope)


def _dashboard(scope: Scope) -> Dashboard:
    return Dashboard(
        scope=scope,
        flow=census.list_week_flow(scope),
        discharges=discharges.get_discharges(scope),
        attendance=attendance.list_track_attendance(scope),
        measures=measures.list_measure_changes(scope),
        plans=documentation.get_plan_timeliness(scope),
        notes=documentation.list_note_timeliness(scope),
    )
