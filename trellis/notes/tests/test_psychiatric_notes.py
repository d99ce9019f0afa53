"""Psychiatric visit notes: written by a prescriber only, with what was done with each medication order."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from trellis.medications.models import MedicationOrder
from trellis.medications.tests.factories import order_for, prescriber_at
from trellis.notes.clinical_services import create_psychiatric_note
from trellis.notes.models import IndividualNote, VisitOrderAction
from trellis.notes.tests.clinical_given import DAP

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_session")]
DAY = dt.date(2026, 11, 23)


def _write(world: Any, author: Any, **changes: Any) -> IndividualNote:
    arguments: dict[str, Any] = {
        "client": world.carol, "author": author, "service": "medication_management", "service_date": DAY,
        "duration_minutes": 25, "note_format": "dap", "sections": DAP, "order_actions": {}, **changes,
    }  # fmt: skip
    return create_psychiatric_note(**arguments)


def test_a_prescriber_records_what_was_done_with_each_order(world: Any) -> None:
    priya = prescriber_at(world)
    order = order_for(world.carol, priya)
    note = _write(world, priya, order_actions={order.pk: "changed"})
    assert (note.service, note.author) == ("medication_management", priya)
    assert [(a.order, a.action) for a in VisitOrderAction.objects.all()] == [(order, "changed")]


@pytest.mark.parametrize("author", ["alice", "dana"])
def test_it_refuses_a_psychiatric_note_from_anyone_but_a_prescriber(world: Any, author: str) -> None:
    with pytest.raises(ValidationError) as refused:
        _write(world, getattr(world, author))
    assert refused.value.message_dict == {"service": ["Only a prescriber writes a psychiatric visit note."]}
    assert not IndividualNote.objects.exists()


def test_it_refuses_an_e_m_level_for_an_evaluation_and_another_clients_order(world: Any) -> None:
    priya = prescriber_at(world)
    with pytest.raises(ValidationError) as refused:
        _write(world, priya, service="psych_evaluation", em_code="99214")
    assert "em_code" in refused.value.message_dict
    others = order_for(world.dave, prescriber_at(world, site=world.site_b, username="pat"))
    with pytest.raises(ValidationError) as refused:
        _write(world, priya, order_actions={others.pk: "reviewed"})
    assert "orders" in refused.value.message_dict
    assert not IndividualNote.objects.exists()


def test_the_page_lists_the_active_orders_and_saves_the_visit(world: Any, client: Any) -> None:
    priya = prescriber_at(world)
    order = order_for(world.carol, priya)
    client.force_login(priya)
    url = reverse("notes:psychiatric_new", kwargs={"client_pk": world.carol.pk})
    assert "Buprenorphine/naloxone 16 mg" in client.get(url).content.decode()
    data = {"format": "soap", "service": "medication_management", "service_date": "2026-11-23",
            "duration_minutes": "32", "subjective": "Sleeping better.", "objective": "Calm.",
            "assessment": "Stable.", "plan": "Continue.", f"order_{order.pk}": "reviewed"}  # fmt: skip
    response = client.post(url, data)
    note = IndividualNote.objects.get()
    assert response.url == reverse("notes:individual", kwargs={"pk": note.pk})
    html = client.get(response.url).content.decode()
    assert "Medication management, established client" in html
    assert "Buprenorphine/naloxone 16 mg · sublingual · once daily: Reviewed, no change" in html


def test_the_page_is_closed_to_a_clinician(world: Any, client: Any) -> None:
    client.force_login(world.alice)
    url = reverse("notes:psychiatric_new", kwargs={"client_pk": world.carol.pk})
    assert client.get(url).status_code == 403


def _visit_form(**changes: str) -> dict[str, str]:
    data = {"format": "dap", "service": "medication_management", "service_date": "2026-11-23",
            "duration_minutes": "25", **DAP, "name": "Naltrexone", "dose": "50 mg", "route": "oral",
            "frequency": "once daily"}  # fmt: skip
    return {**data, **changes}


def test_a_medication_started_at_the_visit_is_ordered_and_linked_to_its_note(world: Any, client: Any) -> None:
    priya = prescriber_at(world)
    client.force_login(priya)
    url = reverse("notes:psychiatric_new", kwargs={"client_pk": world.carol.pk})
    client.post(url, _visit_form())
    [action] = VisitOrderAction.objects.select_related("order", "note")
    assert (action.action, action.order.name, action.order.ordered_by) == ("started", "Naltrexone", priya)
    assert action.order.ordered_on == DAY


def test_a_refused_new_order_saves_neither_the_order_nor_the_note(world: Any, client: Any) -> None:
    client.force_login(prescriber_at(world))
    url = reverse("notes:psychiatric_new", kwargs={"client_pk": world.carol.pk})
    response = client.post(url, _visit_form(dose=""))
    assert response.status_code == 400
    assert "Give the dose, e.g. 8 mg." in response.content.decode()
    assert not IndividualNote.objects.exists()
    assert not MedicationOrder.objects.exists()
