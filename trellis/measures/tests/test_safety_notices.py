"""A measure's urgent flag tells the same people a high-risk note tells, the same way (safety.py).

On call at the client's site and the directors who work there get an in-app notice and an e-mail that
names no client and no measure (HIPAA minimum necessary, 45 CFR 164.502(b)), sent only once committed.
"""

from typing import Any

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from trellis.measures import safety
from trellis.measures.models import SafetyNotice, SafetyTask
from trellis.measures.tests import given

pytestmark = pytest.mark.django_db


def _on_call(world: Any) -> None:
    for person, address in ((world.nora, "nora@example.org"), (world.dana, "dana@example.org")):
        person.email = address
        person.save(update_fields=["email"])
    safety.set_on_call(site=world.site_a, clinician=world.nora, set_by=world.dana)


@time_machine.travel(given.NOW, tick=False)
def test_phq9_item9_tells_on_call_and_the_director_in_the_app_and_by_email_without_phi(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _on_call(world)
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        given.record(world.carol, world.alice, answers=given.phq9(2))
    # nothing leaves before the task is committed
    assert not mail.outbox
    for callback in waiting:
        callback()

    task = SafetyTask.objects.get()
    notices = {(n.recipient, n.reason) for n in SafetyNotice.objects.filter(task=task)}
    assert notices == {(world.nora, "on_call"), (world.dana, "director")}
    (email,) = mail.outbox
    assert sorted(email.to) == ["dana@example.org", "nora@example.org"]
    assert reverse("measures:task", kwargs={"pk": task.pk}) in email.body
    for phi in ("Carol", world.carol.legal_last_name, world.carol.chart_number, "PHQ", "item 9"):
        assert phi not in email.body
        assert phi not in email.subject


@time_machine.travel(given.NOW, tick=False)
def test_a_measure_without_an_urgent_flag_tells_no_one(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _on_call(world)
    with django_capture_on_commit_callbacks(execute=True):
        given.record(world.carol, world.alice, answers=given.PHQ9_MILD)
    assert not SafetyNotice.objects.exists()
    assert not mail.outbox
