"""Odd input gets a clear 4xx, never a 500: deep JSON, NUL characters, huge offsets, long searches, and
signing a plan that is not complete yet."""

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client as Browser
from django.urls import reverse
from rest_framework.test import APIClient

from trellis.billing import services as billing
from trellis.billing.tests import billing_factories
from trellis.clients.models import Client
from trellis.plans import services as plans
from trellis.plans.models import TreatmentPlan

NOW = dt.datetime(2026, 11, 18, 20, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _browser(user: Any) -> Browser:
    browser = Browser()
    browser.force_login(user)
    return browser


def _refused_field(write: Any) -> str | None:
    try:
        write()
    except ValidationError as error:
        return ",".join(error.message_dict)
    return None


def _nested(depth: int) -> str:
    return '{"legal_first_name": ' + "[" * depth + "]" * depth + "}"


@pytest.mark.parametrize("depth", [65, 1_000, 100_000])
def test_it_refuses_json_nested_too_deep_with_a_400(world: Any, depth: int) -> None:
    clients_before = Client.objects.count()
    # when a body nested far deeper than any of ours arrives
    response = _api(world.dana).post("/api/v1/clients/", _nested(depth), content_type="application/json")
    # then it is refused with a message saying why, and nothing is written
    assert response.status_code == 400
    assert response.json() == {"detail": "The JSON body is nested more than 64 levels deep."}
    assert Client.objects.count() == clients_before


def test_it_still_parses_json_nested_to_the_limit(world: Any) -> None:
    response = _api(world.dana).post("/api/v1/clients/", _nested(63), content_type="application/json")
    # the body parses; the serializer then names the field it cannot use
    assert response.status_code == 400
    assert "legal_first_name" in response.json()


def test_it_refuses_nul_characters_in_a_json_body(world: Any) -> None:
    body = json.dumps(
        {"site": str(world.site_a.pk), "legal_first_name": "Er\x00in", "legal_last_name": "Vale"}
    )
    response = _api(world.dana).post("/api/v1/clients/", body, content_type="application/json")
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]
    assert not Client.objects.filter(legal_last_name="Vale").exists()


def test_it_refuses_nul_characters_in_free_json_answers(world: Any) -> None:
    body = {"client": str(world.carol.pk), "instrument": "phq9", "answers": ["\x00"] * 9}
    response = _api(world.dana).post("/api/v1/measures/responses/", body, format="json")
    assert response.status_code == 400


def test_it_answers_an_offset_beyond_any_database_integer_with_an_empty_page(world: Any) -> None:
    response = _api(world.dana).get("/api/v1/clients/", {"offset": str(10**30)})
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_it_cuts_a_990_word_search_and_says_so(world: Any) -> None:
    # given a paste of 990 words that starts with Carol's name
    words = ["Carol", *(f"word{n}" for n in range(989))]
    # when Alice searches the client list with it
    response = _browser(world.alice).post(reverse("clients:list"), {"q": " ".join(words)}, follow=True)
    # then the page answers, searching the first words only, and tells her the search was shortened
    page = response.content.decode()
    assert response.status_code == 200
    assert "Your search was shortened to its first 10 words and 100 characters" in page
    assert "No client matches" in page  # word1 ... word8 match nobody: the cut search still runs


def test_it_finds_a_client_when_a_long_search_is_cut_to_the_name(world: Any) -> None:
    response = _browser(world.alice).post(reverse("clients:list"), {"q": "Carol " + "x" * 200}, follow=True)
    page = response.content.decode()
    assert "Your search was shortened" in page
    assert "Northcott" in page


def test_it_does_not_mention_shortening_a_short_search(world: Any) -> None:
    response = _browser(world.alice).post(reverse("clients:list"), {"q": "Carol Northcott"}, follow=True)
    assert "shortened" not in response.content.decode()
    assert "Northcott" in response.content.decode()


