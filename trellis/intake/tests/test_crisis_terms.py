"""Crisis words in a caller's concern: found at once, whatever the spelling a phone produces."""

import pytest

from trellis.intake.crisis import crisis_terms


@pytest.mark.parametrize(
    ("concern", "terms"),
    [
        ("Mother says he talked about suicide last night", ["suicide"]),
        ("Feeling suicidal since the layoff", ["suicide"]),
        ("I want to kill myself", ["kill myself"]),
        ("Says she is thinking of ending her life", ["end my life"]),
        ("Overdosed on fentanyl in March, Narcan by EMS", ["overdose"]),
        ("Friend OD'd last week, scared", ["overdose"]),
        ("over-dose twice this year", ["overdose"]),
        ("I can't stay safe tonight", ["can't stay safe"]),
        ("I can\u2019t keep myself safe", ["can't stay safe"]),
        ("Cannot stay safe at home", ["can't stay safe"]),
        ("Homicidal thoughts about his brother", ["homicide"]),
        ("History of self-harm, cutting herself", ["self-harm"]),
        ("Wants to die and has pills saved; suicide note", ["suicide", "want to die"]),
        ("Drinking a fifth a day, wife wants him in treatment", []),
        ("Court ordered after DUI, needs IOP evenings", []),
        ("Safe at home, no thoughts of harm", []),
        ("Overdue on rent, stressed, using more", []),
        ("Studies methodology at school", []),
    ],
)
def test_it_finds_crisis_words(concern: str, terms: list[str]) -> None:
    assert crisis_terms(concern) == terms
