"""Geometry of the server-rendered SVG charts: pure, no Django. Templates draw what these return."""

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Tick:
    at: float  # per cent along the axis: from the left for x, from the top for y
    label: str


@dataclass(frozen=True)
class AreaChart:
    """In a 100 x 100 box the page stretches to its width; labels are HTML placed by per cent, so they keep
    their size on a phone and on a desktop alike."""

    line: str  # polyline points
    area: str  # polygon points, the line closed down to the axis
    top: int  # the value at the top of the y axis
    x_ticks: list[Tick]
    y_ticks: list[Tick]


def _nice_top(peak: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if peak <= step * 4:
            return step * 4
    return peak


def area_chart(values: Sequence[int], labels: Sequence[str], *, most_labels: int = 5) -> AreaChart:
    """A line over an area for a series at even intervals, scaled to a round top; a label every few points."""
    top = _nice_top(max(values, default=0))
    step = 100 / max(len(values) - 1, 1)
    points = [(i * step, 100 - 100 * v / top) for i, v in enumerate(values)]
    line = " ".join(f"{x:.2f},{y:.2f}" for x, y in points)
    area = f"0,100 {line} {points[-1][0]:.2f},100" if points else ""
    every = max(1, -(-len(labels) // most_labels))
    return AreaChart(
        line=line,
        area=area,
        top=top,
        x_ticks=[Tick(points[i][0], labels[i]) for i in range(0, len(labels), every)],
        y_ticks=[Tick(100 - 25 * k, str(top * k // 4)) for k in range(5)],
    )


BAR_WIDTH = 300
BAR_ROW = 32


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    label_y: int
    bar_y: int
    length: float  # in viewBox units of BAR_WIDTH; at least a sliver, so a zero still shows where it sits


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    height: int
    width: int = BAR_WIDTH


def bar_chart(items: Sequence[tuple[str, int]]) -> BarChart:
    """Horizontal bars under their labels, one row each, lengths as a share of the largest value."""
    peak = max((value for _, value in items), default=0) or 1
    bars = [
        Bar(label, value, i * BAR_ROW + 12, i * BAR_ROW + 17, max(1.0, round(BAR_WIDTH * value / peak, 1)))
        for i, (label, value) in enumerate(items)
    ]
    return BarChart(bars=bars, height=BAR_ROW * len(items))
