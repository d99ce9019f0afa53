"""A group-note entry rated high risk opens the urgent safety task PHQ-9 item 9 opens, and tells on call.

The task opens when the entry is saved (notes/risk.py says why), once per entry, and closes only through the
documented assessment. The e-mail names no client (HIPAA minimum necessary, 45 CFR 164.502(b)).
"""

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests import factories
from trellis.accounts.roles import Role
from trellis.measures import safety, services
from trellis.measures.choices import SafetyTaskKind, SafetyTaskStatus
from trellis.measures.models import SafetyNotice, SafetyTask
from trellis.notes.tests import given
from trellis.privacy.models import AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_session")]
DISCLOSED = "Disclosed a plan to overdose tonight; stayed after group, safety plan started."


def _high_risk_entry(world: Any, *, risk_level: str = "high") -> Any:
    session = given.session(world)
    given.mark(session, world.carol, world.alice)
    note = given.draft(session, world.alice)
    given.write_entries(note, [world.carol], world.alice, risk_level=risk_level, risk_note=DISCLOSED)
    return note


def _on_call(world: Any) -> Any:
    nora = world.nora
    nora.email = "nora@example.org"
    nora.save(update_fields=["email"])
    world.dana.email = "dana@example.org"
    world.dana.save(update_fields=["email"])
    safety.set_on_call(site=world.site_a, clinician=nora, set_by=world.dana)
    return nora


def test_a_high_risk_entry_opens_an_urgent_task_for_the_primary_clinician(world: Any) -> None:
    episode = world.carol_enrollment.episode
    episode.primary_clinician = world.bob
    episode.save(update_fields=["primary_clinician"])

    _high_risk_entry(world)

    task = SafetyTask.objects.get(client=world.carol)
    assert task.kind == SafetyTaskKind.NOTE_HIGH_RISK
    assert task.status == SafetyTaskStatus.OPEN
    assert task.assigned_to == world.bob
    assert task.response is None
    assert "Morning process group" in task.reason
    assert AuditEvent.objects.filter(client_id=world.carol.pk, detail="safety task opened (note_high_risk)")


@pytest.mark.parametrize("level", ["none", "low", "moderate"])
def test_lower_ratings_open_no_task(world: Any, level: str) -> None:
    _high_risk_entry(world, risk_level=level)
    assert not SafetyTask.objects.exists()


def test_saving_the_entry_again_opens_no_second_task(world: Any) -> None:
    note = _high_risk_entry(world)
    given.write_entries(note, [world.carol], world.alice, risk_level="high", risk_note=DISCLOSED + " Called.")
    assert SafetyTask.objects.count() == 1


def test_the_task_says_what_the_entry_says_now(world: Any) -> None:
    # given the entry autosaved with the rating before what was written (one task, opened then)
    note = _high_risk_entry(world)
    given.write_entries(note, [world.carol], world.alice, risk_level="high", risk_note="")
    # when the text is written and saved, then at length
    given.write_entries(note, [world.carol], world.alice, risk_level="high", risk_note=DISCLOSED)
    assert DISCLOSED in SafetyTask.objects.get().reason
    given.write_entries(note, [world.carol], world.alice, risk_level="high", risk_note=DISCLOSED * 10)
    # then the open task shows it, cut to the task's field (the whole text stays in the note)
    reason = SafetyTask.objects.get().reason
    assert reason.endswith("…")
    assert len(reason) == SafetyTask._meta.get_field("reason").max_length


def test_on_call_and_the_director_get_a_notice_and_an_email_without_phi(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    nora = _on_call(world)
    with django_capture_on_commit_callbacks(execute=True):
        _high_risk_entry(world)

    notices = {(n.recipient, n.reason) for n in SafetyNotice.objects.all()}
    assert notices == {(nora, "on_call"), (world.dana, "director")}
    (email,) = mail.outbox
    assert sorted(email.to) == ["dana@example.org", "nora@example.org"]
    task = SafetyTask.objects.get()
    assert reverse("measures:task", kwargs={"pk": task.pk}) in email.body
    for phi in ("Carol", "Northcott", "overdose", "Morning process group", world.carol.chart_number):
        assert phi not in email.body
        assert phi not in email.subject


def test_no_one_of_another_organization_or_site_is_told(world: Any) -> None:
    factories.UserFactory.create(
        username="lakeside.director", role=Role.DIRECTOR, sites=[world.site_b], programs=[world.program]
    )
    _high_risk_entry(world)
    assert {n.recipient for n in SafetyNotice.objects.all()} == {world.dana}


def test_the_task_shows_on_today_until_a_documented_assessment_closes_it(world: Any, client: Any) -> None:
    _on_call(world)
    _high_risk_entry(world)
    task = SafetyTask.objects.get()
    client.force_login(world.nora)

    today = client.get(reverse("today")).content.decode()
    assert "High risk written in a note" in today
    assert "you were notified" in today

    with pytest.raises(ValidationError):
        services.close_safety_task(
            task=task, assessment="", risk_level="high", disposition="", plan="", closed_by=world.nora
        )
    services.close_safety_task(
        task=task,
        assessment="Asked about intent, plan and means; client agreed to hand over medication.",
        risk_level="high",
        disposition="emergency",
        plan="Crisis evaluation today; family to hold medication.",
        closed_by=world.nora,
    )
    assert "High risk written in a note" not in client.get(reverse("today")).content.decode()


def test_the_task_page_reads_the_notice_and_shows_the_note_reason(world: Any, client: Any) -> None:
    nora = _on_call(world)
    _high_risk_entry(world)
    task = SafetyTask.objects.get()
    client.force_login(nora)
    page = client.get(reverse("measures:task", kwargs={"pk": task.pk})).content.decode()
    assert DISCLOSED[:40] in page
    assert SafetyNotice.objects.get(recipient=nora).read_at is not None


def test_only_a_clinician_of_the_site_can_be_on_call(world: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        safety.set_on_call(site=world.site_a, clinician=world.bob, set_by=world.dana)
    assert "clinician" in caught.value.message_dict
    with pytest.raises(ValidationError):
        safety.set_on_call(site=world.site_a, clinician=world.bill, set_by=world.dana)
