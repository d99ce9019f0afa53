"""Case-management and peer-support pages for every role: Cami (case manager) and Pete (peer recovery
specialist) at Northside, Alice (clinician, Northside), Bill (biller), Bob (clinician, Lakeside: not Carol's
site), Dana (director of both), Olga (another organization). Carol is Northside's client.

A case manager writes case-management and peer-support contacts; a peer specialist peer-support contacts only,
and reads no case-management contact (403) nor any clinical note; a biller reads none; another site's or
organization's client is not found (404).
"""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from conftest import SupportStaff, World
from trellis.notes.models import IndividualNote
from trellis.support.choices import ContactKind, ContactMode
from trellis.support.models import SupportContact

PERSONAS = ["cami", "pete", "alice", "bill", "bob", "dana", "olga"]

# page -> expected GET status for each persona, in PERSONAS order
PAGES: dict[str, tuple[int, ...]] = {
    "contacts_carol": (200, 200, 200, 403, 404, 200, 404),
    "contact_new_carol": (200, 200, 200, 403, 404, 200, 404),
    "case_management_contact": (200, 403, 200, 403, 404, 200, 404),
    "peer_support_contact": (200, 200, 200, 403, 404, 200, 404),
    "meetings_carol": (200, 200, 200, 403, 404, 200, 404),
}

# write -> (url, form) and the expected POST status for each persona (302: done; 400: refused input)
WRITES: dict[str, tuple[int, ...]] = {
    "new_case_management_contact": (302, 403, 302, 403, 404, 302, 404),
    "new_peer_support_contact": (302, 302, 302, 403, 404, 302, 404),
    # Only the author signs: others who do the work are refused (400), the rest never reach it.
    "sign_case_management_contact": (302, 403, 400, 403, 404, 400, 404),
    "addendum_case_management_contact": (302, 403, 302, 403, 404, 302, 404),
    "record_meeting": (302, 302, 302, 403, 404, 302, 404),
}


def _contact(world: World, author: Any, kind: str, *, signed: bool) -> SupportContact:
    return SupportContact.objects.create(
        client=world.carol, episode=world.carol_enrollment.episode, kind=kind, author=author,
        service_date=dt.date(2026, 11, 20), starts_at=dt.time(10), minutes=30, mode=ContactMode.PHONE,
        summary="Done.", signed_at=dt.datetime(2026, 11, 20, 16, tzinfo=dt.UTC) if signed else None,
    )  # fmt: skip


def _form(kind: str) -> dict[str, str]:
    return {
        "kind": kind, "service_date": "2026-11-20", "starts_at": "10:00", "minutes": "30",
        "mode": ContactMode.IN_PERSON, "summary": "Walked to the food bank together.",
    }  # fmt: skip


@pytest.fixture
def people(world: World, support_staff: SupportStaff) -> dict[str, Any]:
    return {**world.staff(), "olga": world.olga, "cami": support_staff.cami, "pete": support_staff.pete}


@pytest.fixture
def urls(world: World, support_staff: SupportStaff) -> dict[str, tuple[str, dict[str, str]]]:
    carol = {"client_pk": world.carol.pk}
    draft = {"pk": _contact(world, support_staff.cami, ContactKind.CASE_MANAGEMENT, signed=False).pk}
    signed = {"pk": _contact(world, support_staff.cami, ContactKind.CASE_MANAGEMENT, signed=True).pk}
    peer = {"pk": _contact(world, support_staff.pete, ContactKind.PEER_SUPPORT, signed=True).pk}
    new = reverse("support:contact_new", kwargs=carol)
    return {
        "contacts_carol": (reverse("support:contacts", kwargs=carol), {}),
        "contact_new_carol": (new, {}),
        "case_management_contact": (reverse("support:contact", kwargs=signed), {}),
        "peer_support_contact": (reverse("support:contact", kwargs=peer), {}),
        "meetings_carol": (reverse("support:meetings", kwargs=carol), {}),
        "new_case_management_contact": (new, _form(ContactKind.CASE_MANAGEMENT)),
        "new_peer_support_contact": (new, _form(ContactKind.PEER_SUPPORT)),
        "sign_case_management_contact": (reverse("support:contact_sign", kwargs=draft), {}),
        "addendum_case_management_contact": (
            reverse("support:contact_addendum", kwargs=signed),
            {"text": "More."},
        ),
        "record_meeting": (
            reverse("support:meetings", kwargs=carol),
            {"attended_on": "2026-11-20", "kind": "na"},
        ),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_it_allows_or_denies_each_page(
    client: Any, people: dict[str, Any], urls: Any, page: str, persona: str
) -> None:
    client.force_login(people[persona])
    assert client.get(urls[page][0]).status_code == PAGES[page][PERSONAS.index(persona)]


@pytest.mark.django_db
@pytest.mark.parametrize("write", WRITES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_it_allows_or_denies_each_write(
    client: Any, people: dict[str, Any], urls: Any, write: str, persona: str
) -> None:
    client.force_login(people[persona])
    url, form = urls[write]
    assert client.post(url, form).status_code == WRITES[write][PERSONAS.index(persona)]


@pytest.mark.django_db
def test_it_sends_anonymous_visitors_to_log_in(client: Any, urls: Any) -> None:
    for name, (url, form) in urls.items():
        response = client.post(url, form) if name in WRITES else client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_a_peer_specialist_sees_no_clinical_note(
    client: Any, world: World, support_staff: SupportStaff
) -> None:
    # given Alice's individual note about Carol
    note = IndividualNote.objects.create(
        author=world.alice, client=world.carol, episode=world.carol_enrollment.episode,
        service_date=dt.date(2026, 11, 20), duration_minutes=50, format="dap",
    )  # fmt: skip
    client.force_login(support_staff.pete)
    # then Pete may not open it, and Carol's chart shows him no notes panel, but his own work
    assert client.get(reverse("notes:individual", kwargs={"pk": note.pk})).status_code == 403
    chart = client.get(reverse("clients:chart", kwargs={"pk": world.carol.pk})).content.decode()
    assert 'id="notes-chart-h"' not in chart
    assert 'id="support-chart-h"' in chart


@pytest.mark.django_db
def test_a_refused_contact_keeps_what_was_typed(
    client: Any, world: World, support_staff: SupportStaff
) -> None:
    # given Cami types a contact dated tomorrow (in the future)
    client.force_login(support_staff.cami)
    form = {**_form(ContactKind.CASE_MANAGEMENT), "service_date": "2099-01-01"}
    response = client.post(reverse("support:contact_new", kwargs={"client_pk": world.carol.pk}), form)
    # then refused with the reason, her text kept, nothing saved
    page = response.content.decode()
    assert response.status_code == 400
    assert "cannot be in the future" in page
    assert "Walked to the food bank together." in page
    assert SupportContact.objects.count() == 0
