"""Preparing a consent: each rule of 42 CFR 2.31 refused with a clear message and nothing written."""

from typing import Any

import pytest
import time_machine
from django.urls import reverse

from trellis.privacy.consent_forms import NOTES_WORDING, SUD_WORDING
from trellis.privacy.consent_models import Consent
from trellis.privacy.models import AuditEvent
from trellis.privacy.part2 import ConsentKind, InfoKind, Purpose, RecipientKind
from trellis.privacy.tests.consent_pages import NOW, family_form, tpo_form

# (what the clinician sent, what the page says)
REFUSALS = {
    "tpo for a family purpose": (
        tpo_form(purposes=[Purpose.TREATMENT, Purpose.FAMILY]),
        "A TPO consent covers treatment, payment and health care operations only.",
    ),
    "counseling notes with other information": (
        tpo_form(
            kind=ConsentKind.COUNSELING_NOTES,
            information=[InfoKind.COUNSELING_NOTES, InfoKind.DIAGNOSIS],
            purposes=[Purpose.TREATMENT],
            recipient_mode="named", recipient_kind=RecipientKind.PROVIDER, recipient_name="Dr. Example",
            expiry_mode="event", expiry_event="Discharge",
        ),
        "cannot be combined with any other information",
    ),
    "counseling notes in a named consent": (
        family_form(information=[InfoKind.COUNSELING_NOTES, InfoKind.IDENTITY]),
        "SUD counseling notes need their own separate consent",
    ),
    "legal consent for treatment too": (
        family_form(kind=ConsentKind.LEGAL, purposes=[Purpose.LEGAL, Purpose.TREATMENT]),
        "A consent for use in legal proceedings is for that purpose only.",
    ),
    "legal purpose in a named consent": (
        family_form(purposes=[Purpose.LEGAL]),
        "Use in legal proceedings needs its own separate consent or a court order.",
    ),
    "general designation outside TPO": (
        family_form(recipient_mode="general"),
        "Only a TPO consent may name recipients by general designation",
    ),
    "named recipient without a name": (
        family_form(recipient_name="  "),
        "Name the recipient and say what kind of recipient it is.",
    ),
    "named recipient without a kind": (
        family_form(recipient_kind=""),
        "Name the recipient and say what kind of recipient it is.",
    ),
    "no expiry outside TPO": (
        family_form(expiry_mode="none"),
        "Only a TPO consent may have no expiry date or event",
    ),
    "an expiry date already past": (
        family_form(expiry_mode="date", expires_on="2026-11-24"),
        "The expiry date has already passed.",
    ),
    "no information ticked": (tpo_form(information=[]), "Say what information may be disclosed."),
    "no purpose ticked": (tpo_form(purposes=[]), "Say what the disclosure is for."),
    "no words for how much": (
        tpo_form(information_detail=" "),
        "Describe how much and what kind of information, naming SUD information plainly.",
    ),
    "date chosen without a date": (family_form(expiry_mode="date"), "Give the date the consent ends."),
    "event chosen without an event": (
        family_form(expiry_event=""),
        "Say what event ends the consent.",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", REFUSALS)
@time_machine.travel(NOW, tick=False)
def test_it_refuses_a_consent_that_breaks_a_rule_and_writes_nothing(
    world: Any, client: Any, case: str
) -> None:
    # given Alice preparing a consent for Carol
    client.force_login(world.alice)
    sent, message = REFUSALS[case]
    # when she sends terms that break one rule of 2.31
    response = client.post(reverse("consents:prepare", kwargs={"client_pk": world.carol.pk}), sent)
    # then the page says which rule, keeps her answers, and nothing was written
    body = response.content.decode()
    assert response.status_code == 400
    assert message in body.replace("&#x27;", "'")
    assert 'role="alert"' in body
    assert not Consent.objects.exists()
    assert not AuditEvent.objects.filter(client=world.carol, action=AuditEvent.Action.CREATE).exists()


@time_machine.travel(NOW, tick=False)
def test_it_prepares_the_tpo_consent_awaiting_the_clients_signature(world: Any, client: Any) -> None:
    client.force_login(world.alice)
    response = client.post(reverse("consents:prepare", kwargs={"client_pk": world.carol.pk}), tpo_form())
    consent = Consent.objects.get()
    assert response["Location"] == reverse("consents:detail", kwargs={"pk": consent.pk})
    assert (consent.client, consent.kind, consent.general_designation, consent.no_expiry) == (
        world.carol,
        ConsentKind.TPO,
        True,
        True,
    )
    assert consent.signed_at is None
    assert consent.prepared_by == world.alice
    page = client.get(response["Location"]).content.decode()
    assert "Awaiting signature" in page
    assert "Hand to the client to sign" in page


@time_machine.travel(NOW, tick=False)
def test_it_prepares_a_family_consent_with_the_named_recipient(world: Any, client: Any) -> None:
    client.force_login(world.amy)
    client.post(reverse("consents:prepare", kwargs={"client_pk": world.carol.pk}), family_form())
    consent = Consent.objects.get()
    assert consent.recipient_words == "Jordan Northcott (Family member or support person)"
    assert consent.recipient_detail == "Sister, 555-0199"
    assert consent.expiry_words == "When this happens: The end of this treatment episode"
    assert consent.purposes == [Purpose.FAMILY]


@pytest.mark.parametrize(
    ("preset", "checked", "wording"),
    [
        ("tpo", ['value="tpo"', 'value="general"', 'value="payment"', 'value="none"'], SUD_WORDING),
        ("family", ['value="named"', 'value="family"', 'value="event"'], SUD_WORDING),
        ("probation", ['value="probation"', 'value="drug_screens"'], SUD_WORDING),
        ("counseling_notes", ['value="counseling_notes"'], NOTES_WORDING),
        ("legal", ['value="legal"'], SUD_WORDING),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_it_starts_each_kind_from_a_preset(
    world: Any, client: Any, preset: str, checked: list[str], wording: str
) -> None:
    client.force_login(world.alice)
    url = reverse("consents:prepare", kwargs={"client_pk": world.carol.pk})
    body = client.get(url, {"preset": preset}).content.decode()
    for value in checked:
        assert any(value in tag and "checked" in tag for tag in body.split("<input")), value
    # the program is prefilled as who may disclose, and the SUD wording as how much
    assert world.organization.name in body
    assert wording in body.replace("&#x27;", "'")
    assert "You may revoke this consent at any time" in body
