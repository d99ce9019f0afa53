"""Level-of-care vignettes: synthetic clients, the level our rules recommend, and the reasons shown.

Each vignette lists every rule that must fire (in order) and the words the clinician must see for the
deciding one. The rules are Trellis's own (level_of_care.py), not ASAM's licensed algorithm.
"""

from dataclasses import dataclass

import pytest

from trellis.intake.level_of_care import Facts, Readiness, Severity, recommend
from trellis.intake.levels import Level

WM, PHP, IOP, OP = Level.WITHDRAWAL, Level.PHP, Level.IOP, Level.OUTPATIENT
R37, R35, R31 = Level.MEDICAL_RESIDENTIAL, Level.HIGH_INTENSITY_RESIDENTIAL, Level.LOW_INTENSITY_RESIDENTIAL
RESIDENTIAL = {R31, R35, R37}


@dataclass(frozen=True)
class Vignette:
    story: str
    facts: Facts
    level: Level
    rules: tuple[str, ...]
    says: str  # words that must appear in the explanation of a deciding rule
    emergency: bool = False


VIGNETTES = [
    # Withdrawal management
    Vignette(
        "Daily drinker, 20 years, last drink 10 h ago, tremor and sweats, past withdrawal seizure",
        Facts(withdrawal=3, needs_withdrawal_management=True, use_risk=2, severity=Severity.SEVERE),
        WM,
        ("withdrawal_management", "use_risk", "severe_disorder"),
        "Needs medically managed withdrawal -> not IOP; withdrawal management first.",
    ),
    Vignette(
        "Benzodiazepines daily for two years, wants to stop, no taper plan",
        Facts(withdrawal=3, use_risk=1),
        WM,
        ("withdrawal_management",),
        "Withdrawal risk rated 3 -> not IOP; withdrawal management first.",
    ),
    Vignette(
        "Confused, hallucinating, 36 h after last drink",
        Facts(withdrawal=4, needs_withdrawal_management=True),
        WM,
        ("imminent_withdrawal", "withdrawal_management"),
        "emergency evaluation today",
        emergency=True,
    ),
    Vignette(
        "Heroin daily, sleeping in a house where everyone uses, asks for detox",
        Facts(needs_withdrawal_management=True, unsafe_home=True, use_risk=3),
        WM,
        ("withdrawal_management", "unsafe_home", "use_risk"),
        "withdrawal management first",
    ),
    # Residential
    Vignette(
        "Cannot manage insulin while using; needs nursing around the clock",
        Facts(needs_24_hour_care=True, biomedical=3, use_risk=2),
        R37,
        ("24_hour_care", "use_risk", "biomedical_daily"),
        "Needs 24-hour supervision or medical care -> not IOP; 3.7 Medically monitored intensive inpatient.",
    ),
    Vignette(
        "Lives with a partner who deals and is violent; stable otherwise",
        Facts(unsafe_home=True, environment=4, use_risk=2),
        R31,
        ("unsafe_home", "use_risk"),
        "Home is unsafe or full of triggers -> not IOP",
    ),
    Vignette(
        "Used through two outpatient episodes and an IOP stay; uses within hours of every attempt",
        Facts(use_risk=4, failed_level=IOP, severity=Severity.SEVERE),
        R35,
        ("use_risk", "failed_lower_level", "severe_disorder"),
        "cannot stop using without 24-hour structure; 3.5 Clinically managed high-intensity residential",
    ),
    Vignette(
        "Bipolar disorder, manic episode last month, severe alcohol use",
        Facts(severe_co_occurring=True, psychiatric=3, use_risk=2),
        R37,
        ("co_occurring_24_hour", "use_risk"),
        "Severe co-occurring psychiatric illness with symptoms rated 3+",
    ),
    # PHP
    Vignette(
        "Major depression with daily passive thoughts of death, no plan; uses cannabis daily",
        Facts(psychiatric=3, use_risk=2),
        PHP,
        ("psychiatric_daily", "use_risk"),
        "Psychiatric symptoms rated 3 -> daily structured care (PHP, 20+ h/week); not IOP.",
    ),
    Vignette(
        "Relapsed twice during IOP in the last month",
        Facts(failed_level=IOP, use_risk=2),
        PHP,
        ("use_risk", "failed_lower_level"),
        "IOP already tried without enough progress -> step up to 2.5 Partial hospitalization.",
    ),
    Vignette(
        "Schizophrenia, stable on medication, methamphetamine binges",
        Facts(severe_co_occurring=True, psychiatric=2, use_risk=2),
        PHP,
        ("co_occurring_daily", "use_risk"),
        "Severe co-occurring psychiatric illness -> daily structured care",
    ),
    Vignette(
        "Just out of residential, drinking buddies at home all day",
        Facts(environment=3, use_risk=1),
        PHP,
        ("environment",),
        "Recovery environment rated 3 -> needs most of the day away from it; 2.5 Partial hospitalization.",
    ),
    # IOP
    Vignette(
        "Stepping down from residential after 28 days; works, supportive spouse, cravings at night",
        Facts(use_risk=2, environment=1, severity=Severity.SEVERE),
        IOP,
        ("use_risk", "severe_disorder"),
        "Relapse / continued-use risk rated 2 -> needs structured treatment several days a week; IOP.",
    ),
    Vignette(
        "Weekly counselling for six months, drinking more; DUI last week",
        Facts(failed_level=OP, use_risk=1, severity=Severity.MODERATE),
        IOP,
        ("failed_lower_level",),
        "Outpatient already tried without enough progress -> step up to 2.1 Intensive outpatient.",
    ),
    Vignette(
        "Opioid use disorder on buprenorphine, mild anxiety, stable home",
        Facts(psychiatric=2, use_risk=2, readiness=Readiness.AMBIVALENT),
        IOP,
        ("psychiatric_moderate", "use_risk"),
        "Psychiatric symptoms rated 2 -> more than weekly outpatient; IOP.",
    ),
    Vignette(
        "Cutting down alcohol, mild withdrawal on waking, no seizure history",
        Facts(withdrawal=2),
        IOP,
        ("withdrawal_monitoring",),
        "Withdrawal risk rated 2 -> needs checking several days a week",
    ),
    # Outpatient
    Vignette(
        "Completed IOP; 90 days sober, in early remission, working, attends AA",
        Facts(use_risk=1, environment=1, severity=Severity.NONE),
        OP,
        ("least_intensive",),
        "Nothing calls for more structure -> outpatient, the least intensive level that is safe.",
    ),
    Vignette(
        "College student sent by the school after one alcohol incident; no withdrawal, good supports",
        Facts(severity=Severity.MILD, readiness=Readiness.NOT_READY, readiness_rating=3),
        OP,
        ("low_readiness", "least_intensive"),
        "readiness alone never raises the level",
    ),
    Vignette(
        "Controlled diabetes and hypertension, moderate drinking, motivated",
        Facts(biomedical=2, use_risk=1, severity=Severity.MODERATE),
        OP,
        ("least_intensive",),
        "least intensive level that is safe",
    ),
    Vignette(
        "Single parent, no car, mild cannabis use disorder",
        Facts(person_centered=3, severity=Severity.MILD, use_risk=1),
        OP,
        ("barriers_to_care", "least_intensive"),
        "plan transport, childcare and schedule before placement",
    ),
]


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v.story[:40] for v in VIGNETTES])
def test_it_recommends_the_vignettes_level_with_its_reasons(vignette: Vignette) -> None:
    # given a vignette's findings
    # when the rules run
    result = recommend(vignette.facts)
    # then the level, the rules that fired (in order) and the deciding words are as expected
    assert result.level == vignette.level
    assert tuple(rule.code for rule in result.fired) == vignette.rules
    assert any(vignette.says in rule.reason for rule in result.deciding)
    assert result.emergency is vignette.emergency


def test_it_covers_every_level_with_at_least_three_vignettes() -> None:
    # given the table above / when counted by kind of level / then each kind has three or more
    for kind in ({WM}, RESIDENTIAL, {PHP}, {IOP}, {OP}):
        assert sum(v.level in kind for v in VIGNETTES) >= 3, kind


def test_it_says_where_to_go_after_withdrawal_management() -> None:
    # given someone who needs detox and then lives in an unsafe home
    result = recommend(Facts(needs_withdrawal_management=True, unsafe_home=True))
    # then withdrawal management comes first, low-intensity residential next
    assert result.level == WM
    assert result.after_withdrawal == R31


def test_it_refuses_ratings_outside_zero_to_four() -> None:
    with pytest.raises(ValueError, match="use_risk must be rated 0-4"):
        Facts(use_risk=5)
    with pytest.raises(ValueError, match="failed_level"):
        Facts(failed_level=Level.RESIDENTIAL)
