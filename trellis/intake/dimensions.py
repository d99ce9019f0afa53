"""The ASAM dimensions of each edition, as data: what the clinician rates 0-4 and writes a narrative for.

Each dimension names the concern the level-of-care rules read, so one set of rules serves both editions.
3rd edition (2013): six dimensions, D4 readiness to change. 4th edition (2023): D1 adds addiction
medications, readiness folds into the others and "person-centered considerations" is added (REFERENCE.md
section 2, marked verify: titles follow ASAM's published 4th-edition summary). No Django import.
"""

from dataclasses import dataclass
from enum import StrEnum


class Concern(StrEnum):
    WITHDRAWAL = "withdrawal"
    BIOMEDICAL = "biomedical"
    PSYCHIATRIC = "psychiatric"
    READINESS = "readiness"
    USE_RISK = "use_risk"
    ENVIRONMENT = "environment"
    PERSON_CENTERED = "person_centered"


@dataclass(frozen=True)
class Dimension:
    code: str
    title: str
    concern: Concern
    prompt: str


RATING_LABELS = {0: "0 none", 1: "1 mild", 2: "2 moderate", 3: "3 significant", 4: "4 severe / imminent"}

EDITIONS: dict[str, tuple[Dimension, ...]] = {
    "3": (
        Dimension(
            "D1",
            "Acute intoxication and/or withdrawal potential",
            Concern.WITHDRAWAL,
            "Current intoxication, withdrawal signs, past withdrawal history.",
        ),
        Dimension(
            "D2",
            "Biomedical conditions and complications",
            Concern.BIOMEDICAL,
            "Physical health problems, pregnancy, need for medical monitoring.",
        ),
        Dimension(
            "D3",
            "Emotional, behavioral or cognitive conditions",
            Concern.PSYCHIATRIC,
            "Psychiatric symptoms, risk to self or others, cognition.",
        ),
        Dimension(
            "D4",
            "Readiness to change",
            Concern.READINESS,
            "Interest in and commitment to treatment and change.",
        ),
        Dimension(
            "D5",
            "Relapse, continued use or continued problem potential",
            Concern.USE_RISK,
            "Ability to stop or reduce use without more structure.",
        ),
        Dimension(
            "D6",
            "Recovery/living environment",
            Concern.ENVIRONMENT,
            "Home, family, work, peers: supports and triggers.",
        ),
    ),
    "4": (
        Dimension(
            "D1",
            "Intoxication, withdrawal and addiction medications",
            Concern.WITHDRAWAL,
            "Intoxication and withdrawal risk; need for addiction medications (e.g. MOUD).",
        ),
        Dimension(
            "D2",
            "Biomedical conditions",
            Concern.BIOMEDICAL,
            "Physical health problems and the care they need.",
        ),
        Dimension(
            "D3",
            "Psychiatric and cognitive conditions",
            Concern.PSYCHIATRIC,
            "Psychiatric symptoms, risk to self or others, cognition.",
        ),
        Dimension(
            "D4",
            "Substance use-related risks",
            Concern.USE_RISK,
            "Likelihood and consequences of continued use.",
        ),
        Dimension(
            "D5",
            "Recovery environment interactions",
            Concern.ENVIRONMENT,
            "Home, relationships, work and community: supports and triggers.",
        ),
        Dimension(
            "D6",
            "Person-centered considerations",
            Concern.PERSON_CENTERED,
            "Preferences, barriers to care (transport, childcare), readiness.",
        ),
    ),
}


def dimensions_of(edition: str) -> tuple[Dimension, ...]:
    return EDITIONS[edition]
