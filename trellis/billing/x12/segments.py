"""X12 segments: separators, element formatting, and a writer that counts what it wrote. Pure."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

Element = str | Sequence[str]  # a simple element, or a composite's components


@dataclass(frozen=True)
class Separators:
    element: str = "*"
    sub_element: str = ":"
    repetition: str = "^"
    segment: str = "~"
    line_break: bool = True  # a newline after each segment for people reading the file; parsers skip it

    def all(self) -> tuple[str, ...]:
        return (self.element, self.sub_element, self.repetition, self.segment)

    @property
    def terminator(self) -> str:
        return self.segment + ("\n" if self.line_break else "")


DEFAULT_SEPARATORS = Separators()


def date8(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def time4(moment: dt.datetime | dt.time) -> str:
    return moment.strftime("%H%M")


def decimal_value(value: Decimal | int) -> str:
    """An X12 R (decimal) value: no exponent, no trailing zeros after the point, no point when whole."""
    number = Decimal(value)
    if number < 0:
        raise ValueError("Claim amounts and quantities are not negative.")
    rendered = format(number.normalize(), "f")
    return rendered.rstrip("0").rstrip(".") if "." in rendered else rendered


@dataclass
class SegmentWriter:
    """Collects segments; `count` is what SE01 needs once ST and SE are added."""

    separators: Separators = DEFAULT_SEPARATORS
    segments: list[str] = field(default_factory=list)

    def add(self, segment_id: str, *elements: Element) -> None:
        rendered = [self._element(element) for element in elements]
        while rendered and rendered[-1] == "":
            rendered.pop()
        self.segments.append(self.separators.element.join([segment_id, *rendered]))

    def _element(self, element: Element) -> str:
        parts = [element] if isinstance(element, str) else list(element)
        for part in parts:
            if any(separator in part for separator in self.separators.all()):
                raise ValueError(f"An element contains a separator character: {part!r}.")
        while parts and parts[-1] == "":
            parts.pop()
        return self.separators.sub_element.join(parts)

    def text(self, value: str) -> str:
        """Free text (names, addresses) made safe: separator characters become spaces, whitespace collapses."""
        for separator in self.separators.all():
            value = value.replace(separator, " ")
        return " ".join(value.split())

    def extend(self, other: "SegmentWriter") -> None:
        self.segments.extend(other.segments)

    @property
    def count(self) -> int:
        return len(self.segments)

    def render(self) -> str:
        terminator = self.separators.terminator
        return "".join(segment + terminator for segment in self.segments)
