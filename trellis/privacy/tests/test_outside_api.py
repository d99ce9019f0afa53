"""API access by outside systems: its own organization only, consented clients only, read only, each answer a
disclosure with the Part 2 notice in its metadata."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from rest_framework.test import APIClient

from tests import part2 as consents_for
from trellis.accounts import outside_systems
from trellis.accounts.models import OutsideSystem
from trellis.core import clock
from trellis.privacy import consents
from trellis.privacy.disclosure_models import Disclosure
from trellis.privacy.models import AuditEvent
from trellis.privacy.part2 import NOTICE, Purpose, RecipientKind
from trellis.programs.choices import ProgramKind

V1 = "/api/v1"


def _system(director: Any, *, kind: str = RecipientKind.HEALTH_PLAN, name: str = "Blue Ridge Health Plan",
            purpose: str = Purpose.PAYMENT) -> tuple[OutsideSystem, APIClient]:  # fmt: skip
    system, secret = outside_systems.register_outside_system(
        name=name, recipient_kind=kind, purpose=purpose, registered_by=director
    )
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return system, api


def _names(response: Any) -> set[str]:
    return {row["legal_first_name"] for row in response.json()["results"]}


def test_it_lists_only_the_clients_whose_consent_covers_the_system(world: Any) -> None:
    # given Carol signed the TPO consent and Dave signed nothing
    consents_for.tpo_consent(world.carol, world.alice)
    _, api = _system(world.dana)
    # when the health plan's system lists clients
    response = api.get(f"{V1}/clients/")
    # then it sees Carol alone, with the notice, and one disclosure is recorded for her
    assert response.status_code == 200
    assert _names(response) == {"Carol"}
    assert response.json()["count"] == 1
    assert response["X-Part2-Notice"] == NOTICE
    assert response["X-Security-Labels"] == "R, 42CFRPart2"
    row = response.json()["results"][0]
    assert row["security_labels"] == ["R", "42CFRPart2"]
    assert row["disclosure"]["notice"].startswith(NOTICE)
    assert "general designation" in row["disclosure"]["notice"]
    disclosure = Disclosure.objects.get()
    assert (disclosure.client, disclosure.path, disclosure.recipient_name) == (
        world.carol,
        "outside_api",
        "Blue Ridge Health Plan",
    )
    assert str(disclosure.pk) == row["disclosure"]["id"]


def test_it_refuses_a_client_without_consent_with_the_gates_message(world: Any) -> None:
    _, api = _system(world.dana)
    response = api.get(f"{V1}/clients/{world.dave.pk}/")
    assert response.status_code == 403
    assert "no consent in force covers" in response.json()["detail"]
    assert "Blue Ridge Health Plan" in response.json()["detail"]
    assert not Disclosure.objects.exists()
    refusals = AuditEvent.objects.filter(action=AuditEvent.Action.DISCLOSURE_REFUSED, client=world.dave)
    assert refusals.count() == 1


def test_a_revoked_consent_ends_the_systems_access_at_once(world: Any) -> None:
    consent = consents_for.tpo_consent(world.carol, world.alice)
    _, api = _system(world.dana)
    assert api.get(f"{V1}/clients/{world.carol.pk}/").status_code == 200
    consents.revoke(consent=consent, method="in writing", note="", actor=world.alice)
    response = api.get(f"{V1}/clients/{world.carol.pk}/")
    assert response.status_code == 403
    assert "revoked on" in response.json()["detail"]
    assert _names(api.get(f"{V1}/clients/")) == set()
    assert Disclosure.objects.count() == 1


def test_an_expired_named_consent_ends_the_systems_access(world: Any) -> None:
    today = clock.today_in(world.carol.site.timezone)
    consents_for.named_consent(
        world.carol, world.alice, recipient_kind=RecipientKind.HEALTH_PLAN, recipient_name="Blue Ridge Health Plan",
        purposes=(Purpose.PAYMENT,), information=("identity",), expires_on=today + dt.timedelta(days=1),
    )  # fmt: skip
    _, api = _system(world.dana)
    assert api.get(f"{V1}/clients/{world.carol.pk}/").status_code == 200
    later = clock.local_datetime(today + dt.timedelta(days=2), dt.time(12), world.carol.site.timezone)
    with time_machine.travel(later, tick=False):
        response = api.get(f"{V1}/clients/{world.carol.pk}/")
    assert response.status_code == 403
    assert "expired" in response.json()["detail"]


def test_a_consent_to_another_recipient_does_not_open_the_system(world: Any) -> None:
    consents_for.named_consent(
        world.carol, world.alice, recipient_kind=RecipientKind.HEALTH_PLAN, recipient_name="Other Health Plan",
        purposes=(Purpose.PAYMENT,), information=("identity",),
    )  # fmt: skip
    _, api = _system(world.dana)
    assert api.get(f"{V1}/clients/{world.carol.pk}/").status_code == 403


def test_the_episode_answer_needs_a_consent_covering_what_it_carries(world: Any) -> None:
    # a consent for identity alone does not cover the dates and discharge an episode carries
    consents_for.named_consent(
        world.carol, world.alice, recipient_kind=RecipientKind.HEALTH_PLAN, recipient_name="Blue Ridge Health Plan",
        purposes=(Purpose.PAYMENT,), information=("identity",),
    )  # fmt: skip
    _, api = _system(world.dana)
    episode = world.carol_enrollment.episode_id
    refused = api.get(f"{V1}/episodes/{episode}/")
    assert refused.status_code == 403
    assert "dates of service" in refused.json()["detail"]
    assert api.get(f"{V1}/episodes/").json()["count"] == 0
    consents_for.tpo_consent(world.carol, world.alice)
    allowed = api.get(f"{V1}/episodes/{episode}/")
    assert allowed.status_code == 200
    assert allowed.json()["disclosure"]["purpose"] == "payment"
    assert set(Disclosure.objects.get().information) == {"identity", "attendance", "discharge"}


def test_it_sees_nothing_of_another_organization(world: Any) -> None:
    consents_for.tpo_consent(world.carol, world.alice)
    consents_for.tpo_consent(world.hugo, world.olga)
    _, harbor = _system(world.olga, name="Harbor Health Plan")
    assert _names(harbor.get(f"{V1}/clients/")) == {"Hugo"}
    assert harbor.get(f"{V1}/clients/{world.carol.pk}/").status_code == 404
    assert harbor.get(f"{V1}/episodes/{world.carol_enrollment.episode_id}/").status_code == 404
    assert not Disclosure.objects.filter(client=world.carol).exists()


def test_it_may_only_read_and_only_where_the_gate_is_wired(world: Any) -> None:
    consents_for.tpo_consent(world.carol, world.alice)
    _, api = _system(world.dana)
    patch = api.patch(f"{V1}/clients/{world.carol.pk}/", {"pronouns": "they/them"}, format="json")
    assert patch.status_code == 403
    assert patch.json()["detail"] == "Outside systems may only read."
    assert api.get(f"{V1}/attendance/").status_code == 403
    assert api.get(f"{V1}/measures/responses/").status_code == 403
    assert not Disclosure.objects.exists()


def test_a_staff_token_is_internal_use_and_writes_no_disclosure(world: Any) -> None:
    api = APIClient()
    api.force_authenticate(world.alice)
    response = api.get(f"{V1}/clients/{world.carol.pk}/")
    assert response.status_code == 200
    assert "disclosure" not in response.json()
    assert "X-Part2-Notice" not in response
    assert not Disclosure.objects.exists()


def test_a_mental_health_only_program_needs_no_consent_for_payment_and_carries_no_notice(world: Any) -> None:
    world.program.kind = ProgramKind.MENTAL_HEALTH
    world.program.save(update_fields=["kind"])
    _, api = _system(world.dana)
    response = api.get(f"{V1}/clients/{world.carol.pk}/")
    assert response.status_code == 200
    assert response.json()["security_labels"] == []
    assert "X-Part2-Notice" not in response
    assert Disclosure.objects.get().authority == "hipaa_tpo"


def test_a_revoked_or_expired_system_token_no_longer_reads(world: Any) -> None:
    consents_for.tpo_consent(world.carol, world.alice)
    system, api = _system(world.dana)
    with time_machine.travel(clock.now() + outside_systems.lifetime() + dt.timedelta(minutes=1), tick=False):
        assert api.get(f"{V1}/clients/").status_code == 401
    outside_systems.revoke_outside_system(system=system, by=world.dana)
    assert api.get(f"{V1}/clients/").status_code == 401


@pytest.mark.parametrize("persona", ["alice", "bill", "adam"])
def test_only_a_director_registers_an_outside_system(world: Any, persona: str) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        outside_systems.register_outside_system(
            name="X", recipient_kind=RecipientKind.PROVIDER, purpose=Purpose.TREATMENT,
            registered_by=getattr(world, persona),
        )  # fmt: skip


def _consented_clients(world: Any, count: int) -> None:
    from tests import factories

    for _ in range(count):
        client = factories.ClientFactory.create(site=world.site_a)
        factories.EpisodeFactory.create(client=client, program=world.program)
        consents_for.tpo_consent(client, world.alice)


def test_a_page_of_clients_costs_the_same_queries_for_two_clients_or_twelve(world: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _, api = _system(world.dana)
    consents_for.tpo_consent(world.carol, world.alice)
    _consented_clients(world, 1)
    api.get(f"{V1}/clients/")  # the first answer also records when the system last used its token
    with CaptureQueriesContext(connection) as few:
        assert api.get(f"{V1}/clients/").json()["count"] == 2
    _consented_clients(world, 10)
    with CaptureQueriesContext(connection) as many:
        assert api.get(f"{V1}/clients/").json()["count"] == 12
    assert len(many) == len(few)
    assert Disclosure.objects.count() == 2 + 2 + 12
