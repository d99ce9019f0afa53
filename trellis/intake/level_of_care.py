"""Trellis's own, transparent level-of-care rules: a recommendation and every rule that led to it.

Not ASAM's CONTINUUM algorithm (licensed; REFERENCE.md section 2), only the principles the criteria publish:
emergencies first, then the least intensive level that is safe, never an average of ratings. Each rule sets
a floor ("at least PHP") with a plain-words reason; the recommendation is the highest floor. The clinician
confirms or overrides it. No Django import: frozen dataclasses in and out, tested with vignettes.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    """Values match episodes.choices.LevelOfCare so a recommendation can be recorded on an episode."""

    OUTPATIENT = "1"
    IOP = "2.1"
    PHP = "2.5"
    RESIDENTIAL = "3"
    WITHDRAWAL = "wm"


LEVEL_NAMES = {
    Level.OUTPATIENT: "outpatient",
    Level.IOP: "IOP",
    Level.PHP: "PHP",
    Level.RESIDENTIAL: "residential",
    Level.WITHDRAWAL: "withdrawal management",
}

# Withdrawal management ranks highest: it has to come before any other placement.
_INTENSITY = {Level.OUTPATIENT: 0, Level.IOP: 1, Level.PHP: 2, Level.RESIDENTIAL: 3, Level.WITHDRAWAL: 4}
_STEP_UP = {Level.OUTPATIENT: Level.IOP, Level.IOP: Level.PHP, Level.PHP: Level.RESIDENTIAL}


class Severity(StrEnum):
    """Substance use disorder severity by DSM-5 criteria count: 2-3 mild, 4-5 moderate, 6+ severe."""

    NONE = "none"
    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"


class Readiness(StrEnum):
    READY = "ready"
    AMBIVALENT = "ambivalent"
    NOT_READY = "not_ready"


@dataclass(frozen=True)
class Facts:
    """What the clinician found: dimension ratings 0-4 by concern, and the yes/no findings beside them."""

    withdrawal: int = 0
    biomedical: int = 0
    psychiatric: int = 0
    use_risk: int = 0
    environment: int = 0
    readiness_rating: int | None = None  # 3rd edition D4 only
    person_centered: int | None = None  # 4th edition D6 only
    needs_withdrawal_management: bool = False
    needs_24_hour_care: bool = False
    unsafe_home: bool = False
    failed_level: Level | None = None  # the most intensive level already tried without enough progress
    severity: Severity = Severity.MODERATE
    severe_co_occurring: bool = False
    readiness: Readiness = Readiness.READY

    def __post_init__(self) -> None:
        for name in ("withdrawal", "biomedical", "psychiatric", "use_risk", "environment"):
            _check_rating(name, getattr(self, name))
        for name in ("readiness_rating", "person_centered"):
            if getattr(self, name) is not None:
                _check_rating(name, getattr(self, name))
        if self.failed_level is not None and self.failed_level not in _STEP_UP:
            raise ValueError("failed_level must be outpatient, IOP or PHP")


def _check_rating(name: str, value: int) -> None:
    if not 0 <= value <= 4:
        raise ValueError(f"{name} must be rated 0-4, not {value}")


@dataclass(frozen=True)
class FiredRule:
    code: str
    floor: Level
    reason: str
    emergency: bool = False


@dataclass(frozen=True)
class Recommendation:
    level: Level
    emergency: bool
    fired: tuple[FiredRule, ...]
    # Where to go once withdrawal management is done; None unless withdrawal management comes first.
    after_withdrawal: Level | None = None

    @property
    def deciding(self) -> tuple[FiredRule, ...]:
        """The rules that set the recommended level (the others allow a lower one)."""
        return tuple(rule for rule in self.fired if rule.floor == self.level)


Rule = Callable[[Facts], FiredRule | None]


def _sentence(words: str) -> str:
    return words[:1].upper() + words[1:]


def _imminent_danger(f: Facts) -> FiredRule | None:
    found = [
        name
        for name, rating in (
            ("withdrawal", f.withdrawal),
            ("biomedical", f.biomedical),
            ("psychiatric", f.psychiatric),
        )
        if rating == 4
    ]
    if not found:
        return None
    floor = Level.WITHDRAWAL if f.withdrawal == 4 else Level.RESIDENTIAL
    return FiredRule(
        "imminent_danger",
        floor,
        f"{_sentence(' and '.join(found))} rated 4 (imminent danger) -> emergency evaluation today, "
        "before any placement.",
        emergency=True,
    )


def _withdrawal_management(f: Facts) -> FiredRule | None:
    if f.needs_withdrawal_management:
        return FiredRule(
            "withdrawal_management",
            Level.WITHDRAWAL,
            "Needs medically managed withdrawal -> not IOP; withdrawal management first.",
        )
    if f.withdrawal == 3:
        return FiredRule(
            "withdrawal_management",
            Level.WITHDRAWAL,
            "Withdrawal risk rated 3 -> not IOP; withdrawal management first.",
        )
    return None


def _withdrawal_monitoring(f: Facts) -> FiredRule | None:
    if f.withdrawal != 2 or f.needs_withdrawal_management:
        return None
    return FiredRule(
        "withdrawal_monitoring",
        Level.IOP,
        "Withdrawal risk rated 2 -> needs checking several days a week; more than outpatient.",
    )


def _needs_24_hour_care(f: Facts) -> FiredRule | None:
    if not f.needs_24_hour_care:
        return None
    return FiredRule(
        "24_hour_care",
        Level.RESIDENTIAL,
        "Needs 24-hour supervision or medical care -> not IOP; residential.",
    )


def _biomedical(f: Facts) -> FiredRule | None:
    if f.biomedical != 3:
        return None
    return FiredRule(
        "biomedical_daily",
        Level.PHP,
        "Biomedical conditions rated 3 -> need daily medical oversight; PHP, not IOP.",
    )


def _psychiatric(f: Facts) -> FiredRule | None:
    if f.severe_co_occurring and f.psychiatric >= 3:
        return FiredRule(
            "co_occurring_24_hour",
            Level.RESIDENTIAL,
            "Severe co-occurring psychiatric illness with symptoms rated 3+ -> 24-hour structure; residential.",
        )
    if f.severe_co_occurring:
        return FiredRule(
            "co_occurring_daily",
            Level.PHP,
            "Severe co-occurring psychiatric illness -> daily structured care (PHP, 20+ h/week); not IOP.",
        )
    if f.psychiatric == 3:
        return FiredRule(
            "psychiatric_daily",
            Level.PHP,
            "Psychiatric symptoms rated 3 -> daily structured care (PHP, 20+ h/week); not IOP.",
        )
    if f.psychiatric == 2:
        return FiredRule(
            "psychiatric_moderate",
            Level.IOP,
            "Psychiatric symptoms rated 2 -> more than weekly outpatient; IOP.",
        )
    return None


def _environment(f: Facts) -> FiredRule | None:
    if f.unsafe_home:
        return FiredRule(
            "unsafe_home",
            Level.RESIDENTIAL,
            "Home is unsafe or full of triggers -> not IOP, which sends the client home every night; "
            "residential (or sober living) first.",
        )
    floors = {
        4: (Level.RESIDENTIAL, "no safe place to recover; residential"),
        3: (Level.PHP, "needs most of the day away from it; PHP"),
        2: (Level.IOP, "needs structure several days a week; IOP"),
    }
    if f.environment not in floors:
        return None
    floor, consequence = floors[f.environment]
    return FiredRule("environment", floor, f"Recovery environment rated {f.environment} -> {consequence}.")


def _use_risk(f: Facts) -> FiredRule | None:
    floors = {
        4: (Level.RESIDENTIAL, "cannot stop using without 24-hour structure; residential"),
        3: (Level.PHP, "needs daily structure to stop using; PHP"),
        2: (Level.IOP, "needs structured treatment several days a week; IOP"),
    }
    if f.use_risk not in floors:
        return None
    floor, consequence = floors[f.use_risk]
    return FiredRule("use_risk", floor, f"Relapse / continued-use risk rated {f.use_risk} -> {consequence}.")


def _severity(f: Facts) -> FiredRule | None:
    if f.severity != Severity.SEVERE:
        return None
    return FiredRule(
        "severe_disorder", Level.IOP, "Severe use disorder (6+ DSM-5 criteria) -> more than outpatient."
    )


def _failed_lower_level(f: Facts) -> FiredRule | None:
    if f.failed_level is None:
        return None
    floor = _STEP_UP[f.failed_level]
    return FiredRule(
        "failed_lower_level",
        floor,
        f"{_sentence(LEVEL_NAMES[f.failed_level])} already tried without enough progress -> "
        f"step up to {LEVEL_NAMES[floor]}.",
    )


def _readiness(f: Facts) -> FiredRule | None:
    low = f.readiness == Readiness.NOT_READY or (f.readiness_rating or 0) >= 3
    if not low:
        return None
    return FiredRule(
        "low_readiness",
        Level.OUTPATIENT,
        "Low readiness to change -> motivational work at the chosen level; readiness alone never "
        "raises the level.",
    )


def _person_centered(f: Facts) -> FiredRule | None:
    if (f.person_centered or 0) < 3:
        return None
    return FiredRule(
        "barriers_to_care",
        Level.OUTPATIENT,
        "Person-centered barriers rated 3+ -> plan transport, childcare and schedule before placement.",
    )


# Emergencies first, then the findings that rule IOP out, then those that rule outpatient out.
RULES: tuple[Rule, ...] = (
    _imminent_danger,
    _withdrawal_management,
    _needs_24_hour_care,
    _psychiatric,
    _environment,
    _use_risk,
    _biomedical,
    _withdrawal_monitoring,
    _failed_lower_level,
    _severity,
    _readiness,
    _person_centered,
)


def _highest(rules: list[FiredRule]) -> Level:
    return max((rule.floor for rule in rules), key=_INTENSITY.__getitem__, default=Level.OUTPATIENT)


def recommend(facts: Facts) -> Recommendation:
    """The least intensive level that meets every rule that fired, with those rules in order."""
    fired = [rule for rule in (check(facts) for check in RULES) if rule is not None]
    level = _highest(fired)
    if level == Level.OUTPATIENT:
        fired.append(
            FiredRule(
                "least_intensive",
                Level.OUTPATIENT,
                "Nothing calls for more structure -> outpatient, the least intensive level that is safe.",
            )
        )
    after = None
    if level == Level.WITHDRAWAL:
        after = _highest([rule for rule in fired if rule.floor != Level.WITHDRAWAL])
    return Recommendation(
        level=level,
        emergency=any(rule.emergency for rule in fired),
        fired=tuple(fired),
        after_withdrawal=after,
    )


def intensity(level: str) -> int:
    """Order of levels for step-up/step-down; unknown codes (e.g. inpatient "4") rank above residential."""
    known = {member.value: member for member in Level}
    return _INTENSITY[known[level]] if level in known else 5
