"""The face sheet: staff of the client's site edit demographics, address, contact preferences, the emergency
contact, outside care and allergies; a refused edit says why, keeps what was typed and changes nothing.

USPS Publication 28 (state codes, ZIP+4); HIPAA 164.522(b) (the client says how they may be reached).
"""

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trellis.clients.models import Allergy, Client, ClientContact
from trellis.intake import services as intake
from trellis.intake.choices import InquiryStatus
from trellis.intake.tests.factories import InquiryFactory
from trellis.privacy.models import AuditEvent


def _form(client: Client, **changes: Any) -> dict[str, Any]:
    """The face sheet as the page shows it for this client, with some fields changed."""
    fields = {
        "legal_first_name": client.legal_first_name, "legal_last_name": client.legal_last_name,
        "preferred_name": client.preferred_name, "pronouns": client.pronouns,
        "date_of_birth": client.date_of_birth.isoformat() if client.date_of_birth else "",
        "gender_identity": client.gender_identity, "address_line1": client.address_line1,
        "address_line2": client.address_line2, "city": client.city, "state": client.state,
        "postal_code": client.postal_code, "phone": client.phone, "alternate_phone": client.alternate_phone,
        "email": client.email, "primary_care_name": "", "primary_care_phone": "", "primary_care_address": "",
        "pharmacy_name": "", "pharmacy_phone": "", "pharmacy_address": "", "emergency_name": "",
        "emergency_relationship": "", "emergency_phone": "",
    }  # fmt: skip
    fields.update(changes)
    return fields


def _save(browser: Any, world: Any, **changes: Any) -> Any:
    url = reverse("clients:face_sheet", kwargs={"pk": world.carol.pk})
    return browser.post(url, _form(world.carol, **changes), follow=True)


@pytest.fixture
def alice(world: Any, client: Any) -> Any:
    client.force_login(world.alice)
    return client


def test_it_saves_a_new_address_phone_and_consents(world: Any, alice: Any) -> None:
    # when Alice records Carol's move and new number, and that texts and voicemail are fine
    page = _save(
        alice, world, address_line1="9 Oak Ave", address_line2="Unit 2", city="Oak Park", state="IL",
        postal_code="603021234", phone="(217) 555-0134", phone_text_ok="on", phone_voicemail_ok="on",
        emergency_name="Ruth Northcott", emergency_relationship="Mother", emergency_phone="217-555-0199",
    )  # fmt: skip
    # then the face sheet says it is saved, and Carol's record holds it, the ZIP+4 with its hyphen
    assert "Face sheet saved." in page.content.decode()
    carol = Client.objects.get(pk=world.carol.pk)
    assert carol.address_lines == ["9 Oak Ave", "Unit 2", "Oak Park, IL 60302-1234"]
    assert (carol.phone, carol.phone_text_ok, carol.phone_voicemail_ok, carol.email_ok) == (
        "(217) 555-0134", True, True, False,
    )  # fmt: skip
    contact = ClientContact.objects.get(client=carol, is_emergency_contact=True)
    assert (contact.name, contact.relationship) == ("Ruth Northcott", "Mother")
    # and the chart shows it
    chart = alice.get(reverse("clients:chart", kwargs={"pk": carol.pk})).content.decode()
    assert "Oak Park, IL 60302-1234" in chart
    assert "texts OK" in chart
    assert "Ruth Northcott" in chart


def test_it_audits_which_fields_changed_but_not_their_values(world: Any, alice: Any) -> None:
    _save(alice, world, city="Oak Park", phone="217-555-0134")
    event = AuditEvent.objects.get(client=world.carol, action="update", actor=world.alice)
    assert event.detail == "changed city, phone"
    assert "Oak Park" not in event.detail
    assert "0134" not in event.detail


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"state": "ZZ"}, "Select a valid choice. ZZ is not one of the available choices."),
        ({"postal_code": "6270"}, "Enter a ZIP code of five digits, or ZIP+4 such as 62702-1234."),
        ({"postal_code": "62702-12"}, "Enter a ZIP code of five digits, or ZIP+4 such as 62702-1234."),
        ({"phone": "555-0134"}, "Enter a phone number with its area code, such as (217) 555-0134."),
        ({"emergency_name": "Ruth", "emergency_phone": "call the church"},
         "Enter a phone number with its area code, such as (217) 555-0134."),
        ({"phone": "", "phone_text_ok": "on"}, "There is no phone number to text."),
        ({"email": "", "email_ok": "on"}, "There is no e-mail address to write to."),
        ({"email": "carol at example"}, "Enter a valid email address."),
        ({"legal_last_name": ""}, "This field is required."),
    ],
)  # fmt: skip
def test_it_refuses_bad_input_keeps_what_was_typed_and_changes_nothing(
    world: Any, alice: Any, changes: dict[str, str], message: str
) -> None:
    # given Carol's record as it stands
    before = Client.objects.filter(pk=world.carol.pk).values().get()
    # when Alice saves a new street along with one bad field
    page = _save(alice, world, address_line1="77 Typed Street", **changes)
    html = page.content.decode()
    # then the page says what is wrong, still shows what she typed, and nothing was saved
    assert page.status_code == 400
    assert message.replace("'", "&#x27;") in html
    assert "Nothing was saved" in html
    assert 'value="77 Typed Street"' in html
    assert Client.objects.filter(pk=world.carol.pk).values().get() == before
    assert not ClientContact.objects.filter(client=world.carol).exists()
    assert not AuditEvent.objects.filter(client=world.carol, action__in=["update", "create"]).exists()


