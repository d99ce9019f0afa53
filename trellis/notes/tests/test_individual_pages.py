"""Individual note pages: write a draft in a format, sign it (every section required), then only amend."""

from typing import Any

import pytest
from django.urls import reverse

from trellis.notes.models import Addendum, IndividualNote

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_session")]
BIRP = {
    "service_date": "2026-11-23",
    "duration_minutes": "50",
    "behavior": "Arrived on time, calm.",
    "intervention": "Motivational interviewing on weekend plans.",
    "response": "Named two supports.",
    "plan": "",
}


def _create(client: Any, world: Any, data: dict[str, str]) -> Any:
    url = reverse("notes:individual_new", kwargs={"client_pk": world.carol.pk}) + "?format=birp"
    return client.post(url, {**data, "format": "birp"})


def test_it_offers_the_sections_of_the_chosen_format(world: Any, client: Any) -> None:
    client.force_login(world.alice)
    url = reverse("notes:individual_new", kwargs={"client_pk": world.carol.pk})
    html = client.get(url + "?format=soap").content.decode()
    for label in ("Subjective", "Objective", "Assessment", "Plan"):
        assert f">{label}</label>" in html
    assert ">Behavior</label>" not in html


def test_it_saves_a_draft_then_refuses_to_sign_without_the_plan(world: Any, client: Any) -> None:
    # given Alice saved a BIRP draft with no plan
    client.force_login(world.alice)
    response = _create(client, world, BIRP)
    note = IndividualNote.objects.get()
    assert response.url == reverse("notes:individual", kwargs={"pk": note.pk})

    # when she saves and signs, then the plan field carries the error and the note is not signed
    save = reverse("notes:individual_save", kwargs={"pk": note.pk})
    html = client.post(save, {**BIRP, "action": "sign"}).content.decode()
    assert "Plan is required to sign a BIRP note." in html
    assert IndividualNote.objects.get().signed_at is None

    # when she writes the plan and signs, then it is signed and the page offers only an addendum
    client.post(save, {**BIRP, "plan": "Meet again Thursday.", "action": "sign"})
    note.refresh_from_db()
    assert note.is_signed
    page = reverse("notes:individual", kwargs={"pk": note.pk})
    html = client.get(page).content.decode()
    assert "Save and sign" not in html
    assert "Add addendum" in html
    client.post(
        reverse("notes:individual_addendum", kwargs={"pk": note.pk}), {"text": "Rescheduled to Friday."}
    )
    assert [a.text for a in Addendum.objects.all()] == ["Rescheduled to Friday."]


def test_it_refuses_a_bad_duration_on_the_field(world: Any, client: Any) -> None:
    client.force_login(world.alice)
    html = _create(client, world, {**BIRP, "duration_minutes": "0"}).content.decode()
    assert 'role="alert"' in html
    assert not IndividualNote.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("bob", 404), ("amy", 403), ("bill", 403), ("adam", 403)])
def test_it_hides_individual_notes_from_others(world: Any, client: Any, persona: str, status: int) -> None:
    client.force_login(world.alice)
    _create(client, world, BIRP)
    note = IndividualNote.objects.get()
    client.force_login(getattr(world, persona))
    assert client.get(reverse("notes:individual", kwargs={"pk": note.pk})).status_code == status
