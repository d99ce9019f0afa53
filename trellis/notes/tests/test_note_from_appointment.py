"""A booked family session or psychiatric evaluation opens its note, prefilled from the appointment."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from trellis.medications.tests.factories import prescriber_at
from trellis.scheduling.models import Appointment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_session")]
STARTS = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)  # 10:00 in New York, Northside's zone


def _booked(world: Any, kind: str, staff: Any, minutes: int) -> Any:
    return Appointment.objects.create(
        site=world.site_a, kind=kind, staff=staff, client=world.carol, booked_by=world.alice,
        starts_at=STARTS, ends_at=STARTS + dt.timedelta(minutes=minutes),
    )  # fmt: skip


def test_a_family_session_appointment_opens_the_family_note_with_its_date_and_length(
    world: Any, client: Any
) -> None:
    appointment = _booked(world, "family", world.alice, 55)
    client.force_login(world.alice)
    page = client.get(reverse("scheduling:appointment", kwargs={"pk": appointment.pk})).content.decode()
    url = reverse("notes:family_new", kwargs={"client_pk": world.carol.pk}) + f"?appointment={appointment.pk}"
    assert f'<a href="{url}">Write the note</a>' in page
    form = client.get(url).content.decode()
    assert 'value="2026-11-23"' in form
    assert 'value="55"' in form


def test_a_psychiatric_evaluation_opens_the_prescribers_note_as_an_evaluation(
    world: Any, client: Any
) -> None:
    priya = prescriber_at(world)
    appointment = _booked(world, "psych_eval", priya, 60)
    client.force_login(priya)
    url = reverse("notes:psychiatric_new", kwargs={"client_pk": world.carol.pk})
    form = client.get(f"{url}?appointment={appointment.pk}").content.decode()
    assert 'value="60"' in form
    assert '<option value="psych_evaluation_medical" selected>' in form
