"""Switching the preset on the consent preparation page keeps what was typed where it still applies."""

from typing import Any

import pytest
import time_machine
from django.urls import reverse

from trellis.privacy.consent_forms import NOTES_WORDING, SUD_WORDING, initial_for
from trellis.privacy.consent_models import Consent
from trellis.privacy.part2 import ConsentKind, RecipientKind
from trellis.privacy.preset_switch import switch_preset
from trellis.privacy.tests.consent_pages import NOW, family_form

ORG = "Riverside Recovery"


def _switch(posted: dict[str, Any], source: str, target: str) -> dict[str, Any]:
    return switch_preset(
        {**initial_for(source, organization_name=ORG), **posted},
        source=initial_for(source, organization_name=ORG),
        target=initial_for(target, organization_name=ORG),
    )


@pytest.mark.parametrize(
    ("posted", "source", "target", "expected"),
    [
        # typed recipient text stays; the preset sets the kind of recipient
        ({"recipient_name": "Jordan", "recipient_detail": "555-0199"}, "family", "employer",
         {"recipient_name": "Jordan", "recipient_detail": "555-0199", "recipient_kind": RecipientKind.EMPLOYER}),
        # a general designation (TPO) names no recipient
        ({"recipient_name": "Jordan"}, "family", "tpo", {"recipient_name": None}),
        # untouched wording follows the new preset; edited wording stays
        ({}, "family", "counseling_notes", {"information_detail": NOTES_WORDING}),
        ({"information_detail": "Attendance only.\r\nNothing else."}, "family", "counseling_notes",
         {"information_detail": "Attendance only.\r\nNothing else."}),
        ({"information_detail": SUD_WORDING + "\r\n"}, "family", "counseling_notes",
         {"information_detail": NOTES_WORDING}),
        ({"purpose_detail": "For my sister", "disclosing_party": "Riverside IOP"}, "family", "probation",
         {"purpose_detail": "For my sister", "disclosing_party": "Riverside IOP"}),
        # a chosen end stays, except "no expiry" outside TPO
        ({"expiry_mode": "date", "expires_on": "2027-01-31"}, "tpo", "family",
         {"expiry_mode": "date", "expires_on": "2027-01-31"}),
        ({"expiry_event": "My release"}, "family", "probation",
         {"expiry_mode": "event", "expiry_event": "My release"}),
        ({"expiry_mode": "none"}, "family", "employer",
         {"expiry_mode": "event", "expiry_event": "The end of this treatment episode"}),
        ({}, "tpo", "family", {"expiry_mode": "event", "kind": ConsentKind.NAMED}),
    ],
)  # fmt: skip
def test_it_keeps_typed_text_where_the_field_still_applies(
    posted: dict[str, Any], source: str, target: str, expected: dict[str, Any]
) -> None:
    values = _switch(posted, source, target)
    assert {name: values.get(name) for name in expected} == expected


@time_machine.travel(NOW, tick=False)
def test_switching_on_the_page_keeps_the_typed_terms_and_saves_nothing(world: Any, client: Any) -> None:
    # given Alice has typed a family consent's recipient and purpose
    client.force_login(world.alice)
    url = reverse("consents:prepare", kwargs={"client_pk": world.carol.pk})
    typed = family_form(purpose_detail="So my sister can drive me", preset="family")
    # when she switches to the employer preset before preparing it
    response = client.post(url, {**typed, "switch_to": "employer"})
    page = response.content.decode()
    # then the page starts from the employer preset with her words still in the fields
    assert response.status_code == 200
    assert 'value="Jordan Northcott"' in page
    assert 'value="Sister, 555-0199"' in page
    assert 'value="So my sister can drive me"' in page
    assert '<option value="employer" selected>' in page
    assert 'name="preset" value="employer"' in page
    assert "Now starting from “Employer”" in page
    assert not Consent.objects.exists()
