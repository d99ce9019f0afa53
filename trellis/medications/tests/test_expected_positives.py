"""The pure rule: which positives a client's current medications explain."""

import pytest

from trellis.medications.expected_positives import MedicationFacts, classify_positives, unexpected

BUP = MedicationFacts(name="Buprenorphine/naloxone", mat_kind="buprenorphine")
SUBLOCADE = MedicationFacts(name="Sublocade", mat_kind="buprenorphine")
BRAND_ONLY = MedicationFacts(name="Bup XR (unlisted brand)", mat_kind="buprenorphine")
METHADONE = MedicationFacts(name="Methadone liquid", mat_kind="methadone")
VIVITROL = MedicationFacts(name="Vivitrol", mat_kind="naltrexone_xr")
NALTREXONE = MedicationFacts(name="Naltrexone", mat_kind="naltrexone_oral")
ACAMPROSATE = MedicationFacts(name="Acamprosate", mat_kind="acamprosate")
DISULFIRAM = MedicationFacts(name="Disulfiram", mat_kind="disulfiram")
CLONAZEPAM = MedicationFacts(name="Clonazepam")
ADDERALL = MedicationFacts(name="Adderall XR")
OXYCODONE = MedicationFacts(name="Oxycodone-acetaminophen")
SERTRALINE = MedicationFacts(name="Sertraline")


@pytest.mark.parametrize(
    ("substance", "medications", "expected", "explained_by"),
    [
        # the examples
        ("buprenorphine", [BUP], True, "Buprenorphine/naloxone"),
        ("opiates", [], False, ""),
        # MAT on the list
        ("buprenorphine", [SUBLOCADE], True, "Sublocade"),
        ("buprenorphine", [BRAND_ONLY], True, "Bup XR (unlisted brand)"),
        ("buprenorphine", [], False, ""),
        ("buprenorphine", [METHADONE], False, ""),
        ("methadone", [METHADONE], True, "Methadone liquid"),
        ("methadone", [BUP], False, ""),
        # buprenorphine does not show on an opiates or fentanyl assay
        ("opiates", [BUP], False, ""),
        ("fentanyl", [BUP], False, ""),
        # antagonists and alcohol medications explain no positive
        ("opiates", [VIVITROL], False, ""),
        ("opiates", [NALTREXONE], False, ""),
        ("alcohol", [ACAMPROSATE], False, ""),
        ("alcohol", [DISULFIRAM], False, ""),
        # other prescriptions, matched by whole word of generic or brand name
        ("benzodiazepines", [CLONAZEPAM], True, "Clonazepam"),
        ("benzodiazepines", [SERTRALINE], False, ""),
        ("amphetamines", [ADDERALL], True, "Adderall XR"),
        ("methamphetamine", [ADDERALL], False, ""),
        ("oxycodone", [OXYCODONE], True, "Oxycodone-acetaminophen"),
        ("opiates", [OXYCODONE], False, ""),
        ("cocaine", [BUP, CLONAZEPAM, ADDERALL], False, ""),
        ("cannabinoids", [], False, ""),
        # the first explaining medication is named
        ("benzodiazepines", [SERTRALINE, CLONAZEPAM], True, "Clonazepam"),
    ],
)
def test_it_decides_whether_a_positive_is_expected(
    substance: str, medications: list[MedicationFacts], expected: bool, explained_by: str
) -> None:
    # given a positive and the current medication list / when classified
    [finding] = classify_positives(positives=[substance], medications=medications)
    # then
    assert (finding.expected, finding.explained_by) == (expected, explained_by)


def test_it_lists_only_the_unexpected_positives_once_each() -> None:
    findings = classify_positives(
        positives=["buprenorphine", "fentanyl", "cocaine", "fentanyl"], medications=[BUP]
    )
    assert unexpected(findings) == ["fentanyl", "cocaine"]


def test_it_finds_nothing_unexpected_without_positives() -> None:
    assert unexpected(classify_positives(positives=[], medications=[BUP])) == []


def test_it_does_not_match_part_of_a_word() -> None:
    # "Morphinex" is not morphine: matching is by whole word, so a made-up name explains nothing
    [finding] = classify_positives(positives=["opiates"], medications=[MedicationFacts(name="Morphinex")])
    assert finding.expected is False
