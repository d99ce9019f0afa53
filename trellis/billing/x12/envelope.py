"""Interchange (ISA/IEA), functional group (GS/GE) and transaction set (ST/SE) envelopes, with their counts.

ASC X12 005010: ISA is fixed-width (ISA06/ISA08 padded to 15), ISA13 is a nine-digit control number echoed in
IEA02, GS06 in GE02 and ST02 in SE02; SE01 counts the segments from ST to SE inclusive, GE01 the transaction
sets, IEA01 the functional groups. Control numbers come from the caller, who keeps them unique per sender.
"""

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from trellis.billing.x12.segments import SegmentWriter, Separators, date8, time4

MAX_CONTROL_NUMBER = 999_999_999  # ISA13 is nine digits


class Usage(StrEnum):
    TEST = "T"
    PRODUCTION = "P"


@dataclass(frozen=True)
class InterchangeParty:
    identifier: str  # ISA06/ISA08 and GS02/GS03 (the clearinghouse assigns them)
    qualifier: str = "ZZ"  # mutually defined

    def __post_init__(self) -> None:
        if not 1 <= len(self.identifier) <= 15:
            raise ValueError("An interchange identifier has 1 to 15 characters.")


@dataclass(frozen=True)
class Interchange:
    sender: InterchangeParty
    receiver: InterchangeParty
    created_at: dt.datetime  # aware, in the sender's zone
    usage: Usage = Usage.TEST
    acknowledgment_requested: bool = False  # TA1


@dataclass(frozen=True)
class ControlNumbers:
    interchange: int  # ISA13 / IEA02
    group: int  # GS06 / GE02
    first_transaction: int = 1  # ST02 / SE02 of the first transaction set; the next ones follow on

    def __post_init__(self) -> None:
        for number in (self.interchange, self.group, self.first_transaction):
            if not 1 <= number <= MAX_CONTROL_NUMBER:
                raise ValueError("Control numbers run from 1 to 999999999.")


def control_number_sequence(start: int = 1) -> Iterator[int]:
    """Control numbers from `start`, wrapping after 999999999; the caller persists the last one used."""
    number = start
    while True:
        yield number
        number = number % MAX_CONTROL_NUMBER + 1


def next_control_numbers(sequence: Iterator[int]) -> ControlNumbers:
    """One interchange with one group, both numbered from the same sequence (a common sender convention)."""
    number = next(sequence)
    return ControlNumbers(interchange=number, group=number)


def transaction_set(
    body: SegmentWriter, *, control_number: int, implementation: str, separators: Separators
) -> SegmentWriter:
    """ST + body + SE, with SE01 counting ST and SE themselves."""
    st02 = f"{control_number:04d}"
    wrapped = SegmentWriter(separators)
    wrapped.add("ST", "837", st02, implementation)
    wrapped.extend(body)
    wrapped.add("SE", str(body.count + 2), st02)
    return wrapped


def interchange_file(
    bodies: Sequence[SegmentWriter],
    *,
    interchange: Interchange,
    control: ControlNumbers,
    implementation: str,
    separators: Separators,
) -> str:
    """One ISA with one GS (functional identifier HC, health care claim) holding one ST per body."""
    writer = SegmentWriter(separators)
    writer.segments.append(isa_segment(interchange, control, separators))
    moment = interchange.created_at
    writer.add(
        "GS", "HC", interchange.sender.identifier, interchange.receiver.identifier,
        date8(moment), time4(moment), str(control.group), "X", implementation,
    )  # fmt: skip
    for offset, body in enumerate(bodies):
        number = control.first_transaction + offset
        writer.extend(
            transaction_set(body, control_number=number, implementation=implementation, separators=separators)
        )
    writer.add("GE", str(len(bodies)), str(control.group))
    writer.add("IEA", "1", f"{control.interchange:09d}")
    return writer.render()


def isa_segment(interchange: Interchange, control: ControlNumbers, separators: Separators) -> str:
    """ISA is fixed width and carries the separators themselves, so it is laid out by hand."""
    moment = interchange.created_at
    elements = [
        "ISA", "00", " " * 10, "00", " " * 10,
        interchange.sender.qualifier, interchange.sender.identifier.ljust(15),
        interchange.receiver.qualifier, interchange.receiver.identifier.ljust(15),
        moment.strftime("%y%m%d"), time4(moment), separators.repetition, "00501",
        f"{control.interchange:09d}", "1" if interchange.acknowledgment_requested else "0",
        interchange.usage.value, separators.sub_element,
    ]  # fmt: skip
    return separators.element.join(elements)
