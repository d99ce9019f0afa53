"""Geometry for a client's trend chart of one instrument: points, series and band lines, as SVG coordinates.

Pure (no Django): the page hands in plain points and draws what comes back in an inline <svg>.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from trellis.measures.instrument_data import Band, Instrument

WIDTH, HEIGHT = 680, 200
LEFT, RIGHT, TOP, BOTTOM = 34, 172, 12, 26  # room for y ticks on the left and band names on the right
SERIES_COLOURS = ("#1f6f5c", "#b4541a", "#3a5ea8")
# Lightest for the least severe band; the reds mark the range where the instrument calls for action.
BAND_SHADES = ("#eef7f1", "#f6f4e3", "#fbefd9", "#fbe3d6", "#f8d4cf", "#f3c2bc")


@dataclass(frozen=True)
class Point:
    at: dt.datetime
    total: int | None
    band: str
    subscales: Mapping[str, int]
    sex: str = ""


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    value: int
    label: str  # tooltip: date, value and band


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    dots: tuple[Dot, ...]

    @property
    def polyline(self) -> str:
        return " ".join(f"{d.x:.1f},{d.y:.1f}" for d in self.dots)


@dataclass(frozen=True)
class BandArea:
    label: str
    y_top: float
    height: float
    shade: str
    line_y: float | None  # the dashed threshold at the band's lower edge (None for the bottom band)
    label_y: float
    threshold: int


@dataclass(frozen=True)
class Chart:
    instrument: Instrument
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_bottom: int
    series: tuple[Series, ...]
    bands: tuple[BandArea, ...]
    ticks: tuple[tuple[float, str], ...]  # (y, label) on the left axis
    dates: tuple[tuple[float, str], ...]  # (x, label) under the plot
    latest: Point | None

    @property
    def plot_width(self) -> int:
        return self.plot_right - self.plot_left

    @property
    def latest_tone(self) -> str:
        return band_tone(self.instrument, self.latest.band) if self.latest else ""

    @property
    def has_legend(self) -> bool:
        return len(self.series) > 1


def band_tone(instrument: Instrument, band: str) -> str:
    """A badge tone for a band: "ok" for the least severe, "bad" for the most, "warn" between."""
    labels = _band_labels(instrument)
    if band not in labels:
        return ""
    position = labels.index(band)
    return "ok" if position == 0 else "bad" if position == len(labels) - 1 else "warn"


def _band_labels(instrument: Instrument) -> list[str]:
    """From least to most severe. AUDIT-C's bands differ by sex in cut-offs only, not in labels."""
    if instrument.risk_rules:
        return list(_risk_categories(instrument))
    bands = instrument.bands or next(iter(instrument.bands_by_sex.values()), ())
    return [b.label for b in bands]


def _risk_categories(instrument: Instrument) -> tuple[str, ...]:
    order = (instrument.default_band or "", *reversed([rule.band for rule in instrument.risk_rules]))
    return tuple(dict.fromkeys(label for label in order if label))


def build_chart(instrument: Instrument, points: Sequence[Point]) -> Chart:
    ordered = sorted(points, key=lambda p: p.at)
    scale = _scale_for(instrument, ordered)
    xs = _xs([p.at for p in ordered])
    return Chart(
        instrument=instrument,
        width=WIDTH,
        height=HEIGHT,
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
        plot_bottom=HEIGHT - BOTTOM,
        series=_series(instrument, ordered, xs, scale),
        bands=_band_areas(scale),
        ticks=scale.ticks(),
        dates=_date_labels(ordered, xs),
        latest=ordered[-1] if ordered else None,
    )


@dataclass(frozen=True)
class _Scale:
    top: float
    bands: tuple[Band, ...]
    categories: tuple[str, ...] = ()  # for risk-band instruments (C-SSRS): the bands from least to most
    bottom: float = 0

    def y(self, value: float) -> float:
        span = HEIGHT - BOTTOM - TOP
        return TOP + span * (1 - (value - self.bottom) / max(self.top - self.bottom, 1))

    def ticks(self) -> tuple[tuple[float, str], ...]:
        """Ticks at the band thresholds where there are bands, so the axis reads in the instrument's cut-offs."""
        if self.categories:
            return ()
        if self.bands:
            values = [band.low for band in self.bands]
        else:
            step = max(1, round(self.top / 4))
            values = list(range(0, int(self.top) + 1, step))
        ticks: list[tuple[float, str]] = []
        for value in values:
            y = self.y(value)
            if not ticks or ticks[-1][0] - y >= 12:  # keep labels of narrow bands (AUDIT 16-19) apart
                ticks.append((y, str(value)))
        return tuple(ticks)


