"""The breach register: the director records an incident, assesses it, sees the deadlines, records notices and
prints each affected client's letter; nobody else and no other organization sees any of it."""

import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from tests import factories
from trellis.privacy.breach_models import BreachConclusion, BreachIncident
from trellis.privacy.models import AuditEvent
from trellis.privacy.part2 import InfoKind

NOW = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC)
pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _form(world: Any, **overrides: Any) -> dict[str, Any]:
    return {
        "title": "Laptop stolen from a car",
        "description": "A staff laptop holding a spreadsheet of group rosters was stolen from a parked car.",
        "discovered_on": "2026-11-02",
        "occurred_on": "2026-11-01",
        "occurred_through": "2026-11-01",
        "chart_numbers": f"{world.carol.chart_number}, {world.dave.chart_number}",
        "number_affected": "12",
        "residents": "NY: 10, NJ: 2",
        "information": [InfoKind.IDENTITY, InfoKind.ATTENDANCE],
        "nature_and_extent": "Names and group attendance dates; no diagnoses.",
        "unauthorized_recipient": "Unknown thief.",
        "acquired_or_viewed": "Not known; the disk was not encrypted.",
        "mitigation": "Passwords changed; police report filed.",
        "conclusion": BreachConclusion.BREACH,
        "steps_for_individuals": "Watch for calls claiming to be from the program.",
        "program_actions": "All laptops are now encrypted.",
        "contact": "Call 1-800-555-0100 (toll free) or write to the Privacy Officer.",
        **overrides,
    }


def _record(browser: Any, world: Any, **overrides: Any) -> Any:
    return browser.post(reverse("part2:breach_new"), _form(world, **overrides))


def test_the_director_records_a_breach_and_sees_its_deadlines(world: Any, client: Any) -> None:
    client.force_login(world.dana)
    response = _record(client, world)
    assert response.status_code == 302
    incident = BreachIncident.objects.get()
    assert set(incident.affected_clients.all()) == {world.carol, world.dave}
    assert incident.residents_by_state == {"NY": 10, "NJ": 2}
    assert AuditEvent.objects.filter(actor=world.dana, object_id=str(incident.pk), action="create").exists()
    page = client.get(response["Location"]).content.decode()
    # individuals by day 60 after Nov 2; fewer than 500, so HHS in the yearly log; no media
    assert "Jan 1, 2027" in page
    assert "in the yearly log" in page
    assert "Mar 1, 2027" in page
    assert "not required" in page
    listing = client.get(reverse("part2:breaches")).content.decode()
    assert "Laptop stolen from a car" in listing
    assert "due by Jan 1, 2027" in listing


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"nature_and_extent": ""}, "Assess all four factors"),
        ({"contact": ""}, "how to reach the program"),
        ({"number_affected": "1"}, "At least the 2 clients listed"),
        ({"residents": "NY: lots"}, "is not a state and a number"),
        ({"residents": "NY: 20"}, "add up to more than the number affected"),
        ({"occurred_on": "2026-11-05", "occurred_through": ""}, "after it was discovered"),
        ({"discovered_on": "2026-12-24"}, "cannot be in the future"),
        ({"chart_numbers": "NO-SUCH-CHART"}, "No client you can see"),
        ({"over_500_in_a_state": "on"}, "needs more than 500 affected"),
    ],
)
def test_a_bad_incident_is_refused_with_the_field_named_and_nothing_is_written(
    world: Any, client: Any, overrides: dict[str, Any], message: str
) -> None:
    client.force_login(world.dana)
    response = _record(client, world, **overrides)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not BreachIncident.objects.exists()


def test_a_low_probability_conclusion_needs_no_notice_and_writes_no_letter(world: Any, client: Any) -> None:
    client.force_login(world.dana)
    _record(client, world, conclusion=BreachConclusion.LOW_PROBABILITY)
    incident = BreachIncident.objects.get()
    page = client.get(reverse("part2:breach", kwargs={"pk": incident.pk})).content.decode()
    assert "not a breach, no notice is required" in page
    letter = client.get(
        reverse("part2:breach_letter", kwargs={"pk": incident.pk, "client_pk": world.carol.pk})
    )
    assert letter.status_code == 302
    notice = client.post(
        reverse("part2:breach_notice", kwargs={"pk": incident.pk}),
        {"notice": "individuals", "sent_on": "2026-11-20"},
    )
    assert notice.status_code == 302
    incident.refresh_from_db()
    assert incident.individuals_notified_on is None


