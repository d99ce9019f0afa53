"""Carol, discharged 30 days ago, keeps her portal as an alumna: she answers her 30-day follow-up (a BAM and a
short self-report), recorded as her own self-report; use reported passes her to admissions with crisis help."""

import re
from typing import Any

import pytest
import time_machine
from django.test import Client as Browser

from conftest import World
from trellis.alumni import reminders
from trellis.alumni.models import FollowUp, Reconnect
from trellis.alumni.tests.conftest import NOW, SELF_REPORT, bam, discharge
from trellis.clients.models import Client
from trellis.intake import services as intake
from trellis.intake.choices import InquiryStatus
from trellis.intake.models import Inquiry
from trellis.measures.choices import Source
from trellis.measures.models import MeasureResponse
from trellis.notifications import wording
from trellis.notifications.models import Notification
from trellis.notifications.services import record_opt_in
from trellis.portal.tests.conftest import sign_in
from trellis.privacy.models import AuditEvent

FOLLOW_UP = "/me/alumni/follow-up/"


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def alumna(invited: World) -> World:
    return discharge(invited)


def _carol(sms_outbox: Any) -> Browser:
    browser = Browser()
    sign_in(browser, sms_outbox)
    return browser


def test_an_alumna_answers_her_30_day_follow_up_from_her_alumni_home(alumna: World, sms_outbox: Any) -> None:
    carol = _carol(sms_outbox)
    # given her portal home is now the alumni home
    assert carol.get("/me/")["Location"] == "/me/alumni/"
    home = carol.get("/me/alumni/").content.decode()
    assert "Answer your 30-day check-in" in home
    assert 'data-testid="crisis-resources"' in home
    assert carol.get("/me/consents/").status_code == 200  # she may still revoke a consent
    # when she answers, no use
    answer = carol.post(FOLLOW_UP, bam() | SELF_REPORT)
    # then it is her own BAM, answered for by her clinician, with her self-report beside it
    assert answer.status_code == 302
    follow_up = FollowUp.objects.get(client=alumna.carol)
    assert (follow_up.milestone, follow_up.housing_stable, follow_up.using_since) == (30, True, "no")
    response = MeasureResponse.objects.get(client=alumna.carol)
    assert (response.instrument, response.source, response.administered_by) == (
        "bam",
        Source.CLIENT,
        alumna.alice,
    )
    page = carol.get(answer["Location"]).content.decode()
    assert "Your 30-day check-in was sent" in page
    assert 'data-testid="crisis-resources"' not in page
    assert not Reconnect.objects.exists()
    # and the audit trail says what happened, never what she wrote
    details = list(AuditEvent.objects.filter(client_id=alumna.carol.pk).values_list("detail", flat=True))
    assert "portal: alumni 30-day follow-up answered" in details
    assert not [d for d in details if "wedding" in d]
    # and a second visit finds it done
    assert carol.get(FOLLOW_UP)["Location"] == answer["Location"]
    # and Alice reads what Carol wrote on her timeline; Bill, the biller, does not
    for person, sees in ((alumna.alice, True), (alumna.bill, False)):
        staff = Browser()
        staff.force_login(person)
        timeline = staff.get(f"/clients/{alumna.carol.pk}/timeline/").content.decode()
        assert ("30-day follow-up answered" in timeline) is sees
        assert ("wedding is next month" in timeline) is sees


def test_a_gap_saves_nothing_and_keeps_what_she_chose(alumna: World, sms_outbox: Any) -> None:
    carol = _carol(sms_outbox)
    answer = carol.post(FOLLOW_UP, bam() | SELF_REPORT | {"housing_stable": ""})
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "Nothing was saved" in page
    assert "Answer: Is where you live stable?" in page
    assert re.search(r'name="in_support" value="yes"[^>]*checked', page)
    assert re.search(r'name="item_1" value="0"[^>]*checked', page)
    assert not FollowUp.objects.exists()
    assert not MeasureResponse.objects.exists()