def _scale_for(instrument: Instrument, points: Sequence[Point]) -> _Scale:
    if instrument.risk_rules:
        categories = _risk_categories(instrument)
        bands = tuple(Band(label=label, low=n, high=n) for n, label in enumerate(categories))
        return _Scale(top=len(categories) - 0.5, bottom=-0.5, bands=bands, categories=categories)
    if not instrument.has_total:
        top = max((_subscale_max(instrument, name) for name in instrument.subscales), default=1)
        return _Scale(top=top, bands=())
    return _Scale(top=instrument.max_total, bands=_bands_of(instrument, points))


def _bands_of(instrument: Instrument, points: Sequence[Point]) -> tuple[Band, ...]:
    if not instrument.needs_sex:
        return instrument.bands
    sex = points[-1].sex if points else ""
    return instrument.bands_by_sex.get(sex, ())


def _subscale_max(instrument: Instrument, name: str) -> int:
    return sum(instrument.item(number).max_points for number in instrument.subscales[name])


def _xs(times: Sequence[dt.datetime]) -> list[float]:
    left, right = LEFT + 10, WIDTH - RIGHT - 10
    if len(times) < 2:
        return [(left + right) / 2 for _ in times]
    first, span = times[0], (times[-1] - times[0]).total_seconds() or 1.0
    return [left + (right - left) * (t - first).total_seconds() / span for t in times]


def _series(
    instrument: Instrument, points: Sequence[Point], xs: list[float], scale: _Scale
) -> tuple[Series, ...]:
    if scale.categories:
        rank = {label: n for n, label in enumerate(scale.categories)}
        values = [rank.get(p.band, 0) for p in points]
        return (_one_series(instrument.short_name, SERIES_COLOURS[0], points, xs, values, scale),)
    if not instrument.has_total:
        return tuple(
            _one_series(
                name.capitalize(),
                SERIES_COLOURS[n % 3],
                points,
                xs,
                [p.subscales.get(name, 0) for p in points],
                scale,
            )
            for n, name in enumerate(instrument.subscales)
        )
    values = [p.total or 0 for p in points]
    return (_one_series("Total", SERIES_COLOURS[0], points, xs, values, scale),)


def _one_series(
    name: str, colour: str, points: Sequence[Point], xs: list[float], values: list[int], scale: _Scale
) -> Series:
    dots = tuple(
        Dot(x=x, y=scale.y(v), value=v, label=_tooltip(name, p, v, scale))
        for p, x, v in zip(points, xs, values, strict=True)
    )
    return Series(name=name, colour=colour, dots=dots)


def _tooltip(name: str, point: Point, value: int, scale: _Scale) -> str:
    shown = point.band if scale.categories else f"{name} {value}" + (f" ({point.band})" if point.band else "")
    return f"{point.at:%b %-d, %Y}: {shown}"


def _band_areas(scale: _Scale) -> tuple[BandArea, ...]:
    areas = []
    count = len(scale.bands)
    for n, band in enumerate(scale.bands):
        if scale.categories:
            low, high = band.low - 0.5, band.high + 0.5
        else:
            low, high = band.low - (0.5 if n else 0), band.high + (0.5 if n < count - 1 else 0)
        low, high = max(low, scale.bottom), min(high, scale.top)
        y_top, y_bottom = scale.y(high), scale.y(low)
        areas.append(
            BandArea(
                label=band.label,
                y_top=y_top,
                height=y_bottom - y_top,
                shade=_shade(n, count),
                line_y=y_bottom if n else None,
                label_y=(y_top + y_bottom) / 2 + 4,
                threshold=band.low,
            )
        )
    return tuple(areas)


def _shade(n: int, count: int) -> str:
    if count <= 1:
        return BAND_SHADES[0]
    return BAND_SHADES[round(n * (len(BAND_SHADES) - 1) / (count - 1))]


def _date_labels(points: Sequence[Point], xs: list[float]) -> tuple[tuple[float, str], ...]:
    if not points:
        return ()
    picks = sorted({0, len(points) // 2, len(points) - 1})
    if len(points) > 1 and xs[picks[-1]] - xs[picks[0]] < 80:
        picks = [picks[-1]]
    return tuple((xs[n], f"{points[n].at:%b %-d}") for n in picks)