def test_each_affected_client_gets_a_letter_with_what_164_404_asks(world: Any, client: Any) -> None:
    client.force_login(world.dana)
    _record(client, world)
    incident = BreachIncident.objects.get()
    response = client.get(
        reverse("part2:breach_letter", kwargs={"pk": incident.pk, "client_pk": world.carol.pk})
    )
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.content)).pages
    )
    for words in (
        "Carol Northcott",
        "laptop holding a spreadsheet",  # what happened
        "November 1, 2026",  # when
        "November 2, 2026",  # discovered
        "Dates of service and attendance",  # what information
        "Watch for calls",  # steps to take
        "now encrypted",  # what the program does
        "1-800-555-0100",  # contact
    ):
        assert words in text, words
    assert AuditEvent.objects.filter(actor=world.dana, client=world.carol, action="export").exists()
    # a client not listed in the incident has no letter
    other = factories.ClientFactory.create(site=world.site_a)
    missing = client.get(reverse("part2:breach_letter", kwargs={"pk": incident.pk, "client_pk": other.pk}))
    assert missing.status_code == 404


def test_notices_are_recorded_and_a_date_before_discovery_is_refused(world: Any, client: Any) -> None:
    client.force_login(world.dana)
    _record(client, world)
    incident = BreachIncident.objects.get()
    url = reverse("part2:breach_notice", kwargs={"pk": incident.pk})
    client.post(url, {"notice": "individuals", "sent_on": "2026-10-30"})
    incident.refresh_from_db()
    assert incident.individuals_notified_on is None
    client.post(url, {"notice": "individuals", "sent_on": "2026-11-20"})
    incident.refresh_from_db()
    assert incident.individuals_notified_on == dt.date(2026, 11, 20)
    assert AuditEvent.objects.filter(detail="breach notice: individuals").count() == 1


def test_the_director_changes_an_incident(world: Any, client: Any) -> None:
    client.force_login(world.dana)
    _record(client, world)
    incident = BreachIncident.objects.get()
    edit = reverse("part2:breach_edit", kwargs={"pk": incident.pk})
    assert world.carol.chart_number in client.get(edit).content.decode()
    changed = _form(world, number_affected="600", residents="NY: 501", chart_numbers=world.carol.chart_number)
    assert client.post(edit, changed).status_code == 302
    incident.refresh_from_db()
    assert list(incident.affected_clients.all()) == [world.carol]
    assert incident.deadlines.media == dt.date(2027, 1, 1)
    assert not incident.deadlines.hhs_in_yearly_log


@pytest.mark.parametrize(("persona", "status"), [("alice", 403), ("bill", 403), ("adam", 403), ("olga", 404)])
def test_nobody_but_the_organizations_director_sees_the_register(
    world: Any, client: Any, persona: str, status: int
) -> None:
    client.force_login(world.dana)
    _record(client, world)
    incident = BreachIncident.objects.get()
    client.force_login(getattr(world, persona))
    assert client.get(reverse("part2:breach", kwargs={"pk": incident.pk})).status_code == status
    assert (
        client.post(reverse("part2:breach_edit", kwargs={"pk": incident.pk}), _form(world)).status_code
        == status
    )
    if persona == "olga":
        listing = client.get(reverse("part2:breaches")).content.decode()
        assert "Laptop stolen" not in listing
        # nor can she list Riverside's clients in an incident of her own
        assert _record(client, world).status_code == 422


def _queries(browser: Any, url: str) -> int:
    cache.clear()  # read afresh each time: kept memberships, counts and parts would differ by state
    with CaptureQueriesContext(connection) as captured:
        assert browser.get(url).status_code == 200
    return len(captured)


def test_the_incident_page_runs_the_same_queries_for_two_clients_or_twenty(world: Any, client: Any) -> None:
    client.force_login(world.dana)
    _record(client, world)
    incident = BreachIncident.objects.get()
    url = reverse("part2:breach", kwargs={"pk": incident.pk})
    few = _queries(client, url)
    incident.affected_clients.add(*[factories.ClientFactory.create(site=world.site_a) for _ in range(18)])
    assert _queries(client, url) == few
    listing = reverse("part2:breaches")
    one = _queries(client, listing)
    for n in range(5):
        BreachIncident.objects.create(
            organization=world.organization, title=f"Misdirected fax {n}", description="x",
            discovered_on=dt.date(2026, 11, 1), recorded_by=world.dana,
        )  # fmt: skip
    assert _queries(client, listing) == one
