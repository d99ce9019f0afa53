"""Family sessions: a family member takes part only under a consent in force that names them."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from trellis.clients.models import ClientContact
from trellis.notes.clinical_services import create_family_note
from trellis.notes.models import FamilyParticipant, IndividualNote
from trellis.notes.tests.clinical_given import DAP, family
from trellis.privacy import consents
from trellis.privacy.consent_models import Consent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_session")]
DAY = dt.date(2026, 11, 23)


def _write(world: Any, contacts: list[Any], *, client_present: bool = True) -> IndividualNote:
    return create_family_note(
        client=world.carol, author=world.alice, service_date=DAY, duration_minutes=50, note_format="dap",
        sections=DAP, client_present=client_present, contacts=contacts,
    )  # fmt: skip


def test_it_records_a_consented_family_member_as_a_participant(world: Any) -> None:
    sister, _ = family(world)
    note = _write(world, [sister])
    assert note.service == "family_with_client"
    assert [p.contact for p in note.family_participants.all()] == [sister]


def test_without_the_client_it_is_the_family_session_without_the_client(world: Any) -> None:
    sister, _ = family(world)
    assert _write(world, [sister], client_present=False).service == "family_without_client"


def test_it_refuses_a_family_member_no_consent_names_and_saves_nothing(world: Any) -> None:
    sister, father = family(world)
    with pytest.raises(ValidationError) as refused:
        _write(world, [sister, father])
    [message] = refused.value.message_dict["participants"]
    assert "Glen Northcott" in message
    assert "Robin" not in message
    assert not IndividualNote.objects.exists()
    assert not FamilyParticipant.objects.exists()


def test_a_revoked_consent_no_longer_lets_the_family_member_take_part(world: Any) -> None:
    sister, _ = family(world)
    consents.revoke(consent=Consent.objects.get(), method="in writing", note="", actor=world.alice)
    with pytest.raises(ValidationError):
        _write(world, [sister])
    assert not IndividualNote.objects.exists()


def test_it_refuses_another_clients_contact(world: Any) -> None:
    family(world)
    stranger = ClientContact.objects.create(client=world.dave, name="Robin Northcott", relationship="Friend")
    with pytest.raises(ValidationError) as refused:
        _write(world, [stranger])
    assert "client's own contacts" in refused.value.message_dict["participants"][0]


def _form(contacts: list[Any], **changes: str) -> dict[str, Any]:
    data = {"format": "dap", "service_date": "2026-11-23", "duration_minutes": "55", "client_present": "on"}
    return {**data, **DAP, "participants": [str(c.pk) for c in contacts], **changes}


def test_the_page_refuses_an_unconsented_member_keeps_the_text_and_links_to_the_consent(
    world: Any, client: Any
) -> None:
    # given Carol's sister has a consent and her father none
    sister, father = family(world)
    client.force_login(world.alice)
    url = reverse("notes:family_new", kwargs={"client_pk": world.carol.pk})
    # when Alice records both as taking part
    response = client.post(url, _form([sister, father], data="Father joined by phone."))
    # then the note is refused, says who has no consent, keeps her words and offers to prepare the consent
    html = response.content.decode()
    assert response.status_code == 400
    assert "No consent in force lets Glen Northcott take part" in html
    assert "Father joined by phone." in html
    prepare = reverse("consents:prepare", kwargs={"client_pk": world.carol.pk})
    assert f"{prepare}?preset=family&amp;contact={father.pk}" in html
    assert not IndividualNote.objects.exists()


def test_the_page_saves_a_family_note_and_shows_who_took_part(world: Any, client: Any) -> None:
    sister, _ = family(world)
    client.force_login(world.alice)
    url = reverse("notes:family_new", kwargs={"client_pk": world.carol.pk})
    response = client.post(url, _form([sister]))
    note = IndividualNote.objects.get()
    assert response.url == reverse("notes:individual", kwargs={"pk": note.pk})
    html = client.get(response.url).content.decode()
    assert "Family psychotherapy, client present" in html
    assert "Robin Northcott (Sister)" in html


def test_the_consent_link_prefills_the_family_member(world: Any, client: Any) -> None:
    _, father = family(world)
    client.force_login(world.alice)
    url = reverse("consents:prepare", kwargs={"client_pk": world.carol.pk})
    html = client.get(f"{url}?preset=family&contact={father.pk}").content.decode()
    assert 'value="Glen Northcott"' in html
