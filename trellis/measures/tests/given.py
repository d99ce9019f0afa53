"""Answer vectors and recorded measures for the Django-side tests, always scored through the service."""

import datetime as dt
from typing import Any

from trellis.measures import services
from trellis.measures.models import MeasureResponse

NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)  # a Monday, 10:00 in New York

PHQ9_MILD = [1, 1, 1, 1, 1, 0, 0, 0, 0]  # total 5, item 9 = 0

CSSRS_HIGH = [1, 1, 1, 1, 0, 0, None]  # Q4 (intent) yes; Q6 no, so Q7 (past 3 months) is skipped
CSSRS_MODERATE = [1, 1, 1, 0, 0, 0, None]  # Q3 (method) yes only
CIWA_SEVERE = [3, 3, 3, 2, 2, 2, 2, 2, 0, 0]  # 19, the lower edge of severe
COWS_SEVERE = [4, 4, 5, 5, 4, 4, 5, 4, 2, 0, 0]  # 37, the lower edge of severe


def phq9(item9: int, *, total_before_item9: int = 5) -> list[int]:
    answers = [0] * 9
    remaining = total_before_item9
    for index in range(8):
        answers[index] = min(3, remaining)
        remaining -= answers[index]
    answers[8] = item9
    return answers


def record(
    client: Any, by: Any, instrument: str = "phq9", answers: Any = None, **kwargs: Any
) -> MeasureResponse:
    return services.record_measure(
        client=client,
        instrument=instrument,
        answers=answers if answers is not None else PHQ9_MILD,
        administered_by=by,
        **kwargs,
    )
