"""Switching a new note between DAP, BIRP and SOAP keeps every typed word (issue 12, part 7).

The section correspondences are the program's own (see trellis/notes/format_switch.py): every typed
section lands somewhere in the new format, and sections merged into one keep their old headings.
"""

from typing import Any

import pytest
from django.urls import reverse

from trellis.notes.choices import SECTIONS, NoteFormat
from trellis.notes.format_switch import TARGETS, move_sections
from trellis.notes.models import IndividualNote

FORMATS = [f.value for f in NoteFormat]
PAIRS = [(a, b) for a in FORMATS for b in FORMATS if a != b]


@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_it_keeps_every_typed_section_in_every_switch(source: str, target: str) -> None:
    typed = {key: f"words typed under {label}" for key, label in SECTIONS[source]}
    moved = move_sections(sections=typed, source=source, target=target)
    assert set(moved) == {key for key, _ in SECTIONS[target]}
    everything = "\n".join(moved.values())
    for text in typed.values():
        assert text in everything


@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_every_section_has_a_counterpart(source: str, target: str) -> None:
    targets = {key for key, _ in SECTIONS[target]}
    mapping = TARGETS[(source, target)]
    assert set(mapping) == {key for key, _ in SECTIONS[source]}
    assert set(mapping.values()) <= targets


@pytest.mark.parametrize(
    ("source", "target", "typed", "expected"),
    [
        (
            "dap",
            "soap",
            {"data": "Reports two sober weeks.", "assessment": "Stable.", "plan": "Weekly."},
            {
                "subjective": "Reports two sober weeks.",
                "objective": "",
                "assessment": "Stable.",
                "plan": "Weekly.",
            },
        ),
        (
            "soap",
            "dap",
            {"subjective": "Slept badly.", "objective": "Tearful.", "assessment": "", "plan": "Call Friday."},
            {
                "data": "Subjective:\nSlept badly.\n\nObjective:\nTearful.",
                "assessment": "",
                "plan": "Call Friday.",
            },
        ),
        (
            "birp",
            "soap",
            {
                "behavior": "Calm.",
                "intervention": "MI on cravings.",
                "response": "Named a trigger.",
                "plan": "",
            },
            {
                "subjective": "Calm.",
                "objective": "MI on cravings.",
                "assessment": "Named a trigger.",
                "plan": "",
            },
        ),
        (
            "soap",
            "birp",
            {
                "subjective": "Slept badly.",
                "objective": "",
                "assessment": "Low mood.",
                "plan": "Call Friday.",
            },
            {"behavior": "Slept badly.", "intervention": "", "response": "Low mood.", "plan": "Call Friday."},
        ),
    ],
)
def test_it_moves_sections_to_their_counterparts(
    source: str, target: str, typed: dict[str, str], expected: dict[str, str]
) -> None:
    assert move_sections(sections=typed, source=source, target=target) == expected


def _new_url(world: Any) -> str:
    return reverse("notes:individual_new", kwargs={"client_pk": world.carol.pk})


@pytest.mark.django_db
@pytest.mark.usefixtures("after_session")
def test_switching_posts_the_typed_text_along_and_saves_nothing(world: Any, client: Any) -> None:
    # given Alice typed a DAP draft on a page opened as ?format=dap
    client.force_login(world.alice)
    typed = {
        "format": "dap",
        "service_date": "2026-11-23",
        "duration_minutes": "45",
        "data": "Reports two sober weeks & a new job.",
        "assessment": "Engaged, stable.",
        "plan": "Meet Thursday.",
    }

    # when she switches to SOAP
    response = client.post(_new_url(world) + "?format=dap", {**typed, "switch_to": "soap"})

    # then the SOAP form shows her words in their new sections, with date and length kept, and nothing is saved
    html = response.content.decode()
    assert response.status_code == 200
    assert ">Subjective</label>" in html
    assert ">Data</label>" not in html
    assert "Reports two sober weeks &amp; a new job." in html
    assert "Engaged, stable." in html
    assert "Meet Thursday." in html
    assert 'value="2026-11-23"' in html
    assert 'value="45"' in html
    assert 'name="format" value="soap"' in html
    assert not IndividualNote.objects.exists()

    # when she saves from the switched page (still addressed ?format=dap), then it is saved as SOAP
    saved = {
        "format": "soap",
        "service_date": "2026-11-23",
        "duration_minutes": "45",
        "subjective": "Reports two sober weeks & a new job.",
        "assessment": "Engaged, stable.",
        "plan": "Meet Thursday.",
    }
    client.post(_new_url(world) + "?format=dap", saved)
    note = IndividualNote.objects.get()
    assert note.format == NoteFormat.SOAP
    assert note.sections["subjective"] == "Reports two sober weeks & a new job."


@pytest.mark.django_db
@pytest.mark.usefixtures("after_session")
def test_a_refused_new_note_keeps_what_was_typed(world: Any, client: Any) -> None:
    client.force_login(world.alice)
    data = {
        "format": "birp",
        "service_date": "2026-11-23",
        "duration_minutes": "0",
        "behavior": "Arrived late.",
    }
    response = client.post(_new_url(world), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Arrived late." in html
    assert 'value="0"' in html
    assert "Ensure this value is greater than or equal to 1." in html
    assert not IndividualNote.objects.exists()
