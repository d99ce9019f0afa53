"""The whole level-of-care range of each ASAM edition, from 0.5 to 4, with the band edges that move a client.

Sources: ASAM Criteria 3rd ed. (2013): levels 0.5 early intervention, 1, 2.1, 2.5, 3.1, 3.3, 3.5, 3.7 and
4 medically managed intensive inpatient, withdrawal management as its own service. ASAM Criteria 4th ed.
(2023): levels 1.0 long-term remission monitoring, 1.5, 1.7, 2.1, 2.5 high-intensity outpatient, 2.7, 3.1,
3.5, 3.7 and 4, withdrawal management built into 1.7, 2.7, 3.7 and 4. A rating of 4 (imminent danger) in
the biomedical or emotional/psychiatric dimension calls for Level 4: refer out today, never "residential
with a flag" (REFERENCE.md section 2). Which level a finding maps to is Trellis's own transparent rule set.
"""

from typing import Any

import pytest

from trellis.intake.level_of_care import Facts, Severity, recommend
from trellis.intake.levels import LEVELS, Level, level_name, levels_of

THIRD_EDITION = ["0.5", "1", "2.1", "2.5", "3.1", "3.3", "3.5", "3.7", "wm", "4"]
FOURTH_EDITION = ["1.0", "1.5", "1.7", "2.1", "2.5", "2.7", "3.1", "3.5", "3.7", "4"]


@pytest.mark.parametrize(("edition", "codes"), [("3", THIRD_EDITION), ("4", FOURTH_EDITION)])
def test_it_offers_every_level_of_the_edition_least_intensive_first(edition: str, codes: list[str]) -> None:
    assert [level.value for level in levels_of(edition)] == codes


@pytest.mark.parametrize(
    ("code", "edition", "name"),
    [
        ("2.5", "3", "2.5 Partial hospitalization"),
        ("2.5", "4", "2.5 High-intensity outpatient"),
        ("3.7", "3", "3.7 Medically monitored intensive inpatient"),
        ("3.7", "4", "3.7 Medically managed residential"),
        ("1.7", "4", "1.7 Medically managed outpatient"),
        ("2.7", "4", "2.7 Medically managed intensive outpatient"),
        ("0.5", "3", "0.5 Early intervention"),
        ("1.0", "4", "1.0 Long-term remission monitoring"),
        ("4", "3", "4 Medically managed intensive inpatient"),
        ("3", "3", "3 Residential (sublevel not recorded)"),
    ],
)
def test_it_names_a_level_as_its_edition_does(code: str, edition: str, name: str) -> None:
    assert level_name(code, edition) == name


# (edition, dimension, rating, level, emergency): one dimension rated, the rest 0, a moderate disorder.
BANDS = [
    ("3", "biomedical", 3, Level.PHP, False),
    ("3", "biomedical", 4, Level.INPATIENT, True),
    ("3", "psychiatric", 3, Level.PHP, False),
    ("3", "psychiatric", 4, Level.INPATIENT, True),
    ("3", "withdrawal", 2, Level.IOP, False),
    ("3", "withdrawal", 3, Level.WITHDRAWAL, False),
    ("3", "withdrawal", 4, Level.WITHDRAWAL, True),
    ("3", "use_risk", 4, Level.HIGH_INTENSITY_RESIDENTIAL, False),
    ("3", "environment", 4, Level.LOW_INTENSITY_RESIDENTIAL, False),
    ("4", "biomedical", 2, Level.OUTPATIENT_THERAPY, False),
    ("4", "biomedical", 3, Level.MEDICAL_IOP, False),
    ("4", "biomedical", 4, Level.INPATIENT, True),
    ("4", "psychiatric", 1, Level.OUTPATIENT_THERAPY, False),
    ("4", "psychiatric", 2, Level.IOP, False),
    ("4", "psychiatric", 3, Level.PHP, False),
    ("4", "psychiatric", 4, Level.INPATIENT, True),
    ("4", "withdrawal", 1, Level.OUTPATIENT_THERAPY, False),
    ("4", "withdrawal", 2, Level.MEDICAL_OUTPATIENT, False),
    ("4", "withdrawal", 3, Level.MEDICAL_RESIDENTIAL, False),
    ("4", "withdrawal", 4, Level.INPATIENT, True),
    ("4", "use_risk", 2, Level.IOP, False),
    ("4", "use_risk", 3, Level.PHP, False),
    ("4", "use_risk", 4, Level.HIGH_INTENSITY_RESIDENTIAL, False),
    ("4", "environment", 3, Level.PHP, False),
    ("4", "environment", 4, Level.LOW_INTENSITY_RESIDENTIAL, False),
]


