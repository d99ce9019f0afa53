"""Crisis words in what a caller says: any match flags the inquiry for a same-hour call back.

Deliberately over-inclusive ("not suicidal" is flagged too): a human reads every flagged inquiry, and a
missed crisis costs far more than a second look. No Django import; the terms are the only data.
"""

import re

# Each entry: the label staff see, and the pattern that finds it in free text (case-insensitive).
CRISIS_PATTERNS: tuple[tuple[str, str], ...] = (
    ("suicide", r"\bsuicid\w*"),
    ("kill myself", r"\bkill(?:ing)?\s+(?:my|him|her|them)sel(?:f|ves)\b"),
    ("end my life", r"\bend(?:ing)?\s+(?:my|his|her|their)\s+(?:own\s+)?life\b"),
    ("want to die", r"\bwants?\s+to\s+die\b"),
    ("overdose", r"\bover\s?-?dos(?:e|ed|es|ing)\b|\bOD(?:'?d)?\b"),
    ("can't stay safe", r"\b(?:can'?t|cannot|can\s+not|unable\s+to)\s+(?:stay|keep\s+\w+)\s+safe\b"),
    ("homicide", r"\bhomicid\w*"),
    ("self-harm", r"\bself[\s-]?harm\w*|\bcutting\s+(?:my|him|her|them)sel(?:f|ves)\b"),
    ("hurt someone", r"\b(?:hurt|kill)\s+(?:someone|somebody|him|her|them|people)\b"),
)

_COMPILED = tuple((label, re.compile(pattern, re.IGNORECASE)) for label, pattern in CRISIS_PATTERNS)


def crisis_terms(text: str) -> list[str]:
    """The crisis labels found in `text`, in table order, each once; [] when none."""
    # Phones turn ' into a typographic apostrophe; normalise so both spellings match.
    normalised = text.replace("\u2019", "'").replace("\u2018", "'")
    return [label for label, pattern in _COMPILED if pattern.search(normalised)]
