"""Every main form, refused, comes back with what was typed and the reason, and saves nothing (issue 12,
part 7). The face sheet's own test (trellis/clients/tests/test_face_sheet.py::
test_it_refuses_bad_input_keeps_what_was_typed_and_changes_nothing) and the enroll form's
(trellis/episodes/tests/test_enroll_form.py) cover those two; the new note's format switch is in
trellis/notes/tests/test_format_switch.py.
"""

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.test import Client as Browser
from django.urls import reverse

from trellis.core import clock
from trellis.episodes.models import Episode
from trellis.intake.models import Inquiry
from trellis.measures.models import MeasureResponse
from trellis.plans.models import Objective
from trellis.plans.tests.given import draft_plan
from trellis.privacy.consent_models import Consent
from trellis.privacy.tests.consent_pages import NOW as CONSENT_NOW
from trellis.privacy.tests.consent_pages import family_form

pytestmark = pytest.mark.django_db


def _as(user: Any) -> Browser:
    browser = Browser()
    browser.force_login(user)
    return browser


def test_the_plan_keeps_a_refused_objective_as_typed(world: Any) -> None:
    # given a draft plan with a goal
    plan = draft_plan(episode=world.carol_enrollment.episode, author=world.alice)
    goal = plan.problems.get().goals.get()
    url = reverse("plans:add_objective", args=[plan.pk, goal.pk])

    # when Alice adds an objective with a measure but no target date
    data = {f"o-{goal.pk}-text": "Walk to the river & back daily", f"o-{goal.pk}-measure": "step counter log"}
    response = _as(world.alice).post(url, data)

    # then the plan comes back refused, her objective still typed in its form, and nothing is added
    html = response.content.decode()
    assert response.status_code == 422
    assert "Give a target date" in html
    assert "Walk to the river &amp; back daily" in html
    assert 'value="step counter log"' in html
    assert Objective.objects.filter(goal=goal).count() == 1


def test_a_refused_inquiry_keeps_the_call_as_typed(world: Any) -> None:
    # when Amy takes a call but leaves out where it came from
    data = {
        "site": world.site_a.pk,
        "caller_name": "Pat Caller",
        "phone": "555-0142",
        "urgency": "routine",
        "presenting_concern": "Drinking most days since the layoff; wants evening groups.",
    }
    response = _as(world.amy).post(reverse("intake:inquiry_new"), data)

    # then the form comes back with every answer and the missing one named, and no inquiry exists
    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="Pat Caller"' in html
    assert 'value="555-0142"' in html
    assert "Drinking most days since the layoff; wants evening groups." in html
    assert 'aria-invalid="true"' in html
    assert not Inquiry.objects.exists()


@time_machine.travel(CONSENT_NOW, tick=False)
def test_a_refused_consent_keeps_the_terms_as_typed(world: Any) -> None:
    # when Alice prepares a family consent but forgets what kind of recipient the sister is
    sent = family_form(recipient_kind="", recipient_detail="Sister, 555-0199")
    response = _as(world.alice).post(reverse("consents:prepare", kwargs={"client_pk": world.carol.pk}), sent)

    # then the page says why, keeps the named recipient, the detail and the ending event, and writes nothing
    html = response.content.decode()
    assert response.status_code == 400
    assert "Name the recipient and say what kind of recipient it is." in html.replace("&#x27;", "'")
    assert 'value="Jordan Northcott"' in html
    assert "Sister, 555-0199" in html
    assert "The end of this treatment episode" in html
    assert not Consent.objects.exists()


def test_a_refused_measure_keeps_the_answers_given(world: Any) -> None:
    # when Alice records a PHQ-9 with item 4 left blank
    answers = {f"item_{n}": v for n, v in enumerate([2, 1, 3, None, 1, 0, 2, 1, 0], start=1) if v is not None}
    url = reverse("measures:record", kwargs={"pk": world.carol.pk, "instrument": "phq9"})
    response = _as(world.alice).post(url, answers)

    # then the missing item is named and each given answer is still ticked
    html = response.content.decode()
    assert response.status_code == 400
    assert "PHQ-9 item 4 is missing an answer." in html
    for name, value in answers.items():
        ticked = re.search(rf'<input type="radio" name="{name}" value="{value}"[^>]*\bchecked\b', html)
        assert ticked, f"{name}={value} is no longer ticked"
    assert not re.search(r'name="item_4" value="\d"[^>]*\bchecked\b', html)
    assert not MeasureResponse.objects.exists()


def test_a_refused_discharge_keeps_the_summary_as_typed(world: Any) -> None:
    # given Carol's open episode
    episode: Episode = world.carol_enrollment.episode
    tomorrow = clock.today_in(world.site_a.timezone) + dt.timedelta(days=1)

    # when Alice writes the summary but dates the discharge tomorrow
    data = {
        "discharged_on": tomorrow.isoformat(),
        "discharge_reason": "1",
        "summary": "Completed phase 3; steady attendance; sober 60 days.",
        "referrals": "Outpatient counseling at Northside weekly.",
        "crisis_line": "988",
    }
    response = _as(world.alice).post(reverse("episodes:discharge", args=[episode.pk]), data)

    # then the form comes back refused with everything she wrote, and Carol is still enrolled
    html = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was saved." in html
    assert "Completed phase 3; steady attendance; sober 60 days." in html
    assert "Outpatient counseling at Northside weekly." in html
    assert f'value="{tomorrow.isoformat()}"' in html
    assert Episode.objects.get(pk=episode.pk).is_open


def test_a_refused_medication_keeps_what_was_typed(world: Any) -> None:
    from trellis.medications.models import Medication

    # when Nora says the medication is against an order but picks none
    data = {
        "source": "order",
        "started_on": "2026-11-10",
        "indication": "Cravings & sleep",
        "otp_name": "Harbor OTP",
    }
    response = _as(world.nora).post(reverse("medications:add", kwargs={"client_pk": world.carol.pk}), data)

    # then the form comes back with her choice and answers, the missing order named, and nothing recorded
    html = response.content.decode()
    assert response.status_code == 400
    assert "Choose the prescriber&#x27;s active order" in html
    assert re.search(r'value="order"[^>]*checked', html)
    assert "Cravings &amp; sleep" in html
    assert 'value="2026-11-10"' in html
    assert not Medication.objects.exists()
