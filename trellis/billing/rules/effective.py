"""Effective-dated parameters: a payer setting applies to the service dates inside its period. Pure."""

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, TypeVar


@dataclass(frozen=True)
class EffectivePeriod:
    """Dates a setting applies to: from `starts_on` through `ends_on` inclusive (None: still in effect)."""

    starts_on: dt.date
    ends_on: dt.date | None = None

    def __post_init__(self) -> None:
        if self.ends_on is not None and self.ends_on < self.starts_on:
            raise ValueError("An effective period cannot end before it starts.")

    def covers(self, day: dt.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)

    def overlaps(self, other: "EffectivePeriod") -> bool:
        self_end = self.ends_on or dt.date.max
        other_end = other.ends_on or dt.date.max
        return self.starts_on <= other_end and other.starts_on <= self_end


class EffectiveDated(Protocol):
    @property
    def effective(self) -> EffectivePeriod: ...


T = TypeVar("T", bound=EffectiveDated)


class NoSettingInEffect(LookupError):
    """No version of a setting covers the service date."""


def in_effect(versions: Iterable[T], *, on: dt.date) -> T:
    """The one version covering `on`; a payer's versions must not overlap (the billing app enforces it)."""
    covering = [version for version in versions if version.effective.covers(on)]
    if not covering:
        raise NoSettingInEffect(f"No setting in effect on {on.isoformat()}.")
    if len(covering) > 1:
        raise ValueError(f"Overlapping settings on {on.isoformat()}.")
    return covering[0]


def first_overlap(periods: Iterable[EffectivePeriod]) -> tuple[EffectivePeriod, EffectivePeriod] | None:
    """Two periods that overlap, if any: how the billing app rejects a fee schedule with overlapping dates."""
    ordered = sorted(periods, key=lambda period: period.starts_on)
    for earlier, later in itertools.pairwise(ordered):
        if earlier.overlaps(later):
            return earlier, later
    return None
