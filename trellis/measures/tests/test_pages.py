"""Measures pages: the instrument form from its definition, refusals that name the item, the safety task."""

from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from trellis.measures.choices import SafetyTaskStatus
from trellis.measures.models import MeasureResponse, SafetyTask
from trellis.measures.tests import given

pytestmark = pytest.mark.django_db


def _record_url(world: World, instrument: str = "phq9") -> str:
    return reverse("measures:record", kwargs={"pk": world.carol.pk, "instrument": instrument})


def _answers(values: list[Any]) -> dict[str, Any]:
    return {f"item_{n}": v for n, v in enumerate(values, start=1) if v is not None}


def test_it_builds_the_form_from_the_instrument_definition(world: World, client: Any) -> None:
    client.force_login(world.alice)
    page = client.get(_record_url(world)).content.decode()
    assert "Little interest or pleasure in doing things" in page
    assert "Thoughts that you would be better off dead" in page
    assert "More than half the days" in page
    assert page.count('type="radio"') == 9 * 4


def test_it_asks_sex_only_where_the_bands_need_it(world: World, client: Any) -> None:
    client.force_login(world.alice)
    assert 'name="sex"' in client.get(_record_url(world, "auditc")).content.decode()
    assert 'name="sex"' not in client.get(_record_url(world, "gad7")).content.decode()


def test_it_names_every_missing_item_and_saves_nothing(world: World, client: Any) -> None:
    # given items 4 and 7 left blank
    client.force_login(world.alice)
    # when
    response = client.post(_record_url(world), _answers([1, 1, 1, None, 1, 1, None, 1, 0]))
    # then
    page = response.content.decode()
    assert "Nothing was saved." in page
    assert "PHQ-9 item 4 is missing an answer." in page
    assert "PHQ-9 item 7 is missing an answer." in page
    assert not MeasureResponse.objects.exists()


def test_it_names_an_out_of_range_answer(world: World, client: Any) -> None:
    client.force_login(world.alice)
    response = client.post(_record_url(world), _answers([1, 1, 1, 1, 1, 1, 1, 1, 5]))
    assert "PHQ-9 item 9: 5 is not one of its answers." in response.content.decode()
    assert not MeasureResponse.objects.exists()


def test_it_names_a_cssrs_answer_that_contradicts_the_skip_logic(world: World, client: Any) -> None:
    client.force_login(world.alice)
    response = client.post(_record_url(world, "cssrs"), _answers([1, 0, 1, None, None, 0, None]))
    assert "C-SSRS screener item 3 is asked only when item 2 is" in response.content.decode()
    assert not MeasureResponse.objects.exists()


def test_it_saves_scores_and_sends_an_urgent_result_to_its_safety_task(world: World, client: Any) -> None:
    client.force_login(world.alice)
    # when
    response = client.post(_record_url(world), _answers(given.phq9(1)), follow=True)
    # then
    page = response.content.decode()
    saved = MeasureResponse.objects.get()
    task = SafetyTask.objects.get()
    assert (saved.total, saved.band, saved.administered_by) == (6, "mild", world.alice)
    assert "PHQ-9 saved: 6 (mild)." in page
    assert "Urgent: same-day safety assessment" in page
    assert reverse("measures:task", kwargs={"pk": task.pk}) in page


def test_today_puts_the_urgent_task_at_the_top_for_whoever_sees_the_client(world: World, client: Any) -> None:
    # given
    given.record(world.carol, world.nora, answers=given.phq9(2))
    task = SafetyTask.objects.get()
    # when / then: Alice and Dana see it; Bob (other site), Bill (billing) and Amy (admissions) do not
    for persona, sees in (("alice", True), ("dana", True), ("bob", False), ("bill", False), ("amy", False)):
        client.force_login(getattr(world, persona))
        page = client.get(reverse("today")).content.decode()
        assert (reverse("measures:task", kwargs={"pk": task.pk}) in page) is sees, persona
        assert ("Urgent: same-day safety assessment" in page) is sees, persona


def test_today_forgets_a_closed_task(world: World, client: Any) -> None:
    given.record(world.carol, world.alice, answers=given.phq9(1))
    SafetyTask.objects.update(
        status=SafetyTaskStatus.CLOSED,
        closed_by=world.alice,
        closed_at=given.NOW,
        assessment="a",
        risk_level="low",
        disposition="continue_safety_plan",
        plan="p",
    )
    client.force_login(world.alice)
    assert "Urgent" not in client.get(reverse("today")).content.decode()


def test_closing_without_an_assessment_shows_the_error_and_keeps_it_open(world: World, client: Any) -> None:
    # given
    given.record(world.carol, world.alice, answers=given.phq9(1))
    task = SafetyTask.objects.get()
    client.force_login(world.alice)
    # when
    response = client.post(reverse("measures:task", kwargs={"pk": task.pk}), {"risk_level": "low"})
    # then
    assert response.status_code == 400
    assert "Document the safety assessment" in response.content.decode()
    task.refresh_from_db()
    assert task.is_open


def test_closing_with_the_assessment_closes_it(world: World, client: Any) -> None:
    given.record(world.carol, world.alice, answers=given.phq9(1))
    task = SafetyTask.objects.get()
    client.force_login(world.alice)
    form = {
        "assessment": "Passive ideation, no plan or intent.",
        "risk_level": "low",
        "disposition": "continue_safety_plan",
        "plan": "Safety plan reviewed; 988 given.",
    }
    page = client.post(reverse("measures:task", kwargs={"pk": task.pk}), form, follow=True).content.decode()
    task.refresh_from_db()
    assert task.status == SafetyTaskStatus.CLOSED
    assert "Safety assessment documented; the task is closed." in page
    assert "Passive ideation, no plan or intent." in page


def test_the_chart_shows_the_latest_score_to_clinical_staff_only(world: World, client: Any) -> None:
    given.record(world.carol, world.alice, answers=[3, 3, 3, 3, 2, 1, 0, 0, 0])
    chart = reverse("clients:chart", kwargs={"pk": world.carol.pk})
    client.force_login(world.alice)
    page = client.get(chart).content.decode()
    assert "moderately severe" in page
    assert reverse("measures:client", kwargs={"pk": world.carol.pk}) in page
    client.force_login(world.bill)
    assert "moderately severe" not in client.get(chart).content.decode()


def test_the_trends_page_draws_a_chart_per_instrument(world: World, client: Any) -> None:
    for answers in ([3, 3, 3, 3, 3, 3, 3, 0, 0], [2, 2, 2, 2, 1, 1, 0, 0, 0], [1, 1, 0, 0, 0, 0, 0, 0, 0]):
        given.record(world.carol, world.alice, answers=answers)
    given.record(world.carol, world.alice, instrument="gad7", answers=[1] * 7)
    client.force_login(world.alice)
    page = client.get(reverse("measures:client", kwargs={"pk": world.carol.pk})).content.decode()
    assert page.count("<svg") == 2
    assert page.count('class="band-line"') == 4 + 3  # PHQ-9 has five bands, GAD-7 four
    assert "PHQ-9 over time" in page


def test_a_flag_on_the_measures_page_reads_in_words_not_its_code(world: World, client: Any) -> None:
    # given a PHQ-9 with item 9 above 0
    given.record(world.carol, world.alice, answers=given.phq9(1))
    client.force_login(world.alice)
    page = client.get(reverse("measures:client", kwargs={"pk": world.carol.pk})).content.decode()
    # then the row says what it means, and the instrument's internal flag code is not on the page
    assert "PHQ-9 item 9 (thoughts of death or self-harm) was answered above 0" in page
    assert "phq9_item9" not in page