@pytest.mark.parametrize(("edition", "dimension", "rating", "level", "emergency"), BANDS)
def test_it_moves_at_each_band_edge_in_each_edition(
    edition: str, dimension: str, rating: int, level: Level, emergency: bool
) -> None:
    # given one dimension rated in the edition in use
    rated: dict[str, Any] = {dimension: rating}
    # when the rules run
    result = recommend(Facts(edition=edition, **rated))
    # then the level is one of that edition's, the one the band calls for
    assert (result.level, result.emergency) == (level, emergency)
    assert result.level in LEVELS[edition]


@pytest.mark.parametrize("edition", ["3", "4"])
@pytest.mark.parametrize("dimension", ["biomedical", "psychiatric"])
def test_a_four_in_biomedical_or_psychiatric_refers_out_to_level_4_today(
    edition: str, dimension: str
) -> None:
    # given imminent danger in D2 or D3, with findings that would otherwise point at residential
    rated: dict[str, Any] = {dimension: 4}
    result = recommend(Facts(edition=edition, unsafe_home=True, use_risk=4, **rated))
    # then the recommendation is Level 4, says to refer out today, and the emergency flag stays
    assert result.level == Level.INPATIENT
    assert result.emergency is True
    deciding = result.deciding[0]
    assert deciding.code == "imminent_danger"
    assert "4 Medically managed intensive inpatient: refer out today" in deciding.reason
    assert "this IOP cannot hold the client" in deciding.reason


def test_level_4_outranks_withdrawal_management_when_both_are_in_danger() -> None:
    result = recommend(Facts(withdrawal=4, psychiatric=4))
    assert (result.level, result.after_withdrawal) == (Level.INPATIENT, None)


@pytest.mark.parametrize(
    ("edition", "severity", "level"),
    [
        ("3", Severity.AT_RISK, Level.EARLY_INTERVENTION),
        ("3", Severity.NONE, Level.OUTPATIENT),
        ("3", Severity.MODERATE, Level.OUTPATIENT),
        ("3", Severity.SEVERE, Level.IOP),
        ("4", Severity.AT_RISK, Level.OUTPATIENT_THERAPY),
        ("4", Severity.NONE, Level.REMISSION_MONITORING),
        ("4", Severity.MILD, Level.OUTPATIENT_THERAPY),
        ("4", Severity.SEVERE, Level.IOP),
    ],
)
def test_the_least_intensive_level_follows_the_severity_and_the_edition(
    edition: str, severity: Severity, level: Level
) -> None:
    # given nothing that calls for structure
    result = recommend(Facts(edition=edition, severity=severity))
    # then the least intensive level is the edition's own for that severity
    assert result.level == level


def test_early_intervention_gives_way_to_any_finding_that_needs_more() -> None:
    result = recommend(Facts(severity=Severity.AT_RISK, use_risk=2))
    assert result.level == Level.IOP
    assert [rule.code for rule in result.fired] == ["use_risk"]


def test_low_readiness_never_raises_early_intervention() -> None:
    result = recommend(Facts(severity=Severity.AT_RISK, readiness_rating=4))
    assert result.level == Level.EARLY_INTERVENTION
    assert [rule.code for rule in result.fired] == ["low_readiness", "least_intensive"]


@pytest.mark.parametrize(
    ("facts", "level"),
    [
        (Facts(edition="4", needs_withdrawal_management=True), Level.MEDICAL_IOP),
        (Facts(edition="4", needs_withdrawal_management=True, withdrawal=3), Level.MEDICAL_RESIDENTIAL),
        (Facts(edition="4", needs_24_hour_care=True), Level.HIGH_INTENSITY_RESIDENTIAL),
        (Facts(edition="4", needs_24_hour_care=True, biomedical=3), Level.MEDICAL_RESIDENTIAL),
        (Facts(edition="4", severe_co_occurring=True, psychiatric=3), Level.MEDICAL_RESIDENTIAL),
        (Facts(edition="4", failed_level=Level.PHP), Level.HIGH_INTENSITY_RESIDENTIAL),
    ],
)
def test_the_fourth_edition_manages_withdrawal_and_medical_needs_within_its_levels(
    facts: Facts, level: Level
) -> None:
    result = recommend(facts)
    assert result.level == level
    assert result.after_withdrawal is None


def test_it_refuses_an_unknown_edition() -> None:
    with pytest.raises(ValueError, match="edition must be 3 or 4"):
        Facts(edition="5")
