"""Requests for restrictions (42 CFR 2.26): recorded by anyone who sees the client, decided by the director,
who must agree to a self-pay health-plan request once it is paid in full; the gate then holds the line."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from tests import part2 as consents_for
from trellis.privacy import gate, paths
from trellis.privacy.consent_models import RestrictionKind, RestrictionRequest, RestrictionState
from trellis.privacy.models import AuditEvent
from trellis.privacy.part2 import InfoKind, Purpose, RecipientKind

NOW = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC)
pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _ask(browser: Any, world: Any, **overrides: str) -> Any:
    data = {
        "kind": RestrictionKind.HEALTH_PLAN,
        "payer": "",
        "description": "Please do not bill my insurance for the sessions I pay for myself.",
        "requested_on": "2026-11-24",
        **overrides,
    }
    return browser.post(reverse("part2:restriction_new", kwargs={"pk": world.carol.pk}), data)


def _request(world: Any, kind: str = RestrictionKind.HEALTH_PLAN) -> RestrictionRequest:
    return RestrictionRequest.objects.create(
        organization=world.organization,
        client=world.carol,
        kind=kind,
        description="Self-pay sessions",
        requested_on=dt.date(2026, 11, 24),
        recorded_by=world.amy,
    )


def _decide(browser: Any, restriction: RestrictionRequest, **data: str) -> Any:
    return browser.post(reverse("part2:restriction_decide", kwargs={"pk": restriction.pk}), data)


def test_admissions_records_a_request_and_it_awaits_a_decision(world: Any, client: Any) -> None:
    client.force_login(world.amy)
    response = _ask(client, world)
    assert response.status_code == 302
    request = RestrictionRequest.objects.get()
    assert (request.client, request.state, request.recorded_by) == (
        world.carol,
        RestrictionState.REQUESTED,
        world.amy,
    )
    assert AuditEvent.objects.filter(actor=world.amy, client=world.carol, action="create").exists()
    page = client.get(reverse("part2:client", kwargs={"pk": world.carol.pk})).content.decode()
    assert "Awaiting a decision" in page
    assert "must be agreed (HIPAA 164.522(a)(1)(vi)" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"description": " "}, "This field is required."),
        ({"requested_on": "2027-01-05"}, "cannot be in the future"),
        ({"kind": "everything"}, "Select a valid choice"),
    ],
)
def test_a_bad_request_is_refused_and_nothing_is_written(
    world: Any, client: Any, overrides: dict[str, str], message: str
) -> None:
    client.force_login(world.amy)
    response = _ask(client, world, **overrides)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not RestrictionRequest.objects.exists()


def test_a_payer_of_another_organization_cannot_be_named(world: Any, client: Any) -> None:
    from trellis.billing.models import Payer

    theirs = Payer.objects.create(organization=world.organization_b, name="Harbor Plan", payer_id="77001")
    client.force_login(world.amy)
    assert _ask(client, world, payer=str(theirs.pk)).status_code == 422
    assert not RestrictionRequest.objects.exists()


def test_agreeing_to_a_self_pay_request_needs_paid_in_full_confirmed(world: Any, client: Any) -> None:
    restriction = _request(world)
    client.force_login(world.dana)
    page = client.get(reverse("part2:restriction_decide", kwargs={"pk": restriction.pk})).content.decode()
    assert "must be agreed" in page
    response = _decide(client, restriction, decision="agree", note="")
    assert response.status_code == 422
    assert "paid in full out of pocket before agreeing" in response.content.decode()
    restriction.refresh_from_db()
    assert restriction.state == RestrictionState.REQUESTED


def test_denying_a_self_pay_request_needs_a_reason(world: Any, client: Any) -> None:
    restriction = _request(world)
    client.force_login(world.dana)
    refused = _decide(client, restriction, decision="deny", note="  ")
    assert refused.status_code == 422
    assert "must be agreed" in refused.content.decode()
    restriction.refresh_from_db()
    assert restriction.state == RestrictionState.REQUESTED
    assert _decide(client, restriction, decision="deny", note="Not paid in full yet").status_code == 302
    restriction.refresh_from_db()
    assert (restriction.state, restriction.decision_note) == (RestrictionState.DENIED, "Not paid in full yet")


def test_an_agreed_restriction_stops_claims_to_the_plan_until_it_ends(world: Any, client: Any) -> None:
    # given Carol's TPO consent and her agreed request
    consents_for.tpo_consent(world.carol, world.alice)
    restriction = _request(world)
    client.force_login(world.dana)
    assert _decide(client, restriction, decision="agree", paid_in_full="on", note="Paid").status_code == 302

    def claim() -> Any:
        return gate.disclose(
            path=paths.CLAIMS_EXPORT,
            client=world.carol,
            recipient=gate.Recipient(RecipientKind.HEALTH_PLAN, "Blue Ridge Health Plan"),
            purpose=Purpose.PAYMENT,
            information=(InfoKind.IDENTITY, InfoKind.BILLING),
            description="837P",
            actor=world.bill,
        )

    # then no claim goes to a health plan
    with pytest.raises(gate.DisclosureRefused):
        claim()
    # when the director ends it, with a reason
    assert (
        client.post(reverse("part2:restriction_end", kwargs={"pk": restriction.pk}), {"note": ""}).status_code
        == 422
    )
    end = client.post(
        reverse("part2:restriction_end", kwargs={"pk": restriction.pk}), {"note": "Client asked"}
    )
    assert end.status_code == 302
    restriction.refresh_from_db()
    assert (restriction.state, restriction.ended_by, restriction.end_note) == (
        RestrictionState.ENDED,
        world.dana,
        "Client asked",
    )
    # then claims go again
    assert claim().disclosure.pk is not None


def test_a_decided_request_cannot_be_decided_again(world: Any, client: Any) -> None:
    restriction = _request(world, RestrictionKind.OTHER)
    client.force_login(world.dana)
    assert _decide(client, restriction, decision="deny", note="").status_code == 302
    again = _decide(client, restriction, decision="agree", note="")
    assert again.status_code == 422
    assert "already decided" in again.content.decode()


@pytest.mark.parametrize(("persona", "status"), [("alice", 403), ("bill", 403), ("bob", 403), ("olga", 404)])
def test_only_the_director_of_the_clients_organization_decides(
    world: Any, client: Any, persona: str, status: int
) -> None:
    restriction = _request(world)
    client.force_login(getattr(world, persona))
    assert _decide(client, restriction, decision="agree", paid_in_full="on").status_code == status
    restriction.refresh_from_db()
    assert restriction.state == RestrictionState.REQUESTED
