"""Psychotherapy codes by session length (CPT time rules, REFERENCE.md s4), at every band edge."""

import pytest

from trellis.billing.rules.psychotherapy_time import (
    Service,
    TimeBand,
    family_code,
    psychotherapy_code,
    service_code,
)


@pytest.mark.parametrize(
    ("minutes", "code"),
    [
        (0, None),
        (15, None),  # under 16 minutes is not billable
        (16, "90832"),
        (37, "90832"),
        (38, "90834"),
        (52, "90834"),
        (53, "90837"),
        (90, "90837"),
    ],
)
def test_it_picks_the_psychotherapy_code_by_minutes(minutes: int, code: str | None) -> None:
    assert psychotherapy_code(minutes) == code


def test_it_takes_a_payers_own_bands() -> None:
    # given a payer that bills every session of 30 minutes or more as one code
    bands = (TimeBand(code="X0001", min_minutes=30, max_minutes=None),)
    # then 29 minutes earns nothing and 30 earns that code
    assert psychotherapy_code(29, bands=bands) is None
    assert psychotherapy_code(30, bands=bands) == "X0001"


@pytest.mark.parametrize(
    ("service", "minutes", "code"),
    [
        (Service.INDIVIDUAL_PSYCHOTHERAPY, 45, "90834"),
        (Service.INDIVIDUAL_PSYCHOTHERAPY, 10, None),
        (Service.GROUP_PSYCHOTHERAPY, 90, "90853"),
        (Service.FAMILY_WITH_CLIENT, 50, "90847"),
        (Service.FAMILY_WITHOUT_CLIENT, 50, "90846"),
        (Service.SUD_ASSESSMENT, 60, "H0001"),
        (Service.SUD_COUNSELING, 30, "H0004"),
        (Service.SUD_GROUP_COUNSELING, 60, "H0005"),
        (Service.CASE_MANAGEMENT, 20, "H0006"),
    ],
)
def test_it_codes_each_service(service: Service, minutes: int, code: str | None) -> None:
    assert service_code(service, minutes=minutes) == code


def test_it_codes_family_therapy_by_whether_the_client_was_there() -> None:
    assert family_code(client_present=True) == "90847"
    assert family_code(client_present=False) == "90846"
