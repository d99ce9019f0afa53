"""Consents on the chart (each with its state, and a warning when none is in force) and on Today."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests import part2 as consents_for
from trellis.privacy import consents
from trellis.privacy.part2 import Purpose, RecipientKind
from trellis.privacy.tests.consent_pages import NOW, TODAY, prepared

NO_CONSENT = "No consent in force: records cannot be released."
NO_TPO = "No TPO consent in force:"


def _chart(client: Any, user: Any, patient: Any) -> str:
    client.force_login(user)
    response = client.get(reverse("clients:chart", kwargs={"pk": patient.pk}))
    assert response.status_code == 200
    return str(response.content.decode())


def _today(client: Any, user: Any) -> str:
    client.force_login(user)
    return str(client.get(reverse("today")).content.decode())


def _family(world: Any, patient: Any, *, ends: dt.date) -> Any:
    return consents_for.named_consent(
        patient, world.alice, recipient_kind=RecipientKind.FAMILY, recipient_name="Jordan Northcott",
        purposes=(Purpose.FAMILY,), expires_on=ends,
    )  # fmt: skip


@time_machine.travel(NOW, tick=False)
def test_it_warns_on_the_chart_of_a_part2_client_with_no_consent_in_force(world: Any, client: Any) -> None:
    body = _chart(client, world.alice, world.carol)
    assert NO_CONSENT in body
    assert "No consents on file." in body
    assert "Prepare a consent" in body


@time_machine.travel(NOW, tick=False)
def test_it_lists_each_consent_with_its_state_in_colour_and_words(world: Any, client: Any) -> None:
    # given a TPO consent in force, one awaiting signature, one expired and one revoked
    with time_machine.travel(NOW - dt.timedelta(days=40), tick=False):
        _family(world, world.carol, ends=TODAY - dt.timedelta(days=1))
        revoked = consents_for.tpo_consent(world.carol, world.alice)
        consents.revoke(consent=revoked, method="in writing", note="", actor=world.alice)
    consents_for.tpo_consent(world.carol, world.alice)
    prepared(world.carol, world.alice)
    # when the biller opens Carol's chart
    body = _chart(client, world.bill, world.carol)
    # then each shows its state, and no warning: a TPO consent is in force
    for badge in (
        '<span class="badge ok">In force</span>',
        '<span class="badge info">Awaiting signature</span>',
        '<span class="badge warn">Expired</span>',
        '<span class="badge bad">Revoked</span>',
    ):
        assert body.count(badge) == 1, badge
    assert "Health care operations; Payment; Treatment" in body
    assert "None: in force until revoked" in body
    assert NO_CONSENT not in body
    assert NO_TPO not in body
    # and the biller may see them but not prepare one
    assert "Prepare a consent" not in body


@time_machine.travel(NOW, tick=False)
def test_it_says_when_only_a_consent_other_than_tpo_is_in_force(world: Any, client: Any) -> None:
    _family(world, world.carol, ends=TODAY + dt.timedelta(days=90))
    body = _chart(client, world.alice, world.carol)
    assert NO_TPO in body
    assert NO_CONSENT not in body


@time_machine.travel(NOW, tick=False)
def test_it_gives_no_part2_warning_for_a_mental_health_only_program(world: Any, client: Any) -> None:
    world.program.is_part2 = False
    world.program.save()
    body = _chart(client, world.alice, world.carol)
    assert NO_CONSENT not in body
    assert "No consents on file." in body


@time_machine.travel(NOW, tick=False)
def test_today_lists_missing_and_expiring_consents_of_clients_the_user_sees(world: Any, client: Any) -> None:
    # given Carol has no TPO consent, and Dave (Lakeside) has one plus a family consent ending in 10 days
    consents_for.tpo_consent(world.dave, world.bob)
    _family(world, world.dave, ends=TODAY + dt.timedelta(days=10))
    # then Alice (Northside) sees Carol missing and nothing of Dave
    alice = _today(client, world.alice)
    assert 'aria-labelledby="consents-today-h"' in alice
    assert "Carol" in alice
    assert "Lakewood" not in alice
    # and Bob (Lakeside) sees Dave's consent ending, and nobody missing
    bob = _today(client, world.bob)
    assert "ends Dec 5, in 10 days" in bob
    assert "No TPO consent in force" not in bob
    assert "Northcott" not in bob


@time_machine.travel(NOW, tick=False)
def test_today_shows_no_consents_panel_when_all_is_well_or_to_the_administrator(
    world: Any, client: Any
) -> None:
    for patient in (world.carol, world.dave):
        consents_for.tpo_consent(patient, world.dana)
    assert 'id="consents-today-h"' not in _today(client, world.dana)
    world.carol.consents.all().delete()
    assert 'id="consents-today-h"' not in _today(client, world.adam)
    assert 'id="consents-today-h"' in _today(client, world.bill)


def _more_clients(world: Any, count: int) -> None:
    """Active Northside clients: every other one with a TPO consent and a family consent ending soon, and
    Carol one more TPO consent each time, so her chart's list grows too."""
    for n in range(count):
        patient = factories.ClientFactory.create(site=world.site_a, legal_first_name=f"Client{n}")
        factories.EnrollmentFactory.create(
            episode=factories.EpisodeFactory.create(client=patient, program=world.program),
            track=world.track_a,
            phase=world.phase3,
        )
        if n % 2:
            consents_for.tpo_consent(patient, world.alice)
            _family(world, patient, ends=TODAY + dt.timedelta(days=n))
            consents_for.tpo_consent(world.carol, world.alice)


def _queries(client: Any, url: str) -> int:
    cache.clear()  # the chart is kept between views (attendance.chart_cache): count a chart read afresh
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["today", "chart"])
@time_machine.travel(NOW, tick=False)
def test_the_panels_run_the_same_queries_for_few_and_many_consents(
    world: Any, client: Any, page: str
) -> None:
    client.force_login(world.alice)
    url = reverse("today") if page == "today" else reverse("clients:chart", kwargs={"pk": world.carol.pk})
    _more_clients(world, 4)
    client.get(url)
    few = _queries(client, url)
    _more_clients(world, 20)
    many = _queries(client, url)
    assert few == many, f"{page}: {few} queries with few consents, {many} with many"
