"""The ASAM levels of care of each edition, their names, and one order across both. No Django import.

ASAM Criteria 3rd ed. (2013): 0.5 early intervention, 1 outpatient, 2.1 intensive outpatient, 2.5 partial
hospitalization, 3.1, 3.3, 3.5 and 3.7 residential and inpatient, 4 medically managed intensive inpatient,
withdrawal management as its own service. ASAM Criteria 4th ed. (2023): 1.0 long-term remission monitoring,
1.5 outpatient therapy, 1.7 medically managed outpatient, 2.1, 2.5 high-intensity outpatient, 2.7 medically
managed intensive outpatient, 3.1, 3.5, 3.7 medically managed residential, 4; withdrawal management is built
into 1.7, 2.7, 3.7 and 4 (REFERENCE.md section 2, marked verify).
"""

from enum import StrEnum


class Level(StrEnum):
    """Values match episodes.choices.LevelOfCare so a recommendation can be recorded on an episode."""

    EARLY_INTERVENTION = "0.5"
    REMISSION_MONITORING = "1.0"
    OUTPATIENT = "1"
    OUTPATIENT_THERAPY = "1.5"
    MEDICAL_OUTPATIENT = "1.7"
    IOP = "2.1"
    PHP = "2.5"
    MEDICAL_IOP = "2.7"
    LOW_INTENSITY_RESIDENTIAL = "3.1"
    POPULATION_RESIDENTIAL = "3.3"
    HIGH_INTENSITY_RESIDENTIAL = "3.5"
    MEDICAL_RESIDENTIAL = "3.7"
    RESIDENTIAL = "3"  # recorded before residential sublevels existed; the rules no longer choose it
    WITHDRAWAL = "wm"
    INPATIENT = "4"


THIRD, FOURTH = "3", "4"

# Every level each edition has, least intensive first, with the edition's own name for it.
LEVELS: dict[str, dict[Level, str]] = {
    THIRD: {
        Level.EARLY_INTERVENTION: "0.5 Early intervention",
        Level.OUTPATIENT: "1 Outpatient",
        Level.IOP: "2.1 Intensive outpatient",
        Level.PHP: "2.5 Partial hospitalization",
        Level.LOW_INTENSITY_RESIDENTIAL: "3.1 Clinically managed low-intensity residential",
        Level.POPULATION_RESIDENTIAL: "3.3 Clinically managed population-specific high-intensity residential",
        Level.HIGH_INTENSITY_RESIDENTIAL: "3.5 Clinically managed high-intensity residential",
        Level.MEDICAL_RESIDENTIAL: "3.7 Medically monitored intensive inpatient",
        Level.WITHDRAWAL: "Withdrawal management",
        Level.INPATIENT: "4 Medically managed intensive inpatient",
    },
    FOURTH: {
        Level.REMISSION_MONITORING: "1.0 Long-term remission monitoring",
        Level.OUTPATIENT_THERAPY: "1.5 Outpatient therapy",
        Level.MEDICAL_OUTPATIENT: "1.7 Medically managed outpatient",
        Level.IOP: "2.1 Intensive outpatient",
        Level.PHP: "2.5 High-intensity outpatient",
        Level.MEDICAL_IOP: "2.7 Medically managed intensive outpatient",
        Level.LOW_INTENSITY_RESIDENTIAL: "3.1 Clinically managed low-intensity residential",
        Level.HIGH_INTENSITY_RESIDENTIAL: "3.5 Clinically managed high-intensity residential",
        Level.MEDICAL_RESIDENTIAL: "3.7 Medically managed residential",
        Level.INPATIENT: "4 Medically managed intensive inpatient",
    },
}

# Names that fit either edition, for records that do not say which edition they follow (episodes, billing).
GENERIC_NAMES: dict[Level, str] = {
    **LEVELS[FOURTH],
    **LEVELS[THIRD],
    Level.PHP: "2.5 Partial hospitalization / high-intensity outpatient",
    Level.MEDICAL_RESIDENTIAL: "3.7 Medically monitored / managed residential",
    Level.RESIDENTIAL: "3 Residential (sublevel not recorded)",
}

# One order across both editions for step-down and step-up. Withdrawal management comes before any other
# placement except Level 4, which manages withdrawal itself.
_ORDER = (
    Level.EARLY_INTERVENTION,
    Level.REMISSION_MONITORING,
    Level.OUTPATIENT,
    Level.OUTPATIENT_THERAPY,
    Level.MEDICAL_OUTPATIENT,
    Level.IOP,
    Level.PHP,
    Level.MEDICAL_IOP,
    Level.LOW_INTENSITY_RESIDENTIAL,
    Level.POPULATION_RESIDENTIAL,
    Level.RESIDENTIAL,
    Level.HIGH_INTENSITY_RESIDENTIAL,
    Level.MEDICAL_RESIDENTIAL,
    Level.WITHDRAWAL,
    Level.INPATIENT,
)
INTENSITY = {level: rank for rank, level in enumerate(_ORDER)}
STEP_UP = {Level.OUTPATIENT: Level.IOP, Level.IOP: Level.PHP, Level.PHP: Level.HIGH_INTENSITY_RESIDENTIAL}


def levels_of(edition: str) -> tuple[Level, ...]:
    return tuple(LEVELS[edition])


def level_name(code: str, edition: str | None = None) -> str:
    """The level's name in the given edition, else a name that fits both; unknown codes come back as is."""
    if code not in Level._value2member_map_:
        return code
    level = Level(code)
    return LEVELS.get(edition or "", {}).get(level) or GENERIC_NAMES[level]


def intensity(level: str) -> int:
    """Order of levels for step-up/step-down across both editions; unknown codes rank above all."""
    if level not in Level._value2member_map_:
        return len(_ORDER)
    return INTENSITY[Level(level)]


def is_below(level: str, floor: str) -> bool:
    """Whether a chosen level is less intensive than the floor the rules set."""
    return intensity(level) < intensity(floor)


def is_residential_or_above(level: str) -> bool:
    """Care with 24-hour structure (3.x, withdrawal management, 4): never an admission to an outpatient program."""
    return intensity(level) >= INTENSITY[Level.LOW_INTENSITY_RESIDENTIAL]
