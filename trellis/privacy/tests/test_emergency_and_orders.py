"""Break-glass disclosure in a medical emergency (42 CFR 2.51) and recording a court order (2.64)."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from trellis.privacy import gate, paths
from trellis.privacy.consent_models import CourtOrder
from trellis.privacy.disclosure_models import Authority, Disclosure, EmergencyDisclosure
from trellis.privacy.models import AuditEvent
from trellis.privacy.part2 import InfoKind, Purpose, RecipientKind

NOW = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC)
pytestmark = pytest.mark.usefixtures("frozen")

EMERGENCY = {
    "medical_personnel": "Dr. Example Ward",
    "facility": "Mercy General Emergency Department",
    "nature_of_emergency": "Unresponsive after suspected overdose in the group room",
    "information": [InfoKind.IDENTITY, InfoKind.MEDICATIONS],
}


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _break_glass(browser: Any, world: Any, **overrides: Any) -> Any:
    url = reverse("part2:emergency_new", kwargs={"pk": world.carol.pk})
    return browser.post(url, {**EMERGENCY, **overrides})


def test_a_nurse_records_an_emergency_disclosure_and_the_director_is_alerted(
    world: Any, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # given Dana, the director, has an e-mail address
    world.dana.email = "dana@example.org"
    world.dana.save(update_fields=["email"])
    client.force_login(world.nora)
    # when Nora records what she told the emergency department
    with django_capture_on_commit_callbacks(execute=True):
        response = _break_glass(client, world)
    assert response.status_code == 302
    # then the 2.51 record and a Disclosure row with authority EMERGENCY are written, and audited
    emergency = EmergencyDisclosure.objects.get()
    assert (emergency.facility, emergency.disclosed_by, emergency.reviewed_at) == (
        "Mercy General Emergency Department",
        world.nora,
        None,
    )
    disclosure = Disclosure.objects.get()
    assert (disclosure.authority, disclosure.emergency, disclosure.purpose) == (
        Authority.EMERGENCY,
        emergency,
        Purpose.TREATMENT,
    )
    assert AuditEvent.objects.filter(actor=world.nora, client=world.carol, action="disclose").exists()
    # and Dana got an e-mail with a link and nothing about Carol
    [message] = mail.outbox
    assert message.to == ["dana@example.org"]
    assert f"/privacy/clients/{world.carol.pk}/" in message.body
    for phi in ("Carol", "Northcott", world.carol.chart_number, "overdose", "Mercy"):
        assert phi not in f"{message.subject} {message.body}"
    # and it is on Carol's accounting
    page = client.get(reverse("part2:client", kwargs={"pk": world.carol.pk})).content.decode()
    assert "Medical emergency (42 CFR 2.51)" in page


def test_the_director_sees_it_on_today_until_reviewed(world: Any, client: Any) -> None:
    client.force_login(world.nora)
    _break_glass(client, world)
    client.force_login(world.dana)
    today = client.get(reverse("today")).content.decode()
    assert "Emergency disclosures to review" in today
    assert "Mercy General Emergency Department" in today
    emergency = EmergencyDisclosure.objects.get()
    assert client.post(reverse("part2:emergency_review", kwargs={"pk": emergency.pk})).status_code == 302
    emergency.refresh_from_db()
    assert emergency.reviewed_by == world.dana
    assert "Emergency disclosures to review" not in client.get(reverse("today")).content.decode()
    # and the clinicians never see the director's panel
    client.force_login(world.alice)
    assert "Emergency disclosures to review" not in client.get(reverse("today")).content.decode()


@pytest.mark.parametrize(
    "overrides",
    [
        {"facility": ""},
        {"nature_of_emergency": "  "},
        {"information": []},
        {"information": ["counseling_notes"]},
    ],
)
def test_an_incomplete_record_is_refused_and_nothing_leaves(
    world: Any, client: Any, overrides: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(world.alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = _break_glass(client, world, **overrides)
    assert response.status_code == 422
    assert not EmergencyDisclosure.objects.exists()
    assert not Disclosure.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(("persona", "status"), [("amy", 403), ("bill", 403), ("bob", 404), ("olga", 404)])
def test_only_clinical_staff_who_see_the_client_break_the_glass(
    world: Any, client: Any, persona: str, status: int
) -> None:
    client.force_login(getattr(world, persona))
    assert _break_glass(client, world).status_code == status
    assert not EmergencyDisclosure.objects.exists()


def _order(browser: Any, world: Any, **overrides: Any) -> Any:
    data = {
        "court_name": "Superior Court of Example County",
        "order_reference": "CV-2026-0042",
        "issued_on": "2026-11-20",
        "judge_name": "Hon. A. Example",
        "recipient_name": "Superior Court of Example County",
        "information": [InfoKind.IDENTITY, InfoKind.ATTENDANCE],
        "scope": "Dates of attendance from September to November 2026.",
        "expires_on": "2027-02-20",
        **overrides,
    }
    return browser.post(reverse("part2:court_order_new", kwargs={"pk": world.carol.pk}), data)


def test_a_recorded_court_order_lets_the_gate_allow_use_in_the_proceeding(world: Any, client: Any) -> None:
    client.force_login(world.dana)
    assert _order(client, world).status_code == 302
    order = CourtOrder.objects.get()
    assert AuditEvent.objects.filter(actor=world.dana, client=world.carol, object_id=str(order.pk)).exists()
    authorization = gate.check(
        path=paths.DISCHARGE_PDF,
        client=world.carol,
        recipient=gate.Recipient(RecipientKind.COURT, "Superior Court of Example County"),
        purpose=Purpose.LEGAL,
        information=[InfoKind.IDENTITY, InfoKind.ATTENDANCE],
    )
    assert (authorization.authority, authorization.court_order) == (Authority.COURT_ORDER, order)
    page = client.get(reverse("part2:client", kwargs={"pk": world.carol.pk})).content.decode()
    assert "CV-2026-0042" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"expires_on": "2026-11-01"}, "cannot expire before it was issued"),
        ({"issued_on": "2026-12-20"}, "cannot be in the future"),
        ({"scope": ""}, "This field is required"),
        ({"information": []}, "This field is required"),
    ],
)
def test_a_bad_court_order_is_refused_and_nothing_is_written(
    world: Any, client: Any, overrides: dict[str, Any], message: str
) -> None:
    client.force_login(world.dana)
    response = _order(client, world, **overrides)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not CourtOrder.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("alice", 403), ("bill", 403), ("olga", 404)])
def test_only_the_director_records_a_court_order(world: Any, client: Any, persona: str, status: int) -> None:
    client.force_login(getattr(world, persona))
    assert _order(client, world).status_code == status
    assert not CourtOrder.objects.exists()
