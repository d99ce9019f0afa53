"""Trend chart geometry: one series per total (three for BAM), band lines at each band's lower edge."""

import datetime as dt

from trellis.measures.instrument_data import get_instrument
from trellis.measures.trends import HEIGHT, Point, build_chart

DAY = dt.datetime(2026, 11, 2, 15, 0, tzinfo=dt.UTC)


def _points(totals: list[int], band: str = "") -> list[Point]:
    return [
        Point(at=DAY + dt.timedelta(days=7 * n), total=t, band=band, subscales={})
        for n, t in enumerate(totals)
    ]


def test_it_draws_phq9_totals_with_a_line_at_each_band_edge() -> None:
    chart = build_chart(get_instrument("phq9"), _points([22, 15, 9, 4]))
    (series,) = chart.series
    assert [d.value for d in series.dots] == [22, 15, 9, 4]
    assert [d.x for d in series.dots] == sorted(d.x for d in series.dots)
    assert series.dots[0].y < series.dots[-1].y  # higher scores are drawn higher
    assert [(b.label, b.threshold) for b in chart.bands] == [
        ("minimal", 0),
        ("mild", 5),
        ("moderate", 10),
        ("moderately severe", 15),
        ("severe", 20),
    ]
    assert chart.bands[0].line_y is None
    assert all(0 <= b.y_top <= HEIGHT for b in chart.bands)


def test_it_draws_the_three_bam_subscales_without_bands() -> None:
    points = [Point(at=DAY, total=None, band="", subscales={"use": 3, "risk": 10, "protective": 18})]
    chart = build_chart(get_instrument("bam"), points)
    assert [(s.name, s.dots[0].value) for s in chart.series] == [("Use", 3), ("Risk", 10), ("Protective", 18)]
    assert chart.bands == ()
    assert chart.has_legend


def test_it_draws_cssrs_risk_as_ordered_categories() -> None:
    points = [
        Point(at=DAY, total=None, band="high risk", subscales={}),
        Point(at=DAY + dt.timedelta(days=7), total=None, band="no risk identified", subscales={}),
    ]
    chart = build_chart(get_instrument("cssrs"), points)
    assert [b.label for b in chart.bands] == ["no risk identified", "low risk", "moderate risk", "high risk"]
    assert [d.value for d in chart.series[0].dots] == [3, 0]


def test_it_uses_the_bands_for_the_clients_sex_on_audit_c() -> None:
    points = [Point(at=DAY, total=3, band="positive", subscales={}, sex="female")]
    chart = build_chart(get_instrument("auditc"), points)
    assert [b.threshold for b in chart.bands] == [0, 3]
