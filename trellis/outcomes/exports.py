"""Each dashboard table as CSV rows: aggregate figures only, so a file names no client and leaves through no
disclosure gate. Small counts (a site with one discharge) could still point to a person someone knows; the
page says so above its download links."""

from collections.abc import Callable, Sequence
from typing import Any

from trellis.outcomes.selectors import Dashboard

Table = tuple[Sequence[str], list[Sequence[Any]]]


def _percent(rate: float | None) -> str:
    return "" if rate is None else f"{100 * rate:.1f}"


def census(d: Dashboard) -> Table:
    header = ("Week of", "Census on", "Census", "Admissions", "Discharges")
    return header, [(w.monday, w.census_on, w.census, w.admissions, w.discharges) for w in d.flow]


def discharges(d: Dashboard) -> Table:
    header = ("TEDS code", "Discharge reason", "Discharges")
    rows: list[Sequence[Any]] = [(r.reason.value, r.reason.label, r.count) for r in d.discharges.reasons]
    rows.append(("", "All discharges", d.discharges.total))
    rows.append(("", "Completion rate (%)", _percent(d.discharges.completion_rate)))
    rows.append(("", "Median length of stay (days)", d.discharges.median_stay_days or ""))
    rows.append(("", "Mean length of stay (days)", d.discharges.mean_stay_days or ""))
    return header, rows


def attendance(d: Dashboard) -> Table:
    header = (
        "Site",
        "Track",
        "Sessions expected",
        "Sessions attended",
        "Attendance rate (%)",
        "Client-weeks due",
        "Client-weeks met",
        "Weekly hours compliance (%)",
    )
    return header, [
        (
            a.site,
            a.track,
            a.expected,
            a.attended,
            _percent(a.attendance_rate),
            a.weeks_due,
            a.weeks_met,
            _percent(a.compliance_rate),
        )
        for a in d.attendance
    ]


def measures(d: Dashboard) -> Table:
    header = (
        "Measure",
        "Episodes",
        "Mean first score",
        "Mean latest score",
        "Reliable improvement (drop of)",
        "Improved",
        "Improved (%)",
    )
    return header, [
        (
            m.rule.label,
            m.episodes,
            m.mean_first or "",
            m.mean_latest or "",
            m.rule.reliable_drop,
            m.improved,
            _percent(m.improved_rate),
        )
        for m in d.measures
    ]


def documentation(d: Dashboard) -> Table:
    header = ("Measure", "Count", "Of", "Rate (%)")
    plans = d.plans
    rows: list[Sequence[Any]] = [
        (
            "Admissions with a signed plan",
            plans.signed,
            plans.admitted,
            _percent(plans.signed / plans.admitted if plans.admitted else None),
        ),
        (
            "Median days to first signed plan",
            plans.median_days if plans.median_days is not None else "",
            "",
            "",
        ),
    ]
    rows += [(f"First signed plan {label}", n, plans.signed, "") for label, n in plans.buckets]
    rows += [
        (f"{n.kind} signed within {n.due_hours} h", n.on_time, n.written, _percent(n.on_time_rate))
        for n in d.notes
    ]
    return header, rows


TABLES: dict[str, Callable[[Dashboard], Table]] = {
    "census": census,
    "discharges": discharges,
    "attendance": attendance,
    "measures": measures,
    "documentation": documentation,
}
