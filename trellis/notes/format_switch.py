"""Moving a draft's typed sections to another note format (DAP, BIRP, SOAP) without losing a word.

Each section goes to the section of the new format that holds the same kind of content; where two sections
land in one (SOAP's Subjective and Objective both become DAP's Data), each keeps its old heading so the
clinician can see what came from where. Same-named sections (Assessment, Plan) carry over unchanged.

The correspondences are the program's reading of the formats' usual descriptions, not a published
crosswalk: DAP's Data is what the client said and what was observed (SOAP's Subjective and Objective, BIRP's
Behavior); BIRP's Intervention, what the clinician did in session, is observed fact (SOAP's Objective, DAP's
Data); BIRP's Response and DAP/SOAP's Assessment are the reading of the session; Plan is Plan everywhere.
The clinician reviews the moved text before saving, so an imperfect fit costs an edit, never the words.
"""

from trellis.notes.choices import SECTIONS, NoteFormat

DAP, BIRP, SOAP = NoteFormat.DAP.value, NoteFormat.BIRP.value, NoteFormat.SOAP.value

# (from, to) -> {section in `from`: section in `to`}
TARGETS: dict[tuple[str, str], dict[str, str]] = {
    (DAP, BIRP): {"data": "behavior", "assessment": "response", "plan": "plan"},
    (DAP, SOAP): {"data": "subjective", "assessment": "assessment", "plan": "plan"},
    (BIRP, DAP): {"behavior": "data", "intervention": "data", "response": "assessment", "plan": "plan"},
    (BIRP, SOAP): {
        "behavior": "subjective",
        "intervention": "objective",
        "response": "assessment",
        "plan": "plan",
    },
    (SOAP, DAP): {"subjective": "data", "objective": "data", "assessment": "assessment", "plan": "plan"},
    (SOAP, BIRP): {
        "subjective": "behavior",
        "objective": "behavior",
        "assessment": "response",
        "plan": "plan",
    },
}


def _labels(note_format: str) -> dict[str, str]:
    return dict(SECTIONS[note_format])


def move_sections(*, sections: dict[str, str], source: str, target: str) -> dict[str, str]:
    """The typed `sections` of a `source`-format draft, rearranged into `target`'s sections.

    Every non-blank section's text appears in the result. A section with no counterpart (none today, but a
    format may grow one) goes to the target's first section, under its old heading.
    """
    if source == target:
        return {key: sections.get(key, "") for key in _labels(target)}
    mapping = TARGETS[(source, target)]
    first = next(iter(_labels(target)))
    pieces: dict[str, list[tuple[str, str]]] = {key: [] for key in _labels(target)}
    for key, label in SECTIONS[source]:
        text = sections.get(key) or ""
        if text.strip():
            pieces[mapping.get(key, first)].append((label, text))
    return {key: _join(found, headed=key not in mapping.values()) for key, found in pieces.items()}


def _join(found: list[tuple[str, str]], *, headed: bool) -> str:
    """One piece reads as it was typed; several (or a stray) each keep their old heading."""
    if len(found) == 1 and not headed:
        return found[0][1]
    return "\n\n".join(f"{label}:\n{text}" for label, text in found)
