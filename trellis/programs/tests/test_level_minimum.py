"""A program's weekly minimum against its ASAM level: below it only with a clinical director's written reason.

ASAM Criteria 3rd ed. (2013): level 2.1 intensive outpatient at least 9 hours a week for adults and 6 for
adolescents; level 2.5 partial hospitalization (4th ed., 2023: high-intensity outpatient) at least 20
(REFERENCE.md section 2).
"""

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from trellis.privacy.models import AuditEvent
from trellis.programs.level_minimums import floor_hours, shortfall
from trellis.programs.services import save_program

REASON = "State pilot: adolescent-adjacent young adults, 6 h/week approved by the payer for this cohort."


@pytest.mark.parametrize(
    ("level", "age_group", "minimum", "short"),
    [
        ("2.1", "adult", "8.9", True),
        ("2.1", "adult", "9", False),
        ("2.1", "adolescent", "5.9", True),
        ("2.1", "adolescent", "6", False),
        ("2.5", "adult", "19.9", True),
        ("2.5", "adult", "20", False),
        ("2.5", "adolescent", "19.5", True),
        ("2.5", "adolescent", "20", False),
    ],
)
def test_it_finds_a_minimum_below_the_levels_at_the_band_edge(
    level: str, age_group: str, minimum: str, short: bool
) -> None:
    found = shortfall(level=level, age_group=age_group, minimum=Decimal(minimum))
    assert (found is not None) == short


def test_the_floors_are_asams() -> None:
    assert [floor_hours("2.1", "adult"), floor_hours("2.1", "adolescent"), floor_hours("2.5", "adult")] == [
        Decimal(9),
        Decimal(6),
        Decimal(20),
    ]


def test_an_adult_iop_at_six_hours_is_refused_without_a_reason(world: Any) -> None:
    # when Dana lowers the adult 2.1 program's minimum to 6 hours with no reason
    with pytest.raises(ValidationError) as refused:
        save_program(
            organization=world.organization,
            program=world.program,
            fields={"min_weekly_hours": Decimal(6)},
            saved_by=world.dana,
        )
    # then the warning names the level's floor and who may keep it, and nothing changes
    assert refused.value.message_dict["min_weekly_hours"] == [
        "ASAM level 2.1 asks at least 9 hours a week for adults; 6 is below it. A clinical director may keep "
        "it by writing the reason below."
    ]
    world.program.refresh_from_db()
    assert world.program.min_weekly_hours == Decimal(9)


def test_a_director_keeps_it_with_a_reason_stored_and_audited(world: Any) -> None:
    # when Dana, a clinical director, keeps 6 hours with a reason
    save_program(
        organization=world.organization,
        program=world.program,
        fields={"min_weekly_hours": Decimal(6), "minimum_override_reason": f"  {REASON} "},
        saved_by=world.dana,
    )
    # then the minimum and the reason are stored, and the audit trail says a director kept it
    world.program.refresh_from_db()
    assert (world.program.min_weekly_hours, world.program.minimum_override_reason) == (Decimal(6), REASON)
    assert AuditEvent.objects.filter(
        actor=world.dana,
        detail="weekly minimum below the level's kept by a director with a written reason: ASAM level 2.1 "
        "asks at least 9 hours a week for adults; 6 is below it.",
    ).exists()


def test_an_administrator_cannot_keep_it_even_with_a_reason(world: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        save_program(
            organization=world.organization,
            program=world.program,
            fields={"min_weekly_hours": Decimal(6), "minimum_override_reason": REASON},
            saved_by=world.adam,
        )
    assert "Only a clinical director" in refused.value.message_dict["minimum_override_reason"][0]
    world.program.refresh_from_db()
    assert world.program.min_weekly_hours == Decimal(9)


def test_switching_to_partial_hospitalization_checks_the_20_hour_floor(world: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        save_program(
            organization=world.organization,
            program=world.program,
            fields={"level_of_care": "2.5"},
            saved_by=world.dana,
        )
    assert "ASAM level 2.5 asks at least 20 hours a week" in refused.value.message_dict["min_weekly_hours"][0]


def test_an_override_on_file_survives_an_unrelated_edit_and_clears_when_the_minimum_is_met(
    world: Any,
) -> None:
    # given a director's override on file
    save_program(
        organization=world.organization,
        program=world.program,
        fields={"min_weekly_hours": Decimal(6), "minimum_override_reason": REASON},
        saved_by=world.dana,
    )
    # when an administrator renames the program, then the minimum goes back to 9
    save_program(
        organization=world.organization,
        program=world.program,
        fields={"name": "IOP Renamed"},
        saved_by=world.adam,
    )
    world.program.refresh_from_db()
    assert world.program.minimum_override_reason == REASON
    save_program(
        organization=world.organization,
        program=world.program,
        fields={"min_weekly_hours": Decimal(9), "minimum_override_reason": REASON},
        saved_by=world.adam,
    )
    # then the reason no longer stands beside a minimum that needs none
    world.program.refresh_from_db()
    assert world.program.minimum_override_reason == ""


def _form(world: Any, **changes: str) -> dict[str, str]:
    program = world.program
    return {
        "name": program.name,
        "kind": program.kind,
        "age_group": "adult",
        "level_of_care": "2.1",
        "min_weekly_hours": "9",
        "minimum_override_reason": "",
        "min_days_per_week": "3",
        "max_days_per_week": "5",
        "typical_length_weeks": "8",
        "max_length_days": "90",
        "is_part2": "",
        **changes,
    }


def test_the_form_warns_then_saves_with_the_directors_reason_shown_on_setup(world: Any, client: Any) -> None:
    client.force_login(world.dana)
    url = reverse("programs:program_edit", kwargs={"pk": world.program.pk})
    # when Dana saves 6 hours without a reason, then with one
    warned = client.post(url, _form(world, min_weekly_hours="6"))
    saved = client.post(url, _form(world, min_weekly_hours="6", minimum_override_reason=REASON), follow=True)
    # then the first shows the warning and saves nothing; the second saves and setup shows the reason
    assert warned.status_code == 200
    assert "ASAM level 2.1 asks at least 9 hours a week for adults; 6 is below it." in warned.content.decode()
    html = saved.content.decode()
    assert "below the level&#x27;s 9 h" in html or "below the level's 9 h" in html
    assert REASON in html