def test_reported_use_passes_her_to_admissions_and_shows_crisis_help(alumna: World, sms_outbox: Any) -> None:
    carol = _carol(sms_outbox)
    answer = carol.post(FOLLOW_UP, bam(use_days=1) | SELF_REPORT | {"item_5": 0})
    page = carol.get(answer["Location"]).content.decode()
    assert 'data-testid="crisis-resources"' in page
    assert "Someone from our team will call you" in page
    reconnect = Reconnect.objects.get(client=alumna.carol)
    assert reconnect.reason == Reconnect.Reason.FOLLOW_UP
    # Amy, admissions at Carol's site, finds the call back in her pipeline; it names the chart, not the answers
    amy = Browser()
    amy.force_login(alumna.amy)
    pipeline = amy.get("/intake/").content.decode()
    assert "Carol" in pipeline
    assert reconnect.inquiry.site == alumna.site_a
    assert alumna.carol.chart_number in reconnect.inquiry.presenting_concern
    assert "wedding" not in reconnect.inquiry.presenting_concern


def test_i_would_like_to_come_back_reaches_admissions_once(alumna: World, sms_outbox: Any) -> None:
    carol = _carol(sms_outbox)
    assert "admissions team will call you" in carol.get("/me/alumni/reconnect/").content.decode()
    carol.post("/me/alumni/reconnect/")
    page = carol.post("/me/alumni/reconnect/").content.decode()  # a second tap
    assert "passed it on" in page
    inquiry = Inquiry.objects.get()
    assert (inquiry.site, inquiry.prospect_first_name, inquiry.urgency) == (alumna.site_a, "Carol", "soon")
    assert Reconnect.objects.get().reason == Reconnect.Reason.ASKED
    assert "Someone from our team will call you" in carol.get("/me/alumni/").content.decode()


def test_an_alumna_typing_an_in_care_address_lands_on_her_alumni_home(alumna: World, sms_outbox: Any) -> None:
    carol = _carol(sms_outbox)
    session = "/me/sessions/00000000-0000-4000-8000-000000000001"
    in_care = [
        "/me/plan/",
        "/me/check-ins/phq9/",
        "/me/family-contacts/",
    ]
    for address in in_care:
        assert carol.get(address)["Location"] == "/me/alumni/", address
    for address in [f"{session}/join/", f"{session}/left/"]:
        assert carol.post(address)["Location"] == "/me/alumni/", address
    # and a check-in posted there saves nothing
    assert (
        carol.post("/me/check-ins/phq9/", {f"item_{n}": 0 for n in range(1, 10)})["Location"] == "/me/alumni/"
    )
    assert not MeasureResponse.objects.filter(client=alumna.carol).exists()
    # while what outlives her stay stays hers
    assert carol.get("/me/consents/").status_code == 200
    assert carol.get("/me/passkeys/").status_code == 200


def test_admitting_her_again_continues_her_own_chart(alumna: World, sms_outbox: Any) -> None:
    carol = _carol(sms_outbox)
    carol.post("/me/alumni/reconnect/")
    # given admissions screened her and booked her assessment
    Inquiry.objects.update(status=InquiryStatus.ASSESSMENT_BOOKED)
    clients_before = Client.objects.count()
    # when Amy admits her
    admitted = intake.convert_inquiry(
        inquiry=Inquiry.objects.get(), legal_first_name="Carol", legal_last_name="X", converted_by=alumna.amy
    )
    # then it is Carol's own chart, not a second one
    assert (admitted, Client.objects.count()) == (alumna.carol, clients_before)
    assert Inquiry.objects.get().client == alumna.carol


def test_a_client_in_care_has_no_alumni_pages(invited: World, sms_outbox: Any) -> None:
    carol = _carol(sms_outbox)
    assert carol.get("/me/").status_code == 200
    assert carol.get("/me/alumni/")["Location"] == "/me/"
    assert carol.post("/me/alumni/reconnect/")["Location"] == "/me/"
    assert not Inquiry.objects.exists()


def test_the_reminder_goes_once_to_an_opted_in_alumna_in_neutral_words(alumna: World) -> None:
    record_opt_in(client=alumna.carol, channel="sms", address="(413) 555-0101", how="verbal",
                  recorded_by=alumna.alice)  # fmt: skip
    assert reminders.queue_follow_up_reminders() == 1
    assert reminders.queue_follow_up_reminders() == 0  # the next day's run
    note = Notification.objects.get(client=alumna.carol)
    assert note.purpose == Notification.Purpose.CHECK_IN
    assert "check-in due" in note.body
    assert not wording.reveals_treatment(note.body)
    assert FollowUp.objects.get().reminded_at == NOW
