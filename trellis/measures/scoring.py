"""Score a standardized instrument exactly as published. Pure: no Django, no database.

    result = score("phq9", [1, 2, 0, 1, 3, 0, 1, 0, 1])
    result.total, result.band, result.is_urgent   # 9, "mild", True (item 9 above 0)

Invalid answers raise ScoringError naming the item, so an API can return a 400 that says which one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from trellis.measures.instrument_data import (
    Band,
    Condition,
    Instrument,
    Item,
    UnknownInstrumentError,
    get_instrument,
    list_instruments,
)

__all__ = [
    "Answer",
    "Flag",
    "Instrument",
    "ScoreResult",
    "ScoringError",
    "get_instrument",
    "list_instruments",
    "score",
]

Answer = int | bool | None


class ScoringError(ValueError):
    """The answers cannot be scored; ``item`` is the 1-based item number when one item is at fault."""

    def __init__(self, message: str, *, item: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.item = item


@dataclass(frozen=True)
class Flag:
    code: str
    message: str
    urgent: bool


@dataclass(frozen=True)
class ScoreResult:
    """The scored instrument: total (None where the instrument has none), band, subscales and flags."""

    instrument: str
    total: int | None
    band: str | None
    subscales: Mapping[str, int]
    flags: tuple[Flag, ...]
    item_points: tuple[int | None, ...]

    @property
    def is_urgent(self) -> bool:
        return any(flag.urgent for flag in self.flags)

    @property
    def flag_codes(self) -> tuple[str, ...]:
        return tuple(flag.code for flag in self.flags)

    def as_dict(self) -> dict[str, object]:
        """Plain JSON-ready data, e.g. for the stateless scoring API."""
        return {
            "instrument": self.instrument,
            "total": self.total,
            "band": self.band,
            "subscales": dict(self.subscales),
            "flags": [{"code": f.code, "message": f.message, "urgent": f.urgent} for f in self.flags],
            "is_urgent": self.is_urgent,
        }


@dataclass(frozen=True)
class _Response:
    value: int | None
    points: int

    @property
    def skipped(self) -> bool:
        return self.value is None


def score(
    instrument: str,
    answers: Sequence[Answer],
    *,
    sex: str | None = None,
    band_set: str | None = None,
) -> ScoreResult:
    """Score ``answers`` (one per item, in item order; None for an item skipped by the form's logic).

    ``sex`` ("female" or "male") is required by instruments whose bands depend on it (AUDIT-C).
    ``band_set`` picks an alternative published set of cut-offs, e.g. ``"sullivan1989"`` for CIWA-Ar.
    """
    definition = _definition(instrument)
    responses = _responses(definition, answers)
    total = sum(response.points for response in responses) if definition.has_total else None
    band = _band(definition, responses, total, sex=sex, band_set=band_set)
    return ScoreResult(
        instrument=definition.code,
        total=total,
        band=band,
        subscales=_subscales(definition, responses),
        flags=_flags(definition, responses, band),
        item_points=tuple(None if response.skipped else response.points for response in responses),
    )


def _definition(code: str) -> Instrument:
    try:
        return get_instrument(code)
    except UnknownInstrumentError as error:
        raise ScoringError(str(error)) from error


def _responses(definition: Instrument, answers: Sequence[Answer]) -> list[_Response]:
    if isinstance(answers, str | bytes) or not isinstance(answers, Sequence):
        raise ScoringError(f"{definition.short_name}: answers must be a list, one answer per item")
    if len(answers) != len(definition.items):
        raise ScoringError(
            f"{definition.short_name} has {len(definition.items)} items; {len(answers)} answers were given"
        )
    responses: list[_Response] = []
    for item, answer in zip(definition.items, answers, strict=True):
        responses.append(_response(definition, item, answer, responses))
    return responses


def _response(definition: Instrument, item: Item, answer: Answer, earlier: list[_Response]) -> _Response:
    name = f"{definition.short_name} item {item.label}"
    if item.asked_if is not None and not _is_asked(item.asked_if, earlier):
        return _skipped(definition, item.asked_if, answer, name=name, number=item.number)
    if answer is None:
        raise ScoringError(f"{name} is missing an answer", item=item.number)
    value = _answer_value(item, answer, name)
    option = item.option_for(value)
    if option is None:
        allowed = ", ".join(str(v) for v in sorted(item.values))
        raise ScoringError(f"{name}: {value} is not a valid answer (allowed: {allowed})", item=item.number)
    return _Response(value=value, points=option.points)


def _is_asked(condition: Condition, earlier: list[_Response]) -> bool:
    value = earlier[condition.item - 1].value
    return value is not None and value >= condition.at_least


def _skipped(
    definition: Instrument, condition: Condition, answer: Answer, *, name: str, number: int
) -> _Response:
    """An item the form skips counts 0; a blank or a 0 is accepted, anything else contradicts the skip."""
    if answer is None or (isinstance(answer, int) and answer == 0):
        return _Response(value=None, points=0)
    controlling = definition.item(condition.item)
    threshold = controlling.option_for(condition.at_least)
    when = repr(threshold.label) if threshold else str(condition.at_least)
    if not controlling.is_yes_no:
        when += " or more"
    raise ScoringError(
        f"{name} is asked only when item {controlling.label} is {when}; "
        f"leave it blank, or correct item {controlling.label}",
        item=number,
    )


def _answer_value(item: Item, answer: int | bool, name: str) -> int:
    if isinstance(answer, bool):
        if not item.is_yes_no:
            raise ScoringError(f"{name}: expected a number, not {answer}", item=item.number)
        return int(answer)
    if not isinstance(answer, int):
        raise ScoringError(f"{name}: expected a whole number, not {answer!r}", item=item.number)
    return answer


def _band(
    definition: Instrument,
    responses: list[_Response],
    total: int | None,
    *,
    sex: str | None,
    band_set: str | None,
) -> str | None:
    if definition.risk_rules:
        return _risk_band(definition, responses)
    bands = _bands_for(definition, sex=sex, band_set=band_set)
    if total is None or not bands:
        return None
    return next(band.label for band in bands if band.contains(total))


def _risk_band(definition: Instrument, responses: list[_Response]) -> str | None:
    for rule in definition.risk_rules:
        if any(responses[number - 1].points > 0 for number in rule.any_yes):
            return rule.band
    return definition.default_band


def _bands_for(definition: Instrument, *, sex: str | None, band_set: str | None) -> tuple[Band, ...]:
    if band_set is not None:
        if band_set not in definition.band_sets:
            known = ", ".join(definition.band_sets) or "none"
            raise ScoringError(f"{definition.short_name} has no band set {band_set!r} (available: {known})")
        return definition.band_sets[band_set]
    if definition.needs_sex:
        return definition.bands_by_sex[_normalized_sex(definition, sex)]
    return definition.bands


def _normalized_sex(definition: Instrument, sex: str | None) -> str:
    normalized = (sex or "").strip().lower()
    if normalized not in definition.bands_by_sex:
        allowed = " or ".join(repr(s) for s in sorted(definition.bands_by_sex))
        raise ScoringError(f"{definition.short_name} cut-offs depend on sex; give sex as {allowed}")
    return normalized


def _subscales(definition: Instrument, responses: list[_Response]) -> dict[str, int]:
    return {
        name: sum(responses[number - 1].points for number in numbers)
        for name, numbers in definition.subscales.items()
    }


def _flags(definition: Instrument, responses: list[_Response], band: str | None) -> tuple[Flag, ...]:
    raised = []
    for rule in definition.flag_rules:
        if rule.item is not None and rule.at_least is not None:
            value = responses[rule.item - 1].value
            hit = value is not None and value >= rule.at_least
        else:
            hit = band is not None and band == rule.band
        if hit:
            raised.append(Flag(code=rule.code, message=rule.message, urgent=rule.urgent))
    return tuple(raised)
