"""Standardized instrument definitions, read from the JSON files in ``instruments/``.

Item texts, options, bands and flag rules live in the data files; this module only turns them into
frozen dataclasses and checks that each definition is internally consistent.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

DATA_PACKAGE = "trellis.measures"
DATA_DIRECTORY = "instruments"


class InstrumentDefinitionError(ValueError):
    """An instrument's JSON file is malformed or contradicts itself."""


class UnknownInstrumentError(LookupError):
    """No instrument has the requested code."""


@dataclass(frozen=True)
class Option:
    value: int
    label: str
    points: int


@dataclass(frozen=True)
class Condition:
    """The item is asked only when the answer to ``item`` is at least ``at_least``."""

    item: int
    at_least: int


@dataclass(frozen=True)
class Item:
    number: int
    label: str
    text: str
    options: tuple[Option, ...]
    asked_if: Condition | None = None

    @property
    def values(self) -> frozenset[int]:
        return frozenset(option.value for option in self.options)

    @property
    def is_yes_no(self) -> bool:
        return self.values == {0, 1}

    @property
    def max_points(self) -> int:
        return max(option.points for option in self.options)

    def option_for(self, value: int) -> Option | None:
        return next((option for option in self.options if option.value == value), None)


@dataclass(frozen=True)
class Band:
    label: str
    low: int
    high: int

    def contains(self, total: int) -> bool:
        return self.low <= total <= self.high


@dataclass(frozen=True)
class RiskRule:
    """The band applies when any of ``any_yes`` (item numbers) was answered yes."""

    band: str
    any_yes: tuple[int, ...]


@dataclass(frozen=True)
class FlagRule:
    """Raised when an item reaches ``at_least``, or when the result falls in ``band``."""

    code: str
    message: str
    urgent: bool
    item: int | None = None
    at_least: int | None = None
    band: str | None = None


@dataclass(frozen=True)
class Instrument:
    """One standardized measure as published: items, options, scoring rules, bands and flags."""

    code: str
    name: str
    short_name: str
    source: str
    wording: str
    lookback: str
    instructions: str
    notes: str
    items: tuple[Item, ...]
    has_total: bool
    published_max_total: int | None
    bands: tuple[Band, ...]
    band_sets: Mapping[str, tuple[Band, ...]]
    bands_by_sex: Mapping[str, tuple[Band, ...]]
    subscales: Mapping[str, tuple[int, ...]]
    risk_rules: tuple[RiskRule, ...]
    default_band: str | None
    flag_rules: tuple[FlagRule, ...]

    @property
    def max_total(self) -> int:
        return sum(item.max_points for item in self.items)

    @property
    def needs_sex(self) -> bool:
        return bool(self.bands_by_sex)

    @property
    def band_labels(self) -> frozenset[str]:
        labels = {band.label for band in self.bands}
        for bands in (*self.band_sets.values(), *self.bands_by_sex.values()):
            labels.update(band.label for band in bands)
        labels.update(rule.band for rule in self.risk_rules)
        if self.default_band is not None:
            labels.add(self.default_band)
        return frozenset(labels)

    def item(self, number: int) -> Item:
        return self.items[number - 1]


def list_instruments() -> tuple[Instrument, ...]:
    return tuple(get_instrument(code) for code in instrument_codes())


@cache
def instrument_codes() -> tuple[str, ...]:
    directory = resources.files(DATA_PACKAGE).joinpath(DATA_DIRECTORY)
    return tuple(
        sorted(
            entry.name.removesuffix(".json") for entry in directory.iterdir() if entry.name.endswith(".json")
        )
    )


@cache
def get_instrument(code: str) -> Instrument:
    if code not in instrument_codes():
        raise UnknownInstrumentError(f"Unknown instrument {code!r}; known: {', '.join(instrument_codes())}")
    text = resources.files(DATA_PACKAGE).joinpath(DATA_DIRECTORY, f"{code}.json").read_text("utf-8")
    instrument = parse_instrument(json.loads(text))
    problems = consistency_problems(instrument)
    if problems:
        raise InstrumentDefinitionError(f"{code}.json: " + "; ".join(problems))
    return instrument


def parse_instrument(raw: Mapping[str, Any]) -> Instrument:
    try:
        return _parse_instrument(raw)
    except (KeyError, TypeError, ValueError) as error:
        raise InstrumentDefinitionError(
            f"{raw.get('code', '?')}: malformed definition ({error!r})"
        ) from error


