"""Diagnoses on the face sheet: ICD-10-CM codes with onset and resolution dates, exactly one primary.

The primary (principal) diagnosis is listed first on the claim (ICD-10-CM Official Guidelines for Coding and
Reporting, section II; 837 HI segment). Dates derive from the clock the tests freeze, never from today.
"""

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from trellis.billing.models import Diagnosis
from trellis.core import clock
from trellis.privacy.models import AuditEvent


@pytest.fixture
def alice(world: Any, client: Any) -> Any:
    client.force_login(world.alice)
    return client


def _today(world: Any) -> dt.date:
    return clock.today_in(world.carol.site.timezone)


def _record(browser: Any, world: Any, **fields: Any) -> Any:
    url = reverse("billing:record_diagnosis", kwargs={"pk": world.carol.pk})
    return browser.post(url, fields, follow=True)


def _primary(world: Any) -> list[str]:
    return list(Diagnosis.objects.filter(client=world.carol, is_primary=True).values_list("code", flat=True))


def test_it_makes_the_first_diagnosis_primary_and_shows_it_on_the_face_sheet(world: Any, alice: Any) -> None:
    onset = _today(world) - dt.timedelta(days=400)
    page = _record(alice, world, code="f10.20", description="Alcohol use disorder, moderate", onset_on=onset)
    html = page.content.decode()
    assert "F10.20 recorded." in html
    assert "Alcohol use disorder, moderate" in html
    assert f"{onset:%b} {onset.day}, {onset.year}" in html
    assert _primary(world) == ["F10.20"]


def test_it_keeps_exactly_one_primary_as_it_moves(world: Any, alice: Any) -> None:
    # given F10.20 is primary and F32.1 an additional diagnosis
    _record(alice, world, code="F10.20")
    _record(alice, world, code="F32.1")
    assert _primary(world) == ["F10.20"]
    # when F32.1 is made primary
    second = Diagnosis.objects.get(code="F32.1")
    page = alice.post(reverse("billing:diagnosis_primary", kwargs={"pk": second.pk}), follow=True)
    # then it alone is primary, and the change is on Carol's trail
    assert "F32.1 is now the primary diagnosis." in page.content.decode()
    assert _primary(world) == ["F32.1"]
    assert AuditEvent.objects.filter(client=world.carol, detail="diagnosis: made primary").count() == 1
    # and a new diagnosis recorded as primary takes the mark over in the same write
    _record(alice, world, code="F41.1", is_primary="on")
    assert _primary(world) == ["F41.1"]


def test_the_database_refuses_a_second_primary(world: Any) -> None:
    Diagnosis.objects.create(client=world.carol, code="F10.20", is_primary=True, recorded_by=world.alice)
    with pytest.raises(IntegrityError), transaction.atomic():
        Diagnosis.objects.create(client=world.carol, code="F32.1", is_primary=True, recorded_by=world.alice)


def test_it_refuses_to_resolve_the_primary_while_another_could_take_its_place(world: Any, alice: Any) -> None:
    _record(alice, world, code="F10.20")
    _record(alice, world, code="F32.1")
    primary = Diagnosis.objects.get(code="F10.20")
    url = reverse("billing:diagnosis_resolve", kwargs={"pk": primary.pk})
    page = alice.post(url, {"resolved_on": _today(world).isoformat()}, follow=True)
    assert "F10.20 is the primary diagnosis: make another one primary first." in page.content.decode()
    assert Diagnosis.objects.get(pk=primary.pk).resolved_on is None


def test_it_resolves_an_additional_diagnosis_and_refuses_a_primary_mark_on_it(world: Any, alice: Any) -> None:
    _record(alice, world, code="F10.20")
    _record(alice, world, code="F32.1", onset_on=_today(world) - dt.timedelta(days=90))
    other = Diagnosis.objects.get(code="F32.1")
    resolved_on = _today(world) - dt.timedelta(days=7)
    alice.post(reverse("billing:diagnosis_resolve", kwargs={"pk": other.pk}), {"resolved_on": resolved_on})
    assert Diagnosis.objects.get(pk=other.pk).resolved_on == resolved_on
    page = alice.post(reverse("billing:diagnosis_primary", kwargs={"pk": other.pk}), follow=True)
    assert "a resolved diagnosis cannot be the primary one" in page.content.decode()
    assert _primary(world) == ["F10.20"]


@pytest.mark.parametrize(
    ("days_resolved_after_onset", "message"),
    [(-1, "A diagnosis cannot resolve before its onset"), (0, ""), (1, "")],
)
def test_it_checks_the_resolution_against_the_onset_at_the_band_edge(
    world: Any, alice: Any, days_resolved_after_onset: int, message: str
) -> None:
    onset = _today(world) - dt.timedelta(days=30)
    _record(alice, world, code="F10.20")
    _record(alice, world, code="F32.1", onset_on=onset)
    other = Diagnosis.objects.get(code="F32.1")
    resolved_on = onset + dt.timedelta(days=days_resolved_after_onset)
    url = reverse("billing:diagnosis_resolve", kwargs={"pk": other.pk})
    page = alice.post(url, {"resolved_on": resolved_on}, follow=True).content.decode()
    saved = Diagnosis.objects.get(pk=other.pk).resolved_on
    if message:
        assert message in page
        assert saved is None
    else:
        assert saved == resolved_on


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"code": "F1020"}, "Enter an ICD-10-CM code such as F10.20"),
        ({"code": "F10.20", "onset_on": "tomorrow"}, "Enter a valid date."),
        ({"code": "F10.20", "onset_on": "future"}, "The onset date cannot be in the future"),
    ],
)
def test_it_refuses_a_bad_diagnosis_keeping_what_was_typed(
    world: Any, alice: Any, fields: dict[str, str], message: str
) -> None:
    if fields.get("onset_on") == "future":
        fields = {**fields, "onset_on": (_today(world) + dt.timedelta(days=1)).isoformat()}
    page = _record(alice, world, description="Typed description", **fields)
    html = page.content.decode()
    assert page.status_code == 400
    assert message in html
    assert 'value="Typed description"' in html
    assert not Diagnosis.objects.exists()


def test_it_hides_diagnoses_from_admissions_on_the_face_sheet(world: Any, client: Any) -> None:
    Diagnosis.objects.create(client=world.carol, code="F10.20", is_primary=True, recorded_by=world.alice)
    client.force_login(world.amy)
    page = client.get(reverse("clients:face_sheet", kwargs={"pk": world.carol.pk})).content.decode()
    assert "F10.20" not in page
    client.force_login(world.nora)
    assert (
        "F10.20" in client.get(reverse("clients:face_sheet", kwargs={"pk": world.carol.pk})).content.decode()
    )