def test_it_searches_past_a_nul_character(world: Any) -> None:
    response = _browser(world.alice).post(reverse("clients:list"), {"q": "Carol\x00"}, follow=True)
    assert response.status_code == 200
    assert "Northcott" in response.content.decode()


@pytest.mark.parametrize("week", ["9999-12-31", "0001-01-01", "2026-02-30", "\x00"])
def test_it_shows_this_week_for_a_week_no_calendar_can_page_from(world: Any, week: str) -> None:
    # when Alice opens Carol's schedule at a week decades away (or no week at all)
    response = _browser(world.alice).get(reverse("scheduling:client", args=[world.carol.pk]), {"week": week})
    # then the page answers with this week's schedule instead of a server error
    assert response.status_code == 200
    assert "Nov 16" in response.content.decode()


def test_it_names_what_an_incomplete_plan_is_missing_when_signing(world: Any) -> None:
    # given a draft: problem 1 has a goal without an objective, problem 2 has no goal
    plan = plans.create_plan(episode=world.carol_enrollment.episode, created_by=world.alice)
    first = plans.add_problem(plan=plan, statement="Isolation", added_by=world.alice)
    plans.add_goal(problem=first, client_words="I want friends who don't drink", added_by=world.alice)
    plans.add_problem(plan=plan, statement="Sleep", added_by=world.alice)
    # when Alice signs as clinician
    response = _browser(world.alice).post(reverse("plans:sign", args=[plan.pk, "clinician"]))
    # then the plan page comes back naming each missing part, and nothing is signed
    assert response.status_code == 422
    assert (
        "Before signing, add a measurable objective for goal 1.1; "
        "a goal in the client&#x27;s words for problem 2." in response.content.decode()
    )
    assert TreatmentPlan.objects.get(pk=plan.pk).clinician_signed_at is None


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2026-11-01", "9999-12-31", "Choose at most 3660 days at a time."),
        ("0001-01-01", "2026-11-18", "Start on or after Jan 1, 1900."),
        ("2026-11-18", "2026-11-01", "The end date must be on or after the start date."),
    ],
)
def test_it_refuses_a_report_span_no_program_keeps(world: Any, start: str, end: str, message: str) -> None:
    # when Amy asks the conversion report for a span decades long or before 1900
    response = _browser(world.amy).get(reverse("intake:report"), {"start": start, "end": end})
    # then the form says what is wrong instead of a server error
    assert response.status_code == 400
    assert message in response.content.decode()


def test_it_runs_the_report_for_a_plausible_span(world: Any) -> None:
    response = _browser(world.amy).get(reverse("intake:report"), {"start": "2026-10-01", "end": "2026-11-18"})
    assert response.status_code == 200


def test_it_refuses_an_api_search_of_more_than_ten_words_naming_the_filter(world: Any) -> None:
    response = _api(world.dana).get("/api/v1/clients/", {"search": " ".join(["Carol"] * 11)})
    assert response.status_code == 400
    assert response.json() == {"search": ["Search with at most 10 words and 100 characters."]}


def test_it_searches_the_api_with_ten_words(world: Any) -> None:
    response = _api(world.dana).get("/api/v1/clients/", {"search": " ".join(["Carol"] * 10)})
    assert response.status_code == 200
    assert [c["legal_last_name"] for c in response.json()["results"]] == ["Northcott"]


@pytest.mark.parametrize(
    ("units", "refused"), [(10_000, None), (10_001, "units_authorized"), (10**30, "units_authorized")]
)
def test_it_refuses_an_authorization_for_more_units_than_anyone_could_use(
    world: Any, units: int, refused: str | None
) -> None:
    coverage = billing_factories.CoverageFactory.create(client=world.carol)

    def authorize() -> object:
        return billing.add_authorization(
            coverage=coverage,
            number="A-1",
            starts_on=dt.date(2026, 11, 18),
            ends_on=dt.date(2026, 12, 18),
            units_authorized=units,
            added_by=world.bill,
        )

    assert _refused_field(authorize) == refused
