"""POST /api/v1/measures/score: stateless scoring for all nine instruments; bad answers get a 400 naming the item."""

from typing import Any

import pytest
from rest_framework.test import APIClient

from conftest import World
from trellis.measures.models import MeasureResponse
from trellis.privacy.models import AuditEvent

URL = "/api/v1/measures/score"
BAM = [2, 1, 0, 3, 2, 1, 0, 4, 3, 2, 1, 3, 4, 4, 0, 3, 1]


def as_user(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize(
    ("body", "total", "band", "flags"),
    [
        ({"instrument": "phq9", "answers": [1, 2, 0, 1, 3, 0, 1, 0, 1]}, 9, "mild", ["phq9_item9"]),
        ({"instrument": "phq9", "answers": [3, 3, 3, 3, 3, 3, 2, 0, 0]}, 20, "severe", []),
        ({"instrument": "gad7", "answers": [2, 2, 2, 2, 2, 0, 0]}, 10, "moderate", []),
        ({"instrument": "audit", "answers": [4, 4, 4, 4, 0, 0, 0, 0, 0, 0]}, 16, "harmful", []),
        ({"instrument": "auditc", "answers": [2, 1, 0], "sex": "female"}, 3, "positive", []),
        ({"instrument": "auditc", "answers": [2, 1, 0], "sex": "male"}, 3, "negative", []),
        (
            {"instrument": "dast10", "answers": [1, 1, 1, 1, 0, 0, 0, 0, 0, 0]},
            3,
            "moderate",
            [],
        ),  # item 3 reversed
        ({"instrument": "ciwa", "answers": [3, 3, 3, 2, 2, 2, 2, 2, 0, 0]}, 19, "severe", ["ciwa_severe"]),
        ({"instrument": "cows", "answers": [4, 4, 5, 5, 4, 4, 5, 4, 2, 0, 0]}, 37, "severe", ["cows_severe"]),
        (
            {"instrument": "cssrs", "answers": [1, 1, 1, 1, 0, 0, None]},
            None,
            "high risk",
            ["cssrs_high_risk"],
        ),
        ({"instrument": "bam", "answers": BAM}, None, None, []),
    ],
)
def test_it_scores_each_instrument(
    world: World, body: dict[str, Any], total: Any, band: Any, flags: Any
) -> None:
    # when
    response = as_user(world.bill).post(URL, body, format="json")  # any signed-in role, even billing
    # then
    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["total"], data["band"]) == (total, band)
    assert [f["code"] for f in data["flags"]] == flags
    assert data["is_urgent"] == any(f["urgent"] for f in data["flags"])


def test_it_returns_the_three_bam_subscales(world: World) -> None:
    response = as_user(world.alice).post(URL, {"instrument": "bam", "answers": BAM}, format="json")
    assert response.json()["subscales"] == {"use": 6, "risk": 8, "protective": 19}


def test_it_stores_nothing_and_audits_nothing(world: World) -> None:
    as_user(world.alice).post(URL, {"instrument": "phq9", "answers": [3] * 9}, format="json")
    assert not MeasureResponse.objects.exists()
    assert not AuditEvent.objects.exists()


def test_it_accepts_a_trailing_slash(world: World) -> None:
    response = as_user(world.alice).post(URL + "/", {"instrument": "gad7", "answers": [0] * 7}, format="json")
    assert response.json()["band"] == "minimal"


@pytest.mark.parametrize(
    ("body", "item", "words"),
    [
        (
            {"instrument": "phq9", "answers": [1, 1, 1, None, 1, 1, 1, 1, 1]},
            4,
            "PHQ-9 item 4 is missing an answer",
        ),
        ({"instrument": "phq9", "answers": [1, 1, 1, 1, 1, 1, 1, 1, 4]}, 9, "PHQ-9 item 9: 4 is not a valid"),
        (
            {"instrument": "gad7", "answers": [0, 0, "2", 0, 0, 0, 0]},
            3,
            "GAD-7 item 3: expected a whole number",
        ),
        ({"instrument": "audit", "answers": [0] * 8 + [1, 0]}, 9, "AUDIT item 9: 1 is not a valid answer"),
        ({"instrument": "dast10", "answers": [0, 0, 2, 0, 0, 0, 0, 0, 0, 0]}, 3, "DAST-10 item 3"),
        ({"instrument": "bam", "answers": [*BAM[:13], 2, *BAM[14:]]}, 14, "BAM item 14: 2 is not a valid"),
        ({"instrument": "cssrs", "answers": [1, 0, 1, 0, 0, 0, None]}, 3, "asked only when item 2"),
        ({"instrument": "ciwa", "answers": [0] * 9 + [5]}, 10, "CIWA-Ar item 10: 5 is not a valid"),
        ({"instrument": "cows", "answers": [3] + [0] * 10}, 1, "COWS item 1: 3 is not a valid"),
        ({"instrument": "auditc", "answers": [0, 0, 9], "sex": "male"}, 3, "AUDIT-C item 3"),
    ],
)
def test_it_refuses_bad_answers_with_a_400_naming_the_item(
    world: World, body: dict[str, Any], item: int, words: str
) -> None:
    # when
    response = as_user(world.alice).post(URL, body, format="json")
    # then
    assert response.status_code == 400
    data = response.json()
    assert data["item"] == item
    assert words in data["answers"][0]


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"instrument": "phq9", "answers": [0] * 8}, "answers", "PHQ-9 has 9 items; 8 answers were given"),
        ({"instrument": "phq9", "answers": "000000000"}, "answers", "answers must be a list"),
        ({"instrument": "auditc", "answers": [1, 1, 1]}, "answers", "depend on sex"),
        ({"instrument": "phq10", "answers": [0] * 10}, "instrument", "is not a valid choice"),
        ({"answers": [0] * 9}, "instrument", "required"),
        ({"instrument": "phq9"}, "answers", "required"),
        ({"instrument": "auditc", "answers": [1, 1, 1], "sex": "x"}, "sex", "is not a valid choice"),
    ],
)
def test_it_refuses_malformed_requests_naming_the_field(
    world: World, body: dict[str, Any], field: str, words: str
) -> None:
    response = as_user(world.alice).post(URL, body, format="json")
    assert response.status_code == 400
    assert words in response.json()[field][0]
    assert "item" not in response.json()


def test_it_refuses_anonymous_callers(db: None) -> None:
    response = APIClient().post(URL, {"instrument": "phq9", "answers": [0] * 9}, format="json")
    assert response.status_code in (401, 403)