def test_it_lets_an_old_phone_in_another_format_stand_when_other_fields_change(
    world: Any, alice: Any
) -> None:
    # given a number from the old intake in a short form
    Client.objects.filter(pk=world.carol.pk).update(phone="555-0142")
    world.carol.refresh_from_db()
    # when Alice changes only the city
    _save(alice, world, city="Oak Park")
    # then the city is saved and the number left as it was
    assert Client.objects.values_list("city", "phone").get(pk=world.carol.pk) == ("Oak Park", "555-0142")


def test_it_records_allergies_and_no_known_allergies_explicitly(world: Any, alice: Any) -> None:
    url = reverse("clients:add_allergy", kwargs={"pk": world.carol.pk})
    # given Carol said she has no known allergies
    _save(alice, world, no_known_allergies="on")
    assert Client.objects.get(pk=world.carol.pk).no_known_allergies
    # when one is found after all
    page = alice.post(
        url, {"substance": "Penicillin", "reaction": "Hives", "severity": "severe"}, follow=True
    )
    # then it is on the list and "no known allergies" is no longer claimed
    assert "Allergy to Penicillin recorded." in page.content.decode()
    carol = Client.objects.get(pk=world.carol.pk)
    assert not carol.no_known_allergies
    assert list(carol.allergies.values_list("substance", "severity")) == [("Penicillin", "severe")]
    # and "no known allergies" cannot be ticked while one is recorded
    refused = _save(alice, world, no_known_allergies="on")
    assert "remove them before marking no known allergies" in refused.content.decode()
    # and the same substance is not recorded twice
    again = alice.post(url, {"substance": "penicillin", "severity": "mild"})
    assert again.status_code == 400
    assert "penicillin is already on the allergy list." in again.content.decode()


def test_it_removes_an_allergy_entered_in_error(world: Any, alice: Any) -> None:
    allergy = Allergy.objects.create(client=world.carol, substance="Latex", recorded_by=world.alice)
    url = reverse("clients:remove_allergy", kwargs={"pk": world.carol.pk, "allergy_pk": allergy.pk})
    page = alice.post(url, follow=True)
    assert "Allergy to Latex removed." in page.content.decode()
    assert not Allergy.objects.exists()
    assert AuditEvent.objects.filter(client=world.carol, action="delete", detail="allergy").exists()


def test_it_shows_allergies_on_the_chart_to_clinical_staff_only(world: Any, client: Any) -> None:
    Allergy.objects.create(client=world.carol, substance="Penicillin", severity="severe")
    chart = reverse("clients:chart", kwargs={"pk": world.carol.pk})
    client.force_login(world.nora)
    assert "Penicillin" in client.get(chart).content.decode()
    client.force_login(world.bill)
    page = client.get(chart).content.decode()
    assert "Penicillin" not in page
    assert "Edit face sheet" not in page


def test_it_reads_the_face_sheet_in_the_same_queries_for_1_and_10_allergies(world: Any, alice: Any) -> None:
    url = reverse("clients:face_sheet", kwargs={"pk": world.carol.pk})

    def queries() -> int:
        cache.clear()  # read afresh: kept memberships and counts would differ by state
        with CaptureQueriesContext(connection) as captured:
            assert alice.get(url).status_code == 200
        return len(captured)

    Allergy.objects.create(client=world.carol, substance="Allergen 0")
    few = queries()
    Allergy.objects.bulk_create(Allergy(client=world.carol, substance=f"Allergen {n}") for n in range(1, 10))
    assert queries() == few


def test_it_carries_the_inquirys_phone_onto_the_face_sheet(world: Any, alice: Any) -> None:
    # given Robin called for themself, and Sam's mother called for Sam
    robin = InquiryFactory.create(
        site=world.site_a,
        status=InquiryStatus.ASSESSMENT_BOOKED,
        caller_relation="self",
        phone="217-555-0142",
    )
    sam = InquiryFactory.create(
        site=world.site_a, status=InquiryStatus.ASSESSMENT_BOOKED, caller_name="Pat Synth",
        caller_relation="Mother", phone="217-555-0177",
    )  # fmt: skip
    # when both are admitted
    robin_client = intake.convert_inquiry(
        inquiry=robin, legal_first_name="Robin", legal_last_name="Synth", converted_by=world.amy
    )
    sam_client = intake.convert_inquiry(
        inquiry=sam, legal_first_name="Sam", legal_last_name="Synth", converted_by=world.amy
    )
    # then Robin's number is Robin's own, and Sam's mother is a contact on Sam's chart with hers
    robin_sheet = alice.get(reverse("clients:face_sheet", kwargs={"pk": robin_client.pk})).content.decode()
    assert 'value="217-555-0142"' in robin_sheet
    assert sam_client.phone == ""
    sam_chart = alice.get(reverse("clients:chart", kwargs={"pk": sam_client.pk})).content.decode()
    assert "Pat Synth (Mother) · 217-555-0177" in sam_chart
