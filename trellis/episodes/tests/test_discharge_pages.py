"""The discharge page, its summary and PDF: who may use them, a discharge without a reason, the audit of the export."""

import io
from typing import Any

import pytest
import time_machine
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from pypdf import PdfReader

from trellis.episodes.choices import DischargeReason, LevelOfCare
from trellis.episodes.discharge import Aftercare, discharge_with_aftercare
from trellis.episodes.models import AftercarePlan
from trellis.privacy.models import AuditEvent

PERSONAS = ["alice", "bob", "amy", "nora", "bill", "dana", "adam"]
# MANAGE_ENROLLMENT: clinicians, admissions and the director; Bob cannot see Carol at all
DISCHARGE_PAGE = (200, 404, 200, 403, 403, 200, 403)
FULL_FORM = {
    "discharged_on": "2026-12-18",
    "discharge_reason": str(DischargeReason.COMPLETED.value),
    "summary": "Completed phase 3; cravings rare; returning to work full time.",
    "next_level_of_care": LevelOfCare.OUTPATIENT,
    "referrals": "Harbor Counseling, 555-0100, Jan 4 2027",
    "peer_support": ["smart"],
    "alumni_group": "on",
    "alumni_group_name": "Thursday alumni circle",
    "crisis_line": "988 Suicide & Crisis Lifeline: call or text 988",
}


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    with time_machine.travel("2026-12-18 15:00Z", tick=False):
        yield


def _url(name: str, episode: Any) -> str:
    return reverse(f"episodes:{name}", kwargs={"pk": episode.pk})


@pytest.fixture
def episode(world: Any) -> Any:
    return world.carol_enrollment.episode


@pytest.fixture
def discharged(world: Any, episode: Any) -> Any:
    discharge_with_aftercare(
        episode=episode,
        discharged_on=episode.admitted_on.replace(day=20),
        reason=DischargeReason.TRANSFERRED,
        summary="Needs more structure after a relapse.",
        aftercare=Aftercare(next_level_of_care=LevelOfCare.PHP, referrals="Lakeshore PHP, 555-0142, Nov 23"),
        discharged_by=world.alice,
    )
    return episode


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_only_enrollment_managers_open_the_discharge_page(
    world: Any, client: Any, episode: Any, persona: str
) -> None:
    client.force_login(getattr(world, persona))
    response = client.get(_url("discharge", episode))
    assert response.status_code == DISCHARGE_PAGE[PERSONAS.index(persona)]


def test_it_refuses_a_discharge_without_a_reason_and_saves_nothing(
    world: Any, client: Any, episode: Any
) -> None:
    # given
    client.force_login(world.alice)
    changes_before = AuditEvent.objects.exclude(action="view").count()
    # when the form is sent without the TEDS reason
    response = client.post(_url("discharge", episode), {**FULL_FORM, "discharge_reason": ""})
    # then the page names the field, and nothing is written
    page = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was saved." in page
    assert "Reason for discharge (TEDS): Choose the reason for discharge (TEDS)." in page
    assert response.context["form"].errors["discharge_reason"] == ["Choose the reason for discharge (TEDS)."]
    episode.refresh_from_db()
    assert episode.is_open
    assert not AftercarePlan.objects.exists()
    assert AuditEvent.objects.exclude(action="view").count() == changes_before


def test_it_shows_an_aftercare_refusal_on_its_field(world: Any, client: Any, episode: Any) -> None:
    client.force_login(world.alice)
    response = client.post(_url("discharge", episode), {**FULL_FORM, "alumni_group_name": ""})
    assert response.context["form"].errors["alumni_group_name"] == [
        "Say which alumni group the client joins."
    ]
    episode.refresh_from_db()
    assert episode.is_open


def test_it_discharges_with_an_aftercare_plan(world: Any, client: Any, episode: Any) -> None:
    client.force_login(world.amy)
    response = client.post(_url("discharge", episode), FULL_FORM)
    assert response["Location"] == _url("discharge_summary", episode)
    plan = AftercarePlan.objects.get(episode=episode)
    assert (plan.next_level_of_care, plan.peer_support, plan.alumni_group_name) == (
        "1",
        ["smart"],
        "Thursday alumni circle",
    )
    summary = client.get(response["Location"]).content.decode()
    assert "Treatment completed" in summary
    assert "Harbor Counseling, 555-0100, Jan 4 2027" in summary
    assert AuditEvent.objects.filter(client=world.carol, action="view", detail="discharge summary").exists()


def test_it_exports_the_discharge_pdf_with_the_reason_and_next_level(
    world: Any, client: Any, discharged: Any
) -> None:
    # given
    client.force_login(world.alice)
    # when
    response = client.get(_url("discharge_pdf", discharged))
    # then
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Transferred" in text
    assert "2.5 Partial hospitalization" in text
    assert "Lakeshore PHP" in text
    assert "42 CFR part 2" in text
    assert world.carol.chart_number in response["Content-Disposition"]
    assert world.carol.legal_last_name not in response["Content-Disposition"]
    event = AuditEvent.objects.get(action="export")
    assert (event.actor, event.client_id, event.detail) == (
        world.alice,
        world.carol.pk,
        "discharge summary PDF, client's own copy",
    )


def test_it_has_no_pdf_for_an_open_episode(world: Any, client: Any, episode: Any) -> None:
    client.force_login(world.alice)
    assert client.get(_url("discharge_pdf", episode)).status_code == 404
    assert not AuditEvent.objects.filter(action="export").exists()


def test_it_refuses_the_pdf_to_other_sites_and_other_roles(world: Any, client: Any, discharged: Any) -> None:
    for persona, status in (("bob", 404), ("nora", 403), ("bill", 403)):
        client.force_login(getattr(world, persona))
        assert client.get(_url("discharge_pdf", discharged)).status_code == status
    assert not AuditEvent.objects.filter(action="export").exists()


def test_it_sends_a_discharged_episode_to_its_summary(world: Any, client: Any, discharged: Any) -> None:
    client.force_login(world.alice)
    assert client.get(_url("discharge", discharged))["Location"] == _url("discharge_summary", discharged)


def _link(user: Any, episode: Any) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load discharge_links %}{% discharge_link episode %}").render(
        Context({"request": request, "episode": episode})
    )


def test_it_links_an_open_episode_to_the_discharge_page(world: Any, episode: Any) -> None:
    assert _url("discharge", episode) in _link(world.alice, episode)
    assert _link(world.nora, episode) == ""


def test_it_links_a_discharged_episode_to_its_summary_and_pdf(world: Any, discharged: Any) -> None:
    link = _link(world.amy, discharged)
    assert _url("discharge_summary", discharged) in link
    assert _url("discharge_pdf", discharged) in link
