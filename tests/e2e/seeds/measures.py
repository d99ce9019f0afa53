"""Measures seed: program schedules (PHQ-9 and GAD-7 every 14 days, BAM weekly) and one client with twelve
weeks of history for the trend charts. No urgent flags, so the browser test's safety task is the only one.
"""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from tests import factories
from trellis.core import clock
from trellis.measures import services

WEEKS = 12


def spread(total: int, items: int, most: int) -> list[int]:
    """``items`` answers of at most ``most`` each, summing to ``total``, front-loaded."""
    answers = []
    for _ in range(items):
        answers.append(min(most, total))
        total -= answers[-1]
    return answers


def bam(week: int) -> list[int]:
    """Use and risk fall and protection rises over the weeks, as in a client who is doing well."""
    use = max(0, 3 - week // 3)
    risk = max(0, 3 - week // 4)
    protect = min(4, 1 + week // 3)
    answers = [0] * 17
    for number in (4, 5, 6):
        answers[number - 1] = use
    for number in (1, 2, 3, 8, 11, 15):
        answers[number - 1] = risk
    for number in (9, 10, 12, 13, 16):
        answers[number - 1] = protect
    answers[14 - 1] = 4 if week >= 4 else 0  # item 14 is answered 0 or 4 (BAM manual)
    return answers


def seed(base: Any) -> None:
    for instrument, every in (("phq9", 14), ("gad7", 14), ("bam", 7)):
        services.set_measure_schedule(
            program=base.program, instrument=instrument, every_days=every, set_by=base.alice
        )
    quinn = factories.ClientFactory.create(site=base.site, legal_first_name="Quinn", legal_last_name="Trend")
    admitted = base.today - dt.timedelta(weeks=WEEKS)
    factories.EpisodeFactory.create(client=quinn, program=base.program, admitted_on=admitted)
    # The newest answers are an hour old, whatever the hour: a measure cannot be given in the future.
    newest = (clock.now() - dt.timedelta(hours=1)).replace(second=0, microsecond=0)
    first = newest - dt.timedelta(weeks=WEEKS)

    def give(instrument: str, answers: Sequence[int | None], week: int) -> None:
        at = first + dt.timedelta(weeks=week)
        services.record_measure(
            client=quinn,
            instrument=instrument,
            answers=answers,
            administered_by=base.alice,
            administered_at=at,
        )

    for n, total in enumerate((19, 17, 15, 12, 10, 7, 5)):
        give("phq9", [*spread(total, 8, 3), 0], 2 * n)
    for n, total in enumerate((16, 14, 12, 9, 8, 6, 4)):
        give("gad7", spread(total, 7, 3), 2 * n)
    for week in range(WEEKS + 1):
        give("bam", list(bam(week)), week)
    give("cssrs", [1, 0, None, None, None, 0, None], 0)
    give("cssrs", [0, 0, None, None, None, 0, None], 6)
    give("audit", [4, 3, 3, 2, 1, 1, 0, 2, 0, 2], 0)
