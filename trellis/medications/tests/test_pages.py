"""Medication and screen pages: who may see them, what they show, what they write, and their query counts."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trellis.medications import services
from trellis.medications.choices import MatKind, Result
from trellis.medications.models import DrugScreen, Medication, MedicationOrder, ScreenFlag
from trellis.medications.services import ResultEntry
from trellis.medications.tests.factories import MedicationFactory, order_for, prescriber_at
from trellis.privacy.models import AuditEvent

NOW = dt.datetime(2026, 11, 18, 15, 0, tzinfo=dt.UTC)
PERSONAS = ["alice", "bob", "amy", "nora", "bill", "dana", "adam"]
# clinical roles at Northside see Carol's medications; Bob (Lakeside) gets 404; non-clinical roles 403
CAROL_PAGES = (200, 404, 403, 200, 403, 200, 403)


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _screen(world: Any, client: Any, *positives: str) -> DrugScreen:
    results = [ResultEntry(s, Result.POSITIVE) for s in positives] or [
        ResultEntry("cocaine", Result.NEGATIVE)
    ]
    return services.record_drug_screen(
        client=client,
        collected_at=NOW - dt.timedelta(hours=1),
        specimen="urine",
        method="read_by_eye",
        results=results,
        collected_by=world.nora,
    )


@pytest.fixture
def carol_on_bup(world: Any) -> Medication:
    medication: Medication = MedicationFactory.create(
        client=world.carol, name="Buprenorphine/naloxone", is_mat=True, mat_kind=MatKind.BUPRENORPHINE
    )
    return medication


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", ["client", "add", "record_screen", "change"])
def test_it_shows_medication_pages_to_clinical_roles_only(
    world: Any, client: Any, carol_on_bup: Medication, persona: str, page: str
) -> None:
    kwargs = {"pk": carol_on_bup.pk} if page == "change" else {"client_pk": world.carol.pk}
    client.force_login(getattr(world, persona))
    response = client.get(reverse(f"medications:{page}", kwargs=kwargs))
    assert response.status_code == CAROL_PAGES[PERSONAS.index(persona)]


def test_it_shows_mat_highlighted_and_an_unexpected_positive(
    world: Any, client: Any, carol_on_bup: Medication
) -> None:
    # given an expected buprenorphine positive and an unexpected fentanyl positive
    _screen(world, world.carol, "buprenorphine", "fentanyl")
    client.force_login(world.alice)
    # when
    page = client.get(reverse("medications:client", kwargs={"client_pk": world.carol.pk})).content.decode()
    # then
    assert 'class="mat"' in page
    assert "MAT · Buprenorphine" in page
    assert "Buprenorphine positive · expected" in page
    assert "Fentanyl positive · unexpected" in page
    assert "Unexpected positives to review with the plan" in page


def test_it_audits_the_medications_page(world: Any, client: Any) -> None:
    client.force_login(world.nora)
    response = client.get(
        reverse("medications:client", kwargs={"client_pk": world.carol.pk}), REMOTE_ADDR="10.9.8.7"
    )
    event = AuditEvent.objects.get(client=world.carol, action="view", detail="medications")
    assert (event.actor, event.ip_address, event.request_id) == (
        world.nora,
        "10.9.8.7",
        response["X-Request-ID"],
    )


def test_it_adds_a_medication_against_an_order_from_the_form(world: Any, client: Any) -> None:
    # given Priya's active order for Carol
    order = order_for(world.carol, prescriber_at(world), name="Naltrexone ER", dose="380 mg")
    client.force_login(world.nora)
    # when Nora records it against the order
    url = reverse("medications:add", kwargs={"client_pk": world.carol.pk})
    form = {"source": "order", "order": order.pk, "started_on": "2026-11-10"}
    response = client.post(url, {**form, "is_mat": "on", "mat_kind": "naltrexone_xr"})
    # then the drug and prescriber come from the order, and the list shows where it comes from
    assert response.status_code == 302
    medication = Medication.objects.get()
    assert (medication.name, medication.prescriber, medication.recorded_by) == (
        "Naltrexone ER",
        order.ordered_by,
        world.nora,
    )
    assert AuditEvent.objects.filter(
        object_id=str(medication.pk), request_id=response["X-Request-ID"]
    ).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Ordered by Priya Test on Sep 28, 2026" in page


def test_it_refuses_a_nurse_naming_a_prescriber_without_an_order(world: Any, client: Any) -> None:
    client.force_login(world.nora)
    form = {
        "source": "client_reported",
        "name": "Naltrexone",
        "dose": "50 mg",
        "route": "oral",
        "frequency": "once daily",
        "started_on": "2026-11-10",
        "prescriber": prescriber_at(world).pk,
    }
    response = client.post(reverse("medications:add", kwargs={"client_pk": world.carol.pk}), form)
    assert response.status_code == 400
    assert "named only through their order" in response.content.decode()
    assert 'value="Naltrexone"' in response.content.decode()
    assert not Medication.objects.exists()


def test_a_prescriber_writes_an_order_from_the_medications_page(world: Any, client: Any) -> None:
    priya = prescriber_at(world)
    client.force_login(priya)
    page = client.get(reverse("medications:client", kwargs={"client_pk": world.carol.pk})).content.decode()
    assert "Write an order" in page
    form = {"name": "Acamprosate", "dose": "666 mg", "route": "oral", "frequency": "three times daily"}
    response = client.post(
        reverse("medications:new_order", kwargs={"client_pk": world.carol.pk}),
        {**form, "ordered_on": "2026-11-18"},
        follow=True,
    )
    assert "Order for Acamprosate written." in response.content.decode()
    assert MedicationOrder.objects.get().ordered_by == priya
    # and a nurse sees the order but no button to write one
    client.force_login(world.nora)
    page = client.get(reverse("medications:client", kwargs={"client_pk": world.carol.pk})).content.decode()
    assert "Acamprosate" in page
    assert "Write an order" not in page


def test_it_shows_the_refusal_on_the_field_and_saves_nothing(world: Any, client: Any) -> None:
    client.force_login(world.nora)
    response = client.post(
        reverse("medications:add", kwargs={"client_pk": world.carol.pk}),
        {
            "source": "client_reported",
            "name": "Methadone",
            "dose": "80 mg",
            "route": "oral",
            "frequency": "daily",
            "started_on": "2026-11-10",
            "is_mat": "on",
            "mat_kind": "methadone",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["otp_name"] == [
        "Methadone is dispensed by an opioid treatment program: name the program."
    ]
    assert not Medication.objects.exists()


def test_it_records_a_screen_and_flags_an_unexpected_positive(
    world: Any, client: Any, carol_on_bup: Medication
) -> None:
    client.force_login(world.nora)
    form = {
        "collected_at": "2026-11-18T09:30",
        "specimen": "urine",
        "method": "read_by_eye",
        "observed": "on",
    }
    form |= {"result_buprenorphine": "positive", "result_opiates": "positive", "result_cocaine": "negative"}
    response = client.post(
        reverse("medications:record_screen", kwargs={"client_pk": world.carol.pk}), form, follow=True
    )
    assert "Unexpected positive flagged for plan review." in response.content.decode()
    screen = DrugScreen.objects.get()
    # typed in New York local time (the site's zone), stored as UTC
    assert screen.collected_at == dt.datetime(2026, 11, 18, 14, 30, tzinfo=dt.UTC)
    assert screen.observed
    assert ScreenFlag.objects.get().substances == ["opiates"]


def test_it_puts_a_level_error_on_its_row(world: Any, client: Any) -> None:
    client.force_login(world.nora)
    form = {"collected_at": "2026-11-18T09:30", "specimen": "urine", "method": "read_by_eye"}
    form |= {"result_fentanyl": "positive", "level_fentanyl": "3.5"}
    response = client.post(reverse("medications:record_screen", kwargs={"client_pk": world.carol.pk}), form)
    assert response.context["form"].errors["level_fentanyl"] == [
        "Levels come from definitive (laboratory) testing only."
    ]
    assert not DrugScreen.objects.exists()


def test_it_reviews_a_flag_from_the_page(world: Any, client: Any) -> None:
    _screen(world, world.carol, "cocaine")
    flag = ScreenFlag.objects.get()
    client.force_login(world.alice)
    empty = client.post(reverse("medications:review_flag", kwargs={"pk": flag.pk}), {"note": ""}, follow=True)
    assert "Review not saved" in empty.content.decode()
    client.post(reverse("medications:review_flag", kwargs={"pk": flag.pk}), {"note": "Discussed in session."})
    flag.refresh_from_db()
    assert (flag.status, flag.reviewed_by) == ("reviewed", world.alice)
    # and the review stays readable on the screen's row, on the medications page and on the chart
    for page in ("medications:client", "clients:chart"):
        key = "client_pk" if page.startswith("medications") else "pk"
        text = client.get(reverse(page, kwargs={key: world.carol.pk})).content.decode()
        assert "Discussed in session." in text, page
        assert "Reviewed by Alice" in text, page


def test_it_hides_flags_from_staff_who_may_not_see_the_client(world: Any, client: Any) -> None:
    _screen(world, world.carol, "cocaine")
    flag = ScreenFlag.objects.get()
    client.force_login(world.bob)
    response = client.post(reverse("medications:review_flag", kwargs={"pk": flag.pk}), {"note": "x"})
    assert response.status_code == 404


def test_it_changes_and_stops_from_the_change_page(world: Any, client: Any, carol_on_bup: Medication) -> None:
    client.force_login(world.dana)
    client.post(
        reverse("medications:change", kwargs={"pk": carol_on_bup.pk}),
        {
            "dose": "24 mg",
            "route": "sublingual",
            "frequency": "once daily",
            "changed_on": "2026-11-18",
            "reason": "Cravings",
        },
    )
    successor = Medication.objects.get(replaces=carol_on_bup)
    response = client.post(
        reverse("medications:stop", kwargs={"pk": successor.pk}),
        {"stopped_on": "2026-11-18", "reason": "Switched"},
    )
    assert response.status_code == 302
    assert not Medication.objects.current_on(dt.date(2026, 11, 18)).exists()
    # a stopped medication has no change page
    assert client.get(reverse("medications:change", kwargs={"pk": successor.pk})).status_code == 404


@pytest.mark.parametrize(
    ("persona", "shown"), [("alice", True), ("nora", True), ("bill", False), ("amy", False)]
)
def test_it_puts_medications_on_the_chart_for_clinical_roles_only(
    world: Any, client: Any, carol_on_bup: Medication, persona: str, shown: bool
) -> None:
    client.force_login(getattr(world, persona))
    page = client.get(reverse("clients:chart", kwargs={"pk": world.carol.pk})).content.decode()
    assert ("Buprenorphine/naloxone" in page) is shown
    assert ('id="meds-h"' in page) is shown


@pytest.mark.parametrize(
    ("persona", "shown"), [("alice", True), ("dana", True), ("bob", False), ("bill", False)]
)
def test_it_lists_open_flags_on_today_for_the_clients_clinicians(
    world: Any, client: Any, persona: str, shown: bool
) -> None:
    # given an unexpected positive for Carol (Northside) and a reviewed one for Dave (Lakeside)
    _screen(world, world.carol, "cocaine")
    _screen(world, world.dave, "fentanyl")
    services.review_screen_flag(
        flag=ScreenFlag.objects.get(client=world.dave), note="Reviewed", reviewed_by=world.bob
    )
    client.force_login(getattr(world, persona))
    # when
    page = client.get(reverse("today")).content.decode()
    # then
    panel = page.split('id="screenflags-h"')[1].split("</section>")[0] if shown else ""
    assert ('id="screenflags-h"' in page) is shown
    assert ("Carol Northcott" in panel) is shown
    assert "Dave Lakewood" not in panel
    assert AuditEvent.objects.filter(client=world.carol, detail="today: screen flags").exists() is shown


def test_todays_flags_kept_between_views_follow_a_new_screen_and_a_review(world: Any, client: Any) -> None:
    # given Today seen once with Carol's open flag (its rows are kept for the next view)
    _screen(world, world.carol, "cocaine")
    client.force_login(world.dana)  # the director: both sites
    assert "Carol Northcott" in _flags_panel(client)
    # when a new unexpected positive is recorded for Dave, then Carol's flag is reviewed
    _screen(world, world.dave, "fentanyl")
    assert "Dave Lakewood" in _flags_panel(client)
    services.review_screen_flag(
        flag=ScreenFlag.objects.get(client=world.carol), note="Reviewed", reviewed_by=world.bob
    )
    # then each shows on the very next view, and every view is audited
    panel = _flags_panel(client)
    assert "Carol Northcott" not in panel
    assert "Dave Lakewood" in panel
    assert AuditEvent.objects.filter(client=world.dave, detail="today: screen flags").count() == 2


def _flags_panel(client: Any) -> str:
    page = client.get(reverse("today")).content.decode()
    return page.split('id="screenflags-h"')[1].split("</section>")[0] if 'id="screenflags-h"' in page else ""


def _fill(world: Any, count: int) -> None:
    priya = prescriber_at(world)
    for n in range(count):
        # every other one against an active order, so orders and their prescribers are on the page too
        order = order_for(world.carol, priya, name=f"Medication {n}") if n % 2 else None
        by_order = {"order": order, "source": "order", "prescriber": priya, "outside_prescriber": ""}
        MedicationFactory.create(
            client=world.carol,
            name=f"Medication {n}",
            is_mat=n == 0,
            mat_kind="other" if n == 0 else "",
            **(by_order if order else {}),
        )
        services.record_drug_screen(
            client=world.carol,
            collected_at=NOW - dt.timedelta(days=n + 1),
            specimen="urine",
            method="definitive",
            results=[ResultEntry("cocaine", Result.POSITIVE), ResultEntry("opiates", Result.NEGATIVE)],
            collected_by=world.nora,
        )


def _queries(client: Any, url: str) -> int:
    cache.clear()  # read afresh each time: kept memberships, counts and parts would differ by state
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["medications", "chart", "today"])
def test_it_runs_the_same_queries_for_10_and_100_medications_and_screens(
    world: Any, client: Any, page: str
) -> None:
    urls = {
        "medications": reverse("medications:client", kwargs={"client_pk": world.carol.pk}),
        "chart": reverse("clients:chart", kwargs={"pk": world.carol.pk}),
        "today": reverse("today"),
    }
    client.force_login(world.alice)
    _fill(world, 10)
    with_10 = _queries(client, urls[page])
    _fill(world, 90)
    assert _queries(client, urls[page]) == with_10
