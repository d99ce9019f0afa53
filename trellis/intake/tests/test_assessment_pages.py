"""Assessment pages: rating the dimensions, the recommendation with its reasons, deciding, the chart panel."""

import datetime as dt

import pytest
from django.test import Client as Browser
from django.urls import reverse

from conftest import World
from tests import factories
from trellis.episodes.models import Episode
from trellis.intake import assessment_services
from trellis.intake.models import Assessment
from trellis.intake.tests.factories import ratings
from trellis.privacy.models import AuditEvent


def _browser(user: object) -> Browser:
    browser = Browser()
    browser.force_login(user)  # type: ignore[arg-type]
    return browser


def _carols(world: World, **findings: object) -> Assessment:
    return assessment_services.record_assessment(
        client=world.carol,
        edition="3",
        assessed_on=dt.date(2026, 11, 20),
        assessed_by=world.alice,
        **ratings(1),
        **findings,  # type: ignore[arg-type]
    )


def _form_data(value: int = 1, **extra: str) -> dict[str, str]:
    data = {"assessed_on": "2026-11-20", "severity": "moderate", "readiness": "ready", "failed_level": ""}
    for code in ("D1", "D2", "D3", "D4", "D5", "D6"):
        data[f"rating_{code}"] = str(value)
        data[f"narrative_{code}"] = f"Synthetic narrative {code}"
    return {**data, **extra}


def test_recording_shows_the_recommendation_and_every_reason(world: World) -> None:
    # given Alice rating a new client with an unsafe home
    client = factories.ClientFactory.create(site=world.site_a)
    # when she saves the assessment
    response = _browser(world.alice).post(
        reverse("intake:assessment_new", args=[client.pk]), _form_data(1, unsafe_home="on"), follow=True
    )
    # then the page recommends residential and shows why in plain words
    html = response.content.decode()
    assert "3.1 Clinically managed low-intensity residential" in html
    assert "Home is unsafe or full of triggers -&gt; not IOP" in html
    assert Assessment.objects.get(client=client).recommended_level == "3.1"


def test_a_missing_narrative_is_named_and_nothing_saved(world: World) -> None:
    response = _browser(world.alice).post(
        reverse("intake:assessment_new", args=[world.carol.pk]), _form_data(1, narrative_D3="")
    )
    assert response.status_code == 400
    assert "Write what supports the D3 rating." in response.content.decode()
    assert not Assessment.objects.exists()


def test_an_override_without_a_reason_is_refused_on_the_form(world: World) -> None:
    # given an assessment recommending outpatient for a new client
    client = factories.ClientFactory.create(site=world.site_a)
    assessment = assessment_services.record_assessment(
        client=client,
        edition="3",
        assessed_on=dt.date(2026, 11, 20),
        assessed_by=world.alice,
        severity="mild",
        **ratings(0),
    )
    # when Alice picks IOP with no reason
    response = _browser(world.alice).post(
        reverse("intake:decide", args=[assessment.pk]),
        {
            "decided_level": "2.1",
            "override_reason": "",
            "effective_on": "2026-11-20",
            "program": world.program.pk,
        },
    )
    # then the reason field carries the error and nothing is admitted
    assert response.status_code == 400
    assert "say why (clinical reasoning)" in response.content.decode()
    assert not Episode.objects.filter(client=client).exists()


def test_confirming_admits_and_shows_the_decision(world: World) -> None:
    client = factories.ClientFactory.create(site=world.site_a)
    assessment = assessment_services.record_assessment(
        client=client,
        edition="3",
        assessed_on=dt.date(2026, 11, 20),
        assessed_by=world.alice,
        **ratings(2),
    )
    response = _browser(world.alice).post(
        reverse("intake:decide", args=[assessment.pk]),
        {
            "decided_level": assessment.recommended_level,
            "effective_on": "2026-11-20",
            "program": world.program.pk,
        },
        follow=True,
    )
    assert "Confirmed" in response.content.decode()
    assert Episode.objects.get(client=client).level_changes.get().level == assessment.recommended_level


@pytest.mark.parametrize(
    ("persona", "status"), [("bob", 404), ("bill", 403), ("adam", 403), ("nora", 200), ("dana", 200)]
)
def test_who_may_open_carols_assessment(world: World, persona: str, status: int) -> None:
    assessment = _carols(world)
    response = _browser(world.staff()[persona]).get(reverse("intake:assessment", args=[assessment.pk]))
    assert response.status_code == status


def test_viewing_an_assessment_is_audited(world: World) -> None:
    assessment = _carols(world)
    _browser(world.nora).get(reverse("intake:assessment", args=[assessment.pk]))
    assert AuditEvent.objects.filter(
        actor=world.nora, action="view", client_id=world.carol.pk, object_id=str(assessment.pk)
    ).exists()


def test_the_chart_panel_summarises_the_latest_assessment(world: World) -> None:
    # given an assessment of Carol whose use risk calls for IOP
    scores = ratings(1)
    scores["ratings"]["D5"] = 2
    assessment_services.record_assessment(
        client=world.carol, edition="3", assessed_on=dt.date(2026, 11, 20), assessed_by=world.alice, **scores
    )
    # when Alice, then Bill, open Carol's chart
    chart = reverse("clients:chart", args=[world.carol.pk])
    alice_sees = _browser(world.alice).get(chart).content.decode()
    bill_sees = _browser(world.bill).get(chart).content.decode()
    # then Alice sees the recommendation and its deciding reason; Bill sees no assessment
    assert "Level of care assessment" in alice_sees
    assert "Relapse / continued-use risk rated 2" in alice_sees
    assert "Awaiting decision" in alice_sees
    assert "Level of care assessment" not in bill_sees
