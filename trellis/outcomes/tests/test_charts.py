"""The charts' geometry: a series drawn to a round top, bars as shares of the largest."""

from trellis.outcomes.charts import area_chart, bar_chart


def test_it_scales_the_census_to_a_round_top_and_spans_the_width() -> None:
    chart = area_chart([0, 50, 100], ["a", "b", "c"])
    assert chart.top == 100
    assert chart.line == "0.00,100.00 50.00,50.00 100.00,0.00"
    assert [t.label for t in chart.y_ticks] == ["0", "25", "50", "75", "100"]


def test_it_labels_at_most_five_points_of_a_long_series() -> None:
    chart = area_chart(list(range(13)), [str(n) for n in range(13)])
    assert [t.label for t in chart.x_ticks] == ["0", "3", "6", "9", "12"]


def test_it_draws_a_lone_point_and_an_empty_series() -> None:
    assert area_chart([4], ["Nov 1"]).line == "0.00,0.00"
    assert area_chart([], []).area == ""


def test_it_draws_bars_as_shares_of_the_largest_and_keeps_a_zero_visible() -> None:
    chart = bar_chart([("Completed", 10), ("Dropped out", 5), ("Death", 0)])
    assert [b.length for b in chart.bars] == [300.0, 150.0, 1.0]
    assert chart.height == 96
