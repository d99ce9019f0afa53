"""Build answer vectors that reach a chosen total, from the answer values each instrument publishes.

The allowed values are written out here from the published forms, independently of the JSON files, so
a test that reaches a total through them checks the data as well as the arithmetic.
"""

from collections.abc import Sequence

ZERO_TO_3: tuple[int, ...] = (0, 1, 2, 3)
ZERO_TO_4: tuple[int, ...] = (0, 1, 2, 3, 4)
ZERO_TO_7: tuple[int, ...] = tuple(range(8))
YES_NO: tuple[int, ...] = (0, 1)

PUBLISHED_VALUES: dict[str, list[tuple[int, ...]]] = {
    "phq9": [ZERO_TO_3] * 9,
    "gad7": [ZERO_TO_3] * 7,
    "audit": [ZERO_TO_4] * 8 + [(0, 2, 4)] * 2,
    "auditc": [ZERO_TO_4] * 3,
    "dast10": [YES_NO] * 10,
    "bam": [ZERO_TO_4] * 13 + [(0, 4)] + [ZERO_TO_4] * 3,
    "cssrs": [YES_NO] * 7,
    "ciwa": [ZERO_TO_7] * 9 + [ZERO_TO_4],
    "cows": [
        (0, 1, 2, 4),  # resting pulse
        (0, 1, 2, 3, 4),  # sweating
        (0, 1, 3, 5),  # restlessness
        (0, 1, 2, 5),  # pupil size
        (0, 1, 2, 4),  # bone or joint aches
        (0, 1, 2, 4),  # runny nose or tearing
        (0, 1, 2, 3, 5),  # GI upset
        (0, 1, 2, 4),  # tremor
        (0, 1, 2, 4),  # yawning
        (0, 1, 2, 4),  # anxiety or irritability
        (0, 3, 5),  # gooseflesh
    ],
}


def reaching(total: int, allowed: Sequence[Sequence[int]]) -> list[int]:
    """One allowed value per item, summing to ``total``, loading the earliest items first."""
    answers = _search(total, [sorted(values, reverse=True) for values in allowed])
    if answers is None:
        raise ValueError(f"no combination of the allowed values sums to {total}")
    assert sum(answers) == total
    return answers


def _search(total: int, allowed: list[list[int]]) -> list[int] | None:
    if not allowed:
        return [] if total == 0 else None
    rest_max = sum(values[0] for values in allowed[1:])
    for value in allowed[0]:
        if value <= total and total - value <= rest_max:
            rest = _search(total - value, allowed[1:])
            if rest is not None:
                return [value, *rest]
    return None


def reaching_for(instrument: str, total: int) -> list[int]:
    return reaching(total, PUBLISHED_VALUES[instrument])


def replaced(
    answers: Sequence[int | bool | None], item: int, value: int | bool | None
) -> list[int | bool | None]:
    """A copy of ``answers`` with 1-based ``item`` set to ``value``."""
    copy = list(answers)
    copy[item - 1] = value
    return copy
