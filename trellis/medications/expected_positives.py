"""Which positive drug-screen results a client's own medications explain. Pure: no Django, no database.

A positive is *expected* when a current medication is detected by that drug class's assay (buprenorphine
positive while on buprenorphine); otherwise it is *unexpected* and goes to the clinician for plan review.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

# Medications each class assay detects, by generic and common brand name. Source: SAMHSA TAP 32, "Clinical
# Drug Testing in Primary Care" (2012), on what each immunoassay class detects; naltrexone, acamprosate and
# disulfiram are detected by none of these classes, so they explain no positive.
DETECTED_BY: dict[str, frozenset[str]] = {
    "buprenorphine": frozenset(
        {"buprenorphine", "suboxone", "subutex", "zubsolv", "sublocade", "brixadi", "belbuca", "butrans"}
    ),
    "methadone": frozenset({"methadone", "methadose", "dolophine"}),
    "opiates": frozenset({"morphine", "codeine", "hydrocodone", "hydromorphone", "norco", "vicodin"}),
    "oxycodone": frozenset({"oxycodone", "oxycontin", "percocet", "roxicodone", "oxymorphone"}),
    "fentanyl": frozenset({"fentanyl", "duragesic"}),
    "tramadol": frozenset({"tramadol", "ultram"}),
    "benzodiazepines": frozenset(
        {
            "alprazolam",
            "clonazepam",
            "diazepam",
            "lorazepam",
            "chlordiazepoxide",
            "oxazepam",
            "temazepam",
            "xanax",
            "klonopin",
            "valium",
            "ativan",
            "librium",
        }
    ),
    "amphetamines": frozenset(
        {"amphetamine", "dextroamphetamine", "lisdexamfetamine", "adderall", "vyvanse"}
    ),
    "barbiturates": frozenset({"phenobarbital", "butalbital", "fioricet"}),
    "cannabinoids": frozenset({"dronabinol", "marinol"}),
}

# A recorded MAT kind explains its own class even when the name on the list is an unlisted brand.
MAT_KIND_DETECTED_AS: dict[str, str] = {"buprenorphine": "buprenorphine", "methadone": "methadone"}


@dataclass(frozen=True)
class MedicationFacts:
    """What the rule needs to know about one current medication."""

    name: str
    mat_kind: str = ""


@dataclass(frozen=True)
class Finding:
    substance: str
    expected: bool
    explained_by: str = ""  # the medication that explains an expected positive


def _words(name: str) -> set[str]:
    return set(re.findall(r"[a-z]+", name.lower()))


def explaining_medication(substance: str, medications: Iterable[MedicationFacts]) -> str:
    """The name of the first medication that explains a positive for `substance`, or ""."""
    detected = DETECTED_BY.get(substance, frozenset())
    for medication in medications:
        if MAT_KIND_DETECTED_AS.get(medication.mat_kind) == substance or _words(medication.name) & detected:
            return medication.name
    return ""


def classify_positives(*, positives: Iterable[str], medications: Iterable[MedicationFacts]) -> list[Finding]:
    """One finding per positive substance, in the order given."""
    current = list(medications)
    findings = []
    for substance in dict.fromkeys(positives):
        name = explaining_medication(substance, current)
        findings.append(Finding(substance=substance, expected=bool(name), explained_by=name))
    return findings


def unexpected(findings: Iterable[Finding]) -> list[str]:
    return [finding.substance for finding in findings if not finding.expected]
