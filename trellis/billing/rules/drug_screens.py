"""Drug screen codes: presumptive by method (one per date of service), definitive by payer and drug classes.

REFERENCE.md section 4: presumptive 80305 (read by eye) / 80306 / 80307 (analyzer), one per date of
service; definitive 80320-80377 for commercial plans, G0480-G0483 for Medicare by the number of drug classes.
Pure.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum

from trellis.billing.rules.payers import PayerKind


class PresumptiveMethod(IntEnum):
    """Ordered by complexity: when several ran the same day, the most complex one is billed."""

    DIRECT_OPTICAL = 1  # cups, dipsticks, cards read by eye
    INSTRUMENT_ASSISTED_OPTICAL = 2  # read by an instrument-assisted direct optical reader
    CHEMISTRY_ANALYZER = 3  # immunoassay and other chemistry analyzers


PRESUMPTIVE_CODES: dict[PresumptiveMethod, str] = {
    PresumptiveMethod.DIRECT_OPTICAL: "80305",  # REFERENCE.md s4: read by eye
    PresumptiveMethod.INSTRUMENT_ASSISTED_OPTICAL: "80306",  # REFERENCE.md s4
    PresumptiveMethod.CHEMISTRY_ANALYZER: "80307",  # REFERENCE.md s4: analyzer
}


@dataclass(frozen=True)
class PresumptiveScreen:
    screen_id: str
    collected_on: dt.date
    method: PresumptiveMethod


@dataclass(frozen=True)
class PresumptiveCharge:
    service_date: dt.date
    code: str
    billed_screen_id: str
    bundled_screen_ids: tuple[str, ...]  # same-day screens not billed separately


def presumptive_charges(screens: Iterable[PresumptiveScreen]) -> tuple[PresumptiveCharge, ...]:
    """One presumptive charge per date of service for one client: the most complex method performed that day."""
    by_day: dict[dt.date, list[PresumptiveScreen]] = {}
    for screen in screens:
        by_day.setdefault(screen.collected_on, []).append(screen)
    charges = []
    for day in sorted(by_day):
        ranked = sorted(by_day[day], key=lambda screen: (-screen.method, screen.screen_id))
        billed, bundled = ranked[0], ranked[1:]
        charges.append(
            PresumptiveCharge(
                service_date=day,
                code=PRESUMPTIVE_CODES[billed.method],
                billed_screen_id=billed.screen_id,
                bundled_screen_ids=tuple(screen.screen_id for screen in bundled),
            )
        )
    return tuple(charges)


DEFINITIVE_CPT_RANGE = (80320, 80377)  # REFERENCE.md s4: definitive drug classes, commercial


@dataclass(frozen=True)
class ClassBand:
    code: str
    min_classes: int
    max_classes: int | None


# REFERENCE.md s4 / CMS HCPCS: G0480 1-7 drug classes, G0481 8-14, G0482 15-21, G0483 22 or more.
MEDICARE_DEFINITIVE_BANDS: tuple[ClassBand, ...] = (
    ClassBand(code="G0480", min_classes=1, max_classes=7),
    ClassBand(code="G0481", min_classes=8, max_classes=14),
    ClassBand(code="G0482", min_classes=15, max_classes=21),
    ClassBand(code="G0483", min_classes=22, max_classes=None),
)


def is_definitive_class_code(code: str) -> bool:
    low, high = DEFINITIVE_CPT_RANGE
    return code.isdigit() and low <= int(code) <= high


def medicare_definitive_code(class_count: int) -> str | None:
    """The Medicare G code for a definitive test of `class_count` drug classes; None when no class was tested."""
    for band in MEDICARE_DEFINITIVE_BANDS:
        if band.min_classes <= class_count and (band.max_classes is None or class_count <= band.max_classes):
            return band.code
    return None


def definitive_codes(*, payer_kind: PayerKind, class_codes: Iterable[str]) -> tuple[str, ...]:
    """Codes for one definitive test, given the CPT class codes (80320-80377) of the drug classes identified.

    Commercial and Medicaid plans take one line per class code; Medicare takes one G code counted over the
    distinct classes (verify: some Medicaid plans follow Medicare's G codes).
    """
    classes = sorted(set(class_codes))
    unknown = [code for code in classes if not is_definitive_class_code(code)]
    if unknown:
        raise ValueError(f"Not a definitive drug class code: {', '.join(unknown)}.")
    if payer_kind is PayerKind.MEDICARE:
        code = medicare_definitive_code(len(classes))
        return (code,) if code else ()
    return tuple(classes)
