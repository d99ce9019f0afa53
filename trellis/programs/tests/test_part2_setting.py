"""The director says whether a program is a 42 CFR Part 2 program, or leaves it to follow the program kind."""

from typing import Any

import pytest
from django.urls import reverse

from trellis.privacy.models import AuditEvent
from trellis.programs.choices import ProgramKind
from trellis.programs.models import Program


def _form(program: Program, **changes: Any) -> dict[str, Any]:
    data = {
        "name": program.name,
        "kind": program.kind,
        "age_group": program.age_group,
        "level_of_care": "2.1",
        "min_weekly_hours": "9",
        "min_days_per_week": "3",
        "max_days_per_week": "5",
        "typical_length_weeks": "8",
        "max_length_days": "90",
        "is_part2": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("answer", "kind", "stored", "is_part2"),
    [
        ("", ProgramKind.SUBSTANCE_USE, None, True),
        ("", ProgramKind.MENTAL_HEALTH, None, False),
        ("no", ProgramKind.SUBSTANCE_USE, False, False),
        ("yes", ProgramKind.MENTAL_HEALTH, True, True),
    ],
)
def test_it_saves_the_part2_choice(
    world: Any, client: Any, answer: str, kind: str, stored: bool | None, is_part2: bool
) -> None:
    client.force_login(world.dana)
    url = reverse("programs:program_edit", kwargs={"pk": world.program.pk})
    response = client.post(url, _form(world.program, kind=kind, is_part2=answer))
    assert response.status_code == 302
    world.program.refresh_from_db()
    assert (world.program.is_part2, world.program.part2) == (stored, is_part2)
    assert AuditEvent.objects.filter(
        actor=world.dana, action=AuditEvent.Action.UPDATE, detail="program saved"
    ).exists()
    # and the setup page says which the program is
    setup = client.get(reverse("programs:setup")).content.decode()
    assert ("42 CFR Part 2 program" if is_part2 else "HIPAA only") in setup


def test_the_form_offers_the_three_answers_with_the_current_one_chosen(world: Any, client: Any) -> None:
    world.program.is_part2 = False
    world.program.save()
    client.force_login(world.dana)
    body = client.get(reverse("programs:program_edit", kwargs={"pk": world.program.pk})).content.decode()
    assert "42 CFR Part 2 program" in body
    assert '<option value="">Follow the program kind</option>' in body
    assert '<option value="no" selected>No</option>' in body
    assert "substance use and co-occurring programs are Part 2 programs" in body