def _parse_instrument(raw: Mapping[str, Any]) -> Instrument:
    scoring: Mapping[str, Any] = raw["scoring"]
    option_sets = {name: _parse_options(options) for name, options in raw.get("option_sets", {}).items()}
    return Instrument(
        code=str(raw["code"]),
        name=str(raw["name"]),
        short_name=str(raw["short_name"]),
        source=str(raw["source"]),
        wording=str(raw["wording"]),
        lookback=str(raw["lookback"]),
        instructions=str(raw["instructions"]),
        notes=str(raw.get("notes", "")),
        items=tuple(_parse_item(item, option_sets) for item in raw["items"]),
        has_total=bool(scoring["total"]),
        published_max_total=_optional_int(scoring.get("max_total")),
        bands=_parse_bands(raw.get("bands", [])),
        band_sets={name: _parse_bands(bands) for name, bands in raw.get("band_sets", {}).items()},
        bands_by_sex={sex: _parse_bands(bands) for sex, bands in raw.get("bands_by_sex", {}).items()},
        subscales={
            name: tuple(int(n) for n in numbers) for name, numbers in scoring.get("subscales", {}).items()
        },
        risk_rules=tuple(
            RiskRule(band=str(rule["band"]), any_yes=tuple(int(n) for n in rule["any_yes"]))
            for rule in scoring.get("risk_rules", [])
        ),
        default_band=_optional_str(scoring.get("default_band")),
        flag_rules=tuple(_parse_flag_rule(rule) for rule in raw.get("flags", [])),
    )


def _parse_options(raw: list[Mapping[str, Any]]) -> tuple[Option, ...]:
    return tuple(
        Option(
            value=int(option["value"]),
            label=str(option["label"]),
            points=int(option.get("points", option["value"])),
        )
        for option in raw
    )


def _parse_item(raw: Mapping[str, Any], option_sets: Mapping[str, tuple[Option, ...]]) -> Item:
    options = raw["options"]
    condition = raw.get("asked_if")
    return Item(
        number=int(raw["number"]),
        label=str(raw.get("label", raw["number"])),
        text=str(raw["text"]),
        options=option_sets[options] if isinstance(options, str) else _parse_options(options),
        asked_if=None
        if condition is None
        else Condition(item=int(condition["item"]), at_least=int(condition["at_least"])),
    )


def _parse_bands(raw: list[Mapping[str, Any]]) -> tuple[Band, ...]:
    return tuple(Band(label=str(band["label"]), low=int(band["min"]), high=int(band["max"])) for band in raw)


def _parse_flag_rule(raw: Mapping[str, Any]) -> FlagRule:
    when: Mapping[str, Any] = raw["when"]
    return FlagRule(
        code=str(raw["code"]),
        message=str(raw["message"]),
        urgent=bool(raw["urgent"]),
        item=_optional_int(when.get("item")),
        at_least=_optional_int(when.get("at_least")),
        band=_optional_str(when.get("band")),
    )


def _optional_int(value: object) -> int | None:
    return None if value is None else int(str(value))


def _optional_str(value: object) -> str | None:
    return None if value is None else str(value)


def consistency_problems(instrument: Instrument) -> list[str]:
    """Every way the definition contradicts itself; an empty list means it is usable."""
    return [
        *_item_problems(instrument),
        *_total_problems(instrument),
        *_reference_problems(instrument),
    ]


def _item_problems(instrument: Instrument) -> list[str]:
    problems = []
    for position, item in enumerate(instrument.items, start=1):
        if item.number != position:
            problems.append(f"item at position {position} is numbered {item.number}")
        if not item.options or len(item.values) != len(item.options):
            problems.append(f"item {item.label} has no options or repeats a value")
        if item.asked_if and not 1 <= item.asked_if.item < item.number:
            problems.append(f"item {item.label} depends on item {item.asked_if.item}, which is not before it")
    return problems


def _total_problems(instrument: Instrument) -> list[str]:
    problems = []
    if instrument.has_total and instrument.published_max_total != instrument.max_total:
        problems.append(
            f"items sum to {instrument.max_total}, published maximum {instrument.published_max_total}"
        )
    named_sets = {"default": instrument.bands, **instrument.band_sets, **instrument.bands_by_sex}
    for name, bands in named_sets.items():
        if bands and not _bands_cover(bands, instrument.max_total):
            problems.append(f"bands {name!r} do not cover 0-{instrument.max_total} without gaps or overlaps")
    if (instrument.bands or instrument.bands_by_sex) and not instrument.has_total:
        problems.append("bands are defined but the instrument has no total")
    return problems


def _bands_cover(bands: tuple[Band, ...], max_total: int) -> bool:
    expected_low = 0
    for band in bands:
        if band.low != expected_low or band.high < band.low:
            return False
        expected_low = band.high + 1
    return expected_low == max_total + 1


def _reference_problems(instrument: Instrument) -> list[str]:
    count = len(instrument.items)
    referenced = [
        *(n for numbers in instrument.subscales.values() for n in numbers),
        *(n for rule in instrument.risk_rules for n in rule.any_yes),
        *(rule.item for rule in instrument.flag_rules if rule.item is not None),
    ]
    problems = [f"item {n} is referenced but does not exist" for n in referenced if not 1 <= n <= count]
    problems += [
        f"flag {rule.code} refers to unknown band {rule.band!r}"
        for rule in instrument.flag_rules
        if rule.band is not None and rule.band not in instrument.band_labels
    ]
    problems += [
        f"flag {rule.code} needs both an item and a threshold, or a band"
        for rule in instrument.flag_rules
        if (rule.item is None) == (rule.band is None) or (rule.item is None) != (rule.at_least is None)
    ]
    return problems
