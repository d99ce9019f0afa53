"""The client signs on the tablet: drawn or typed, with the signer, time and device in the audit trail."""

from typing import Any

import pytest
import time_machine
from django.urls import reverse

from trellis.privacy.consent_models import Consent
from trellis.privacy.models import AuditEvent
from trellis.privacy.tests.consent_pages import IPAD, NOW, STROKES, prepared


def _sign(client: Any, consent: Consent, **changes: Any) -> Any:
    data = {
        "signer_name": "Carol Northcott",
        "signer_role": "client",
        "method": "drawn",
        "drawn": STROKES,
        "typed": "",
        "agreed": "on",
        **changes,
    }
    return client.post(reverse("consents:sign", kwargs={"pk": consent.pk}), data, HTTP_USER_AGENT=IPAD)


@pytest.fixture
def consent(world: Any) -> Consent:
    with time_machine.travel(NOW, tick=False):
        return prepared(world.carol, world.alice)


@time_machine.travel(NOW, tick=False)
def test_it_shows_the_whole_consent_in_plain_words_without_the_staff_menu(
    world: Any, client: Any, consent: Consent
) -> None:
    client.force_login(world.alice)
    body = client.get(reverse("consents:sign", kwargs={"pk": consent.pk})).content.decode()
    for words in (
        "Consent to share your records",
        "Carol Northcott",
        "Jordan Northcott (Family member or support person)",
        "Involving family or a support person",
        "When this happens: The end of this treatment episode",
        "You may revoke this consent at any time",
        "protected by 42 CFR part 2",
        "Type my name instead",
        "signature.js",
    ):
        assert words in body, words
    assert AuditEvent.objects.filter(client=world.carol, actor=world.alice, detail="consent to sign").exists()
    # the client holding the tablet is given no way into the rest of the record
    assert 'aria-label="Main"' not in body
    assert "<script>" not in body
    assert "onclick" not in body


@time_machine.travel(NOW, tick=False)
def test_it_signs_with_drawn_strokes_and_audits_signer_time_and_device(
    world: Any, client: Any, consent: Consent
) -> None:
    client.force_login(world.alice)
    response = _sign(client, consent)
    assert response["Location"] == reverse("consents:signed", kwargs={"pk": consent.pk})
    consent.refresh_from_db()
    assert (consent.signed_at, consent.signature_method, consent.signature) == (NOW, "drawn", STROKES)
    assert (consent.signer_name, consent.signer_role, consent.witnessed_by) == (
        "Carol Northcott",
        "client",
        world.alice,
    )
    assert consent.signed_device == IPAD
    event = AuditEvent.objects.get(
        client=world.carol, action=AuditEvent.Action.UPDATE, object_id=str(consent.pk)
    )
    assert (event.actor, event.occurred_at) == (world.alice, NOW)
    assert event.detail == "consent signed (drawn, by client) on ipad"
    # and the tablet shows a thank-you to hand back, the signature redrawn on the consent page
    done = client.get(response["Location"]).content.decode()
    assert "Please hand the tablet back to Alice Test" in done
    page = client.get(reverse("consents:detail", kwargs={"pk": consent.pk})).content.decode()
    assert f'<path d="{STROKES}"' in page
    assert "In force" in page


@time_machine.travel(NOW, tick=False)
def test_it_signs_with_the_typed_name(world: Any, client: Any, consent: Consent) -> None:
    client.force_login(world.nora)
    _sign(client, consent, method="typed", drawn="", typed="carol  northcott", signer_role="client")
    consent.refresh_from_db()
    assert (consent.signature_method, consent.signature, consent.witnessed_by) == (
        "typed",
        "carol  northcott",
        world.nora,
    )
    page = client.get(reverse("consents:detail", kwargs={"pk": consent.pk})).content.decode()
    assert "carol  northcott" in page
    assert "typed signature" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"drawn": '<script>alert("x")</script>'}, "The drawn signature could not be read"),
        ({"drawn": "M 10 10 L 20 20 Z"}, "The drawn signature could not be read"),
        ({"drawn": "M 10 10"}, "The drawn signature could not be read"),
        ({"drawn": "M 10 10 L 5000 20"}, "The drawn signature could not be read"),
        ({"drawn": ""}, "The drawn signature could not be read"),
        ({"method": "typed", "typed": ""}, "Type your full name to sign."),
        ({"method": "typed", "typed": "Someone Else"}, "The typed signature must match the signer"),
        ({"agreed": ""}, "Tick the box to say you have read this consent"),
        ({"signer_name": ""}, "This field is required."),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_it_refuses_a_signature_it_cannot_keep_and_signs_nothing(
    world: Any, client: Any, consent: Consent, changes: dict[str, str], message: str
) -> None:
    client.force_login(world.alice)
    response = _sign(client, consent, **changes)
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    consent.refresh_from_db()
    assert consent.signed_at is None
    assert consent.signature == ""
    assert not AuditEvent.objects.filter(client=world.carol, detail__startswith="consent signed").exists()


@time_machine.travel(NOW, tick=False)
def test_it_refuses_to_sign_twice(world: Any, client: Any, consent: Consent) -> None:
    client.force_login(world.alice)
    _sign(client, consent)
    # when someone opens the signing page again, or posts a second signature
    again = client.get(reverse("consents:sign", kwargs={"pk": consent.pk}), follow=True)
    _sign(client, consent, method="typed", drawn="", typed="Carol Northcott")
    # then the first signature stands and the page says the consent is already signed
    assert "This consent is already signed." in again.content.decode()
    consent.refresh_from_db()
    assert (consent.signature_method, consent.signature) == ("drawn", STROKES)
    assert AuditEvent.objects.filter(client=world.carol, detail__startswith="consent signed").count() == 1
