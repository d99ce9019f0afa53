"""Trellis's own, transparent level-of-care rules: a recommendation and every rule that led to it.

Not ASAM's CONTINUUM algorithm (licensed; REFERENCE.md section 2), only the principles the criteria publish:
emergencies first, then the least intensive level that is safe, never an average of ratings. Each rule sets
a floor ("at least 2.5") with a plain-words reason; the recommendation is the highest floor. The clinician
confirms it, or chooses another level with a written reason. No Django import: frozen dataclasses in and out,
tested with vignettes.

The levels are those of the edition in use. ASAM Criteria 3rd ed. (2013): 0.5 early intervention, 1
outpatient, 2.1 IOP, 2.5 partial hospitalization, 3.1/3.3/3.5/3.7 residential and inpatient, 4 medically
managed intensive inpatient, with withdrawal management as its own service. 4th ed. (2023): 1.0, 1.5, 1.7,
2.1, 2.5 (high-intensity outpatient), 2.7, 3.1, 3.5, 3.7, 4, withdrawal management built into 1.7, 2.7, 3.7
and 4 (REFERENCE.md section 2, marked verify). Which 4th-edition level a finding calls for (e.g. withdrawal
risk 2 -> 1.7) is Trellis's reading of those level descriptions, not ASAM's decision tree.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from trellis.intake.levels import FOURTH, INTENSITY, LEVELS, STEP_UP, THIRD, Level, intensity


class Severity(StrEnum):
    """Substance use disorder severity by DSM-5 criteria count: 2-3 mild, 4-5 moderate, 6+ severe."""

    AT_RISK = "at_risk"  # risky use without a use disorder: 3rd-edition early intervention (0.5)
    NONE = "none"  # no current criteria: in remission
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
    edition: str = THIRD

    def __post_init__(self) -> None:
        for name in ("withdrawal", "biomedical", "psychiatric", "use_risk", "environment"):
            _check_rating(name, getattr(self, name))
        for name in ("readiness_rating", "person_centered"):
            if getattr(self, name) is not None:
                _check_rating(name, getattr(self, name))
        if self.failed_level is not None and self.failed_level not in STEP_UP:
            raise ValueError("failed_level must be outpatient, IOP or PHP")
        if self.edition not in LEVELS:
            raise ValueError(f"edition must be {THIRD} or {FOURTH}, not {self.edition}")

    @property
    def fourth(self) -> bool:
        return self.edition == FOURTH


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


def _name(level: Level, f: Facts) -> str:
    return LEVELS[f.edition][level]


def _imminent_danger(f: Facts) -> FiredRule | None:
    """A 4 in biomedical or psychiatric is imminent danger: Level 4, which an IOP can never be."""
    found = [
        name for name, rating in (("biomedical", f.biomedical), ("psychiatric", f.psychiatric)) if rating == 4
    ]
    if not found:
        return None
    return FiredRule(
        "imminent_danger",
        Level.INPATIENT,
        f"{_sentence(' and '.join(found))} rated 4 (imminent danger) -> {_name(Level.INPATIENT, f)}: "
        "refer out today; this IOP cannot hold the client. Emergency evaluation before any placement.",
        emergency=True,
    )


def _withdrawal_danger(f: Facts) -> FiredRule | None:
    if f.withdrawal != 4:
        return None
    floor = Level.INPATIENT if f.fourth else Level.WITHDRAWAL
    return FiredRule(
        "imminent_withdrawal",
        floor,
        f"Withdrawal rated 4 (imminent danger) -> {_name(floor, f)}: "
        "emergency evaluation today, before any placement.",
        emergency=True,
    )


def _withdrawal_management(f: Facts) -> FiredRule | None:
    if f.withdrawal != 3 and not f.needs_withdrawal_management:
        return None
    why = "Needs medically managed withdrawal" if f.needs_withdrawal_management else "Withdrawal risk rated 3"
    floor = Level.WITHDRAWAL
    if f.fourth:
        floor = Level.MEDICAL_RESIDENTIAL if f.withdrawal == 3 else Level.MEDICAL_IOP
    if f.fourth:
        return FiredRule(
            "withdrawal_management", floor, f"{why} -> {_name(floor, f)}, which manages withdrawal."
        )
    return FiredRule("withdrawal_management", floor, f"{why} -> not IOP; withdrawal management first.")


def _withdrawal_monitoring(f: Facts) -> FiredRule | None:
    if f.withdrawal != 2 or f.needs_withdrawal_management:
        return None
    if f.fourth:
        return FiredRule(
            "withdrawal_monitoring",
            Level.MEDICAL_OUTPATIENT,
            "Withdrawal risk rated 2 -> medical checks several days a week; 1.7 medically managed outpatient.",
        )
    return FiredRule(
        "withdrawal_monitoring",
        Level.IOP,
        "Withdrawal risk rated 2 -> needs checking several days a week; more than outpatient.",
    )


def _needs_24_hour_care(f: Facts) -> FiredRule | None:
    if not f.needs_24_hour_care:
        return None
    medical = f.biomedical >= 3 or f.psychiatric >= 3
    floor = Level.MEDICAL_RESIDENTIAL if medical else Level.HIGH_INTENSITY_RESIDENTIAL
    return FiredRule(
        "24_hour_care",
        floor,
        f"Needs 24-hour supervision or medical care -> not IOP; {_name(floor, f)}.",
    )


def _biomedical(f: Facts) -> FiredRule | None:
    if f.biomedical != 3:
        return None
    if f.fourth:
        return FiredRule(
            "biomedical_daily",
            Level.MEDICAL_IOP,
            "Biomedical conditions rated 3 -> need daily medical oversight; 2.7 medically managed intensive "
            "outpatient, not IOP.",
        )
    return FiredRule(
        "biomedical_daily",
        Level.PHP,
        "Biomedical conditions rated 3 -> need daily medical oversight; PHP, not IOP.",
    )


def _psychiatric(f: Facts) -> FiredRule | None:
    daily = "high-intensity outpatient" if f.fourth else "PHP"
    if f.severe_co_occurring and f.psychiatric >= 3:
        return FiredRule(
            "co_occurring_24_hour",
            Level.MEDICAL_RESIDENTIAL,
            "Severe co-occurring psychiatric illness with symptoms rated 3+ -> 24-hour medical structure; "
            f"{_name(Level.MEDICAL_RESIDENTIAL, f)}.",
        )
    if f.severe_co_occurring:
        return FiredRule(
            "co_occurring_daily",
            Level.PHP,
            f"Severe co-occurring psychiatric illness -> daily structured care ({daily}, 20+ h/week); not IOP.",
        )
    if f.psychiatric == 3:
        return FiredRule(
            "psychiatric_daily",
            Level.PHP,
            f"Psychiatric symptoms rated 3 -> daily structured care ({daily}, 20+ h/week); not IOP.",
        )
    if f.psychiatric == 2:
        return FiredRule(
            "psychiatric_moderate",
            Level.IOP,
            "Psychiatric symptoms rated 2 -> more than weekly outpatient; IOP.",
        )
    return None


def _environment(f: Facts) -> FiredRule | None:
    residential = _name(Level.LOW_INTENSITY_RESIDENTIAL, f)
    if f.unsafe_home:
        return FiredRule(
            "unsafe_home",
            Level.LOW_INTENSITY_RESIDENTIAL,
            "Home is unsafe or full of triggers -> not IOP, which sends the client home every night; "
            f"{residential} (or sober living) first.",
        )
    floors = {
        4: (Level.LOW_INTENSITY_RESIDENTIAL, f"no safe place to recover; {residential}"),
        3: (Level.PHP, f"needs most of the day away from it; {_name(Level.PHP, f)}"),
        2: (Level.IOP, "needs structure several days a week; IOP"),
    }
    if f.environment not in floors:
        return None
    floor, consequence = floors[f.environment]
    return FiredRule("environment", floor, f"Recovery environment rated {f.environment} -> {consequence}.")


def _use_risk(f: Facts) -> FiredRule | None:
    floors = {
        4: (
            Level.HIGH_INTENSITY_RESIDENTIAL,
            f"cannot stop using without 24-hour structure; {_name(Level.HIGH_INTENSITY_RESIDENTIAL, f)}",
        ),
        3: (Level.PHP, f"needs daily structure to stop using; {_name(Level.PHP, f)}"),
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
    floor = STEP_UP[f.failed_level]
    tried = {Level.OUTPATIENT: "outpatient", Level.IOP: "IOP", Level.PHP: "PHP"}[f.failed_level]
    return FiredRule(
        "failed_lower_level",
        floor,
        f"{_sentence(tried)} already tried without enough progress -> step up to {_name(floor, f)}.",
    )


def _readiness(f: Facts) -> FiredRule | None:
    low = f.readiness == Readiness.NOT_READY or (f.readiness_rating or 0) >= 3
    if not low:
        return None
    return FiredRule(
        "low_readiness",
        _least_intensive(f).floor,
        "Low readiness to change -> motivational work at the chosen level; readiness alone never "
        "raises the level.",
    )


def _person_centered(f: Facts) -> FiredRule | None:
    if (f.person_centered or 0) < 3:
        return None
    return FiredRule(
        "barriers_to_care",
        _least_intensive(f).floor,
        "Person-centered barriers rated 3+ -> plan transport, childcare and schedule before placement.",
    )


# Emergencies first, then the findings that rule IOP out, then those that rule outpatient out.
RULES: tuple[Rule, ...] = (
    _imminent_danger,
    _withdrawal_danger,
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


def _least_intensive(f: Facts) -> FiredRule:
    """The level when nothing calls for more: what the severity allows in the edition in use."""
    if f.severity == Severity.AT_RISK and not f.fourth:
        return FiredRule(
            "least_intensive",
            Level.EARLY_INTERVENTION,
            "Risky use without a use disorder and nothing calls for more -> 0.5 early intervention.",
        )
    if f.severity == Severity.NONE and f.fourth:
        return FiredRule(
            "least_intensive",
            Level.REMISSION_MONITORING,
            "In remission and nothing calls for more -> 1.0 long-term remission monitoring.",
        )
    outpatient = Level.OUTPATIENT_THERAPY if f.fourth else Level.OUTPATIENT
    return FiredRule(
        "least_intensive",
        outpatient,
        "Nothing calls for more structure -> outpatient, the least intensive level that is safe.",
    )


def _highest(rules: list[FiredRule], default: Level) -> Level:
    return max((rule.floor for rule in rules), key=INTENSITY.__getitem__, default=default)


def recommend(facts: Facts) -> Recommendation:
    """The least intensive level that meets every rule that fired, with those rules in order."""
    fired = [rule for rule in (check(facts) for check in RULES) if rule is not None]
    baseline = _least_intensive(facts)
    level = _highest(fired, baseline.floor)
    if intensity(level) <= intensity(baseline.floor):
        fired.append(baseline)
        level = baseline.floor
    after = None
    if level == Level.WITHDRAWAL:
        rest = [rule for rule in fired if rule.floor != Level.WITHDRAWAL]
        after = _highest([*rest, baseline], baseline.floor)
    return Recommendation(
        level=level,
        emergency=any(rule.emergency for rule in fired),
        fired=tuple(fired),
        after_withdrawal=after,
    )
