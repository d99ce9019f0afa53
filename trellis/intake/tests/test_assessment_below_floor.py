"""Placing a client below the level the rules call for: only with a written reason, kept, audited and shown.

ASAM Criteria 3rd ed. (2013) and 4th ed. (2023): a 4 (imminent danger) in the biomedical or psychiatric
dimension calls for Level 4, medically managed intensive inpatient care; an IOP cannot hold the client
(REFERENCE.md section 2). The clinician still decides, but a lower level needs their clinical reasoning.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client as Browser
from django.urls import reverse

from conftest import World
from tests import factories
from trellis.episodes.models import Episode
from trellis.intake import assessment_services as services
from trellis.intake.models import Assessment
from trellis.intake.tests.factories import ratings
from trellis.privacy.models import AuditEvent

DAY = dt.date(2026, 11, 20)


def _in_danger(world: World, edition: str = "3") -> Assessment:
    """A new client whose psychiatric dimension (D3 in both editions) is rated 4, imminent danger."""
    scores = ratings(1, edition=edition)
    scores["ratings"]["D3"] = 4
    client = factories.ClientFactory.create(site=world.site_a)
    return services.record_assessment(
        client=client, edition=edition, assessed_on=DAY, assessed_by=world.alice, **scores
    )


def _browser(user: object) -> Browser:
    browser = Browser()
    browser.force_login(user)  # type: ignore[arg-type]
    return browser


@pytest.mark.parametrize("edition", ["3", "4"])
def test_a_four_in_psychiatric_recommends_level_4_with_the_emergency_flag(world: World, edition: str) -> None:
    assessment = _in_danger(world, edition)
    assert (assessment.recommended_level, assessment.is_emergency) == ("4", True)


def test_confirming_iop_below_level_4_without_a_reason_is_refused(world: World) -> None:
    # given a recommendation for Level 4
    assessment = _in_danger(world)
    # when the clinician confirms IOP with no reason
    with pytest.raises(ValidationError) as refused:
        services.decide_level_of_care(
            assessment=assessment, level="2.1", decided_by=world.alice, program=world.program
        )
    # then the message says the level is below what the rules call for, and nothing changes
    assert refused.value.message_dict["override_reason"] == [
        "2.1 Intensive outpatient is below the level the rules call for (4 Medically managed intensive "
        "inpatient). Write the clinical reason for placing the client at a lower level."
    ]
    assessment.refresh_from_db()
    assert not assessment.is_decided
    assert not Episode.objects.filter(client=assessment.client).exists()


def test_a_blank_reason_counts_as_no_reason(world: World) -> None:
    assessment = _in_danger(world)
    with pytest.raises(ValidationError):
        services.decide_level_of_care(
            assessment=assessment, level="2.1", decided_by=world.alice, override_reason="   \n"
        )


def test_a_written_reason_is_kept_and_the_decision_audited_as_below_the_floor(world: World) -> None:
    # given a recommendation for Level 4
    assessment = _in_danger(world)
    reason = "Inpatient unit evaluated today and discharged with a safety plan; daily IOP contact agreed."
    # when the clinician places the client in IOP with a reason
    decided = services.decide_level_of_care(
        assessment=assessment,
        level="2.1",
        decided_by=world.alice,
        override_reason=reason,
        program=world.program,
    )
    # then the reason is stored, the decision is below the floor, and the audit trail says so
    assert (decided.decided_level, decided.override_reason, decided.is_below_floor) == ("2.1", reason, True)
    event = AuditEvent.objects.get(object_id=str(assessment.pk), action="update")
    assert (
        event.detail == "level of care overridden below the rules' floor: 4 -> 2.1, written reason recorded"
    )
    assert reason not in event.detail


def test_choosing_a_higher_level_is_an_override_but_not_below_the_floor(world: World) -> None:
    client = factories.ClientFactory.create(site=world.site_a)
    assessment = services.record_assessment(
        client=client, edition="3", assessed_on=DAY, assessed_by=world.alice, severity="mild", **ratings(0)
    )
    decided = services.decide_level_of_care(
        assessment=assessment, level="2.1", decided_by=world.alice, override_reason="Client asks for more."
    )
    assert (decided.is_override, decided.is_below_floor) == (True, False)


@pytest.mark.parametrize(("edition", "level"), [("3", "1.7"), ("3", "2.7"), ("4", "0.5"), ("4", "wm")])
def test_it_refuses_a_level_the_assessments_edition_does_not_have(
    world: World, edition: str, level: str
) -> None:
    assessment = _in_danger(world, edition)
    with pytest.raises(ValidationError) as refused:
        services.decide_level_of_care(
            assessment=assessment, level=level, decided_by=world.alice, override_reason="Reason."
        )
    assert "decided_level" in refused.value.message_dict


def test_the_page_says_refer_out_today_and_offers_the_editions_levels(world: World) -> None:
    # given a 4th-edition assessment recommending Level 4
    assessment = _in_danger(world, "4")
    # when Alice opens it
    html = _browser(world.alice).get(reverse("intake:assessment", args=[assessment.pk])).content.decode()
    # then the emergency banner tells her to refer out today and the choices are the 4th edition's levels
    assert "Refer out today: this IOP cannot hold the client" in html
    assert "4 Medically managed intensive inpatient" in html
    assert '<option value="2.7"' in html
    assert "2.5 High-intensity outpatient" in html
    assert '<option value="0.5"' not in html


def test_the_form_refuses_iop_without_a_reason_and_then_shows_the_reason(world: World) -> None:
    # given a recommendation for Level 4
    assessment = _in_danger(world)
    url = reverse("intake:decide", args=[assessment.pk])
    form = {"decided_level": "2.1", "effective_on": DAY.isoformat(), "program": world.program.pk}
    # when Alice confirms IOP without a reason, then with one
    refused = _browser(world.alice).post(url, {**form, "override_reason": ""})
    accepted = _browser(world.alice).post(
        url, {**form, "override_reason": "Seen by crisis team; safe to attend daily."}, follow=True
    )
    # then the first is refused with the floor named; the second shows the reason and the floor badge
    assert refused.status_code == 400
    assert "is below the level the rules call for" in refused.content.decode()
    html = accepted.content.decode()
    assert "Seen by crisis team; safe to attend daily." in html
    assert "Below the rules' level (4 Medically managed intensive inpatient)" in html


def test_confirming_level_4_refuses_an_admission_here_and_records_a_referral_out(world: World) -> None:
    # given a recommendation for Level 4
    assessment = _in_danger(world)
    # when the clinician confirms it and also picks this program to admit to
    with pytest.raises(ValidationError) as refused:
        services.decide_level_of_care(
            assessment=assessment, level="4", decided_by=world.alice, program=world.program
        )
    # then the admission is refused; confirmed without a program, the client is placed elsewhere
    assert (
        "is not given in an outpatient program: refer the client out"
        in refused.value.message_dict["program"][0]
    )
    decided = services.decide_level_of_care(assessment=assessment, level="4", decided_by=world.alice)
    assert (decided.decided_level, decided.is_override) == ("4", False)
    assert not Episode.objects.filter(client=assessment.client).exists()
