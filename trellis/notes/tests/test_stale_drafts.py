"""Two saves of one draft (two tabs, two devices): the first wins, the second is told who saved what, and
the typed text of the second stays in its form. Nothing is lost and nothing is overwritten silently."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from trellis.core.versions import StaleEdit
from trellis.notes import services
from trellis.notes.models import IndividualNote, ParticipantEntry
from trellis.notes.tests import given

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_session")]
HTMX = {"HTTP_HX_REQUEST": "true"}
MINE = "Role-played refusing a drink at the family dinner."
THEIRS = "Named two triggers and a coping plan for the weekend."


@pytest.fixture
def session(world: Any) -> Any:
    session = given.session(world)
    given.mark(session, world.carol, world.alice)
    return session


def _birp(behavior: str, version: int) -> dict[str, str]:
    return {
        "version": str(version),
        "service_date": "2026-11-23",
        "duration_minutes": "50",
        "behavior": behavior,
        "intervention": "Motivational interviewing.",
        "response": "",
        "plan": "",
    }


def test_it_refuses_a_stale_save_of_the_shared_part_and_says_what_is_saved(world: Any, session: Any) -> None:
    # given the shared part at version 2, opened in two tabs
    note = given.draft(session, world.alice)
    opened = note.version

    # when the first tab saves, then the second saves from the same version
    services.update_group_note_shared(
        note=note, editor=world.alice, topic="Cravings", content=THEIRS, expected_version=opened
    )
    with pytest.raises(StaleEdit) as refused:
        services.update_group_note_shared(
            note=note, editor=world.alice, topic="Cravings", content=MINE, expected_version=opened
        )

    # then the second is told what is saved, and the first stands
    assert ("What the group did", THEIRS) in refused.value.saved.texts
    note.refresh_from_db()
    assert (note.content, note.version) == (THEIRS, opened + 1)


def test_a_stale_entry_save_shows_the_saved_text_and_waits_for_a_choice(
    world: Any, client: Any, session: Any
) -> None:
    # given Alice's entry for Carol open in two tabs before any entry existed (version 0)
    client.force_login(world.alice)
    url = reverse("notes:save_entry", kwargs={"session_pk": session.pk, "client_pk": world.carol.pk})
    first = {**given.COMPLETE, "response": THEIRS, "version": "0"}
    client.post(url, first, **HTMX)

    # when the second tab saves its own text from version 0
    html = client.post(url, {**given.COMPLETE, "response": MINE, "version": "0"}, **HTMX).content.decode()

    # then it is refused with the saved text beside; the form stays at version 0, so an autosave is refused
    # too, until she chooses to replace the saved text (the button moves the form to version 1)
    assert "was changed by Alice" in html
    assert THEIRS in html
    assert 'value="0" hx-swap-oob="true"' in html
    assert 'data-adopt-version="1"' in html
    assert ParticipantEntry.objects.get().response == THEIRS

    # and saving from version 1 replaces it on purpose
    client.post(url, {**given.COMPLETE, "response": MINE, "version": "1"}, **HTMX)
    entry = ParticipantEntry.objects.get()
    assert (entry.response, entry.version) == (MINE, 2)


def test_a_stale_individual_note_keeps_the_typed_text_in_the_form(world: Any, client: Any) -> None:
    # given a BIRP draft at version 1 that Alice opened in two tabs
    note = services.create_individual_note(
        client=world.carol, author=world.alice, service_date=dt.date(2026, 11, 23), duration_minutes=50,
        note_format="birp", sections={"behavior": "Arrived on time."},
    )  # fmt: skip
    client.force_login(world.alice)
    url = reverse("notes:individual_save", kwargs={"pk": note.pk})
    client.post(url, {**_birp(THEIRS, 1), "action": "save"})

    # when the second tab saves its own text from version 1
    response = client.post(url, {**_birp(MINE, 1), "action": "save"})
    html = response.content.decode()

    # then the page shows both: her typed text in the form, the saved text beside it, version 2 to go on from
    assert response.status_code == 200
    assert f"{MINE}</textarea>" in html
    assert 'data-testid="stale-edit"' in html
    assert THEIRS in html
    assert 'name="version" value="2"' in html
    assert IndividualNote.objects.get().sections["behavior"] == THEIRS
