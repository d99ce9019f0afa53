"""Psychiatric service codes: evaluations, and E/M office visits by total time (AMA CPT 2021), at every edge."""

import pytest

from trellis.billing.rules.psychiatric_codes import psychiatric_code


@pytest.mark.parametrize(
    ("minutes", "code"),
    [
        (9, None),  # below 99212's 10 minutes: no level by time
        (10, "99212"),
        (19, "99212"),
        (20, "99213"),
        (29, "99213"),
        (30, "99214"),
        (39, "99214"),
        (40, "99215"),
        (75, "99215"),
    ],
)
def test_it_picks_the_established_e_m_level_by_total_time(minutes: int, code: str | None) -> None:
    assert psychiatric_code("medication_management", minutes=minutes) == code


@pytest.mark.parametrize(
    ("minutes", "code"),
    [(14, None), (15, "99202"), (29, "99202"), (30, "99203"), (44, "99203"), (45, "99204"), (59, "99204"),
     (60, "99205")],
)  # fmt: skip
def test_it_picks_the_new_client_e_m_level_by_total_time(minutes: int, code: str | None) -> None:
    assert psychiatric_code("medication_management_new", minutes=minutes) == code


def test_a_level_the_prescriber_chose_stands_over_time_but_only_from_its_own_set() -> None:
    assert psychiatric_code("medication_management", minutes=12, chosen_level="99214") == "99214"
    assert psychiatric_code("medication_management", minutes=12, chosen_level="99204") == "99212"


@pytest.mark.parametrize(
    ("service", "code"), [("psych_evaluation", "90791"), ("psych_evaluation_medical", "90792")]
)
def test_evaluations_have_fixed_codes_whatever_their_length(service: str, code: str) -> None:
    assert psychiatric_code(service, minutes=5) == code
    assert psychiatric_code(service, minutes=120) == code
