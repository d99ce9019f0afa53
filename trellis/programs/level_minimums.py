"""The weekly hours an ASAM level asks of a program, by age group. Pure; no Django.

ASAM Criteria 3rd ed. (2013), levels 2.1 and 2.5: intensive outpatient at least 9 hours a week for adults and
6 for adolescents; partial hospitalization (4th ed. 2023: high-intensity outpatient) at least 20 hours a week
(REFERENCE.md section 2). A program may set a lower minimum only with a clinical director's written reason.
"""

from dataclasses import dataclass
from decimal import Decimal

_FLOORS: dict[tuple[str, str], Decimal] = {
    ("2.1", "adult"): Decimal(9),
    ("2.1", "adolescent"): Decimal(6),
    ("2.5", "adult"): Decimal(20),
    ("2.5", "adolescent"): Decimal(20),
}

_WHO = {"adult": "adults", "adolescent": "adolescents"}


@dataclass(frozen=True)
class Shortfall:
    level: str
    age_group: str
    minimum: Decimal
    floor: Decimal

    @property
    def message(self) -> str:
        return (
            f"ASAM level {self.level} asks at least {self.floor:g} hours a week for "
            f"{_WHO.get(self.age_group, self.age_group)}; {self.minimum:g} is below it."
        )


def floor_hours(level: str, age_group: str) -> Decimal | None:
    return _FLOORS.get((level, age_group))


def shortfall(*, level: str, age_group: str, minimum: Decimal) -> Shortfall | None:
    """How a program's weekly minimum falls short of its level's floor, or None if it does not."""
    floor = floor_hours(level, age_group)
    if floor is None or minimum >= floor:
        return None
    return Shortfall(level=level, age_group=age_group, minimum=minimum, floor=floor)
