"""An individual note (DAP, BIRP, SOAP) rated high risk opens the urgent safety task a group entry opens.

Saved, not signed, is enough (notes/risk.py says why); once per note, whatever the later saves say; the
e-mail to on call and the director names no client (HIPAA minimum necessary, 45 CFR 164.502(b)).
"""

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from trellis.measures import safety
from trellis.measures import services as measures
from trellis.measures.choices import SafetyTaskKind
from trellis.measures.models import SafetyNotice, SafetyTask
from trellis.notes import services
from trellis.notes.choices import NoteFormat
from trellis.notes.models import IndividualNote
from trellis.notes.tests import given

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_session")]
DISCLOSED = "Said she has pills saved and means to take them tonight; crisis line called, plan started."
DAP = {"data": "Talked about the weekend.", "assessment": "Low mood, hopeless.", "plan": "Meet Thursday."}


def _write(world: Any, *, risk_level: str = "high", risk_note: str = DISCLOSED) -> IndividualNote:
    return services.create_individual_note(
        client=world.carol,
        author=world.alice,
        service_date=given.SESSION_DAY,
        duration_minutes=50,
        note_format=NoteFormat.DAP,
        sections=DAP,
        risk_level=risk_level,
        risk_note=risk_note,
    )


def _save(world: Any, note: IndividualNote, *, risk_level: str, risk_note: str = DISCLOSED) -> None:
    services.update_individual_note(
        note=note,
        editor=world.alice,
        service_date=note.service_date,
        duration_minutes=50,
        sections=DAP,
        risk_level=risk_level,
        risk_note=risk_note,
    )


def _on_call(world: Any) -> Any:
    for person, address in ((world.nora, "nora@example.org"), (world.dana, "dana@example.org")):
        person.email = address
        person.save(update_fields=["email"])
    safety.set_on_call(site=world.site_a, clinician=world.nora, set_by=world.dana)
    return world.nora


def test_a_high_risk_note_opens_the_task_and_tells_on_call_and_the_director_without_phi(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    nora = _on_call(world)
    with django_capture_on_commit_callbacks(execute=True):
        _write(world)

    task = SafetyTask.objects.get(client=world.carol)
    assert task.kind == SafetyTaskKind.NOTE_HIGH_RISK
    assert task.reason.startswith("High risk written in the DAP note of Nov 23: Said she has pills")
    notices = {(n.recipient, n.reason) for n in SafetyNotice.objects.filter(task=task)}
    assert notices == {(nora, "on_call"), (world.dana, "director")}
    (email,) = mail.outbox
    assert sorted(email.to) == ["dana@example.org", "nora@example.org"]
    assert reverse("measures:task", kwargs={"pk": task.pk}) in email.body
    for phi in ("Carol", world.carol.legal_last_name, world.carol.chart_number, "pills", "DAP"):
        assert phi not in email.body
        assert phi not in email.subject


@pytest.mark.parametrize("level", ["", "none", "low", "moderate"])
def test_lower_ratings_open_no_task(world: Any, level: str) -> None:
    _write(world, risk_level=level)
    assert not SafetyTask.objects.exists()


def test_one_task_per_note_whatever_later_saves_say(world: Any) -> None:
    # given a draft first rated moderate, then saved as high (one task, two notices)
    _on_call(world)
    note = _write(world, risk_level="moderate")
    _save(world, note, risk_level="high", risk_note="")
    assert SafetyTask.objects.count() == 1
    # when it is saved high with what was written, then lowered, then raised again
    _save(world, note, risk_level="high")
    _save(world, note, risk_level="low")
    _save(world, note, risk_level="high")
    # then still one task, told once, and it says what the note says
    task = SafetyTask.objects.get()
    assert DISCLOSED in task.reason
    assert SafetyNotice.objects.count() == 2


def test_signing_needs_a_description_of_a_rated_risk(world: Any) -> None:
    note = _write(world, risk_level="moderate", risk_note="  ")
    with pytest.raises(ValidationError) as caught:
        services.sign_individual_note(note=note, signed_by=world.alice)
    assert list(caught.value.message_dict) == ["risk_note"]


def test_the_page_rates_the_note_and_the_task_stays_on_today_until_assessed(world: Any, client: Any) -> None:
    # given Alice writes a DAP note rated high on the page
    nora = _on_call(world)
    client.force_login(world.alice)
    url = reverse("notes:individual_new", kwargs={"client_pk": world.carol.pk})
    form = {"format": "dap", "service_date": "2026-11-23", "duration_minutes": "50", **DAP}
    assert "Risk: what and what was done" in client.get(url).content.decode()
    client.post(url, {**form, "risk_level": "high", "risk_note": DISCLOSED})
    note = IndividualNote.objects.get()
    assert (note.risk_level, note.risk_note) == ("high", DISCLOSED)

    # when she saves a rating that is not offered, then it is refused on the field and nothing changes
    save = reverse("notes:individual_save", kwargs={"pk": note.pk})
    refused = client.post(save, {**form, "version": note.version, "risk_level": "severe", "risk_note": ""})
    assert refused.status_code == 400
    assert "Select a valid choice" in refused.content.decode()
    assert IndividualNote.objects.get().risk_level == "high"

    # and once signed, the note reads its rating
    client.post(save, {**form, "version": note.version, "risk_level": "high", "risk_note": DISCLOSED})
    services.sign_individual_note(note=IndividualNote.objects.get(), signed_by=world.alice)
    page = client.get(reverse("notes:individual", kwargs={"pk": note.pk})).content.decode()
    assert 'class="badge risk-high">High</span>' in page
    assert DISCLOSED in page

    # then on call sees the task on Today until a documented assessment closes it
    client.force_login(nora)
    assert "High risk written in a note" in client.get(reverse("today")).content.decode()
    measures.close_safety_task(
        task=SafetyTask.objects.get(),
        assessment="Asked about intent, plan and means; she handed the pills to her sister.",
        risk_level="high",
        disposition="emergency",
        plan="Crisis evaluation today.",
        closed_by=nora,
    )
    assert "High risk written in a note" not in client.get(reverse("today")).content.decode()
