"""The group note page: shared part once, an entry per present client saved on its own, signing from the page."""

from typing import Any

import pytest
from django.urls import reverse

from trellis.notes.models import GroupNote, ParticipantEntry
from trellis.notes.tests import given
from trellis.privacy.models import AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_session")]
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def session(world: Any) -> Any:
    session = given.session(world)
    given.mark(session, world.carol, world.alice)
    return session


def _url(name: str, session: Any, **kwargs: Any) -> str:
    return reverse(f"notes:{name}", kwargs={"session_pk": session.pk, **kwargs})


def test_it_shows_one_entry_form_per_present_client(world: Any, client: Any, session: Any) -> None:
    # given Carol and two others present and one client absent
    others = given.present_clients(world, session, 2)
    given.present_clients(world, session, 1, status="unexcused")
    client.force_login(world.alice)

    # when Alice opens the note page
    html = client.get(_url("group_note", session)).content.decode()

    # then there is one shared part and one entry form per present client, each audited as a view
    assert html.count('class="shared-form"') == 1
    assert html.count('aria-label="Entry for ') == 3
    assert "Entry for Carol N." in html
    viewed = AuditEvent.objects.filter(detail="group note").values_list("client_id", flat=True)
    assert set(viewed) == {world.carol.pk, *(c.pk for c in others)}


def test_it_saves_one_entry_with_htmx_and_shows_what_is_missing(
    world: Any, client: Any, session: Any
) -> None:
    client.force_login(world.alice)
    # when Alice saves Carol's participation only
    response = client.post(
        _url("save_entry", session, client_pk=world.carol.pk), {"participation": "active"}, **HTMX
    )
    # then the entry is saved as a draft and the fragment lists what is still missing
    html = response.content.decode()
    assert "Missing: response, objective addressed, risk" in html
    assert "Saved" in html
    assert ParticipantEntry.objects.get().participation == "active"
    # and the page's tally is updated out of band
    assert '<span class="sub" id="complete-count" hx-swap-oob="true">0 of 1 entries complete</span>' in html


def test_it_shows_the_signing_error_and_saves_nothing(world: Any, client: Any, session: Any) -> None:
    # given the shared part is written, but Carol's entry is not
    client.force_login(world.alice)
    client.post(
        _url("save_shared", session), {"topic": "Cravings", "content": "Urge surfing practice."}, **HTMX
    )

    # when Alice signs
    response = client.post(_url("sign_group_note", session), **HTMX)

    # then the error names Carol's entry, and the note stays a draft
    assert 'role="alert"' in response.content.decode()
    assert "Entry for Carol N. is missing participation, response, objective addressed and risk." in (
        response.content.decode()
    )
    assert GroupNote.objects.get().signed_at is None


def test_it_signs_and_then_offers_only_an_addendum(world: Any, client: Any, session: Any) -> None:
    # given a complete note
    client.force_login(world.alice)
    client.post(
        _url("save_shared", session), {"topic": "Cravings", "content": "Urge surfing practice."}, **HTMX
    )
    client.post(_url("save_entry", session, client_pk=world.carol.pk), given.COMPLETE, **HTMX)

    # when Alice signs, then HTMX is told to reload the page
    response = client.post(_url("sign_group_note", session), **HTMX)
    assert response.status_code == 200
    assert response.headers["HX-Redirect"] == _url("group_note", session)

    # and the page shows the signature and an addendum form, and no entry forms
    html = client.get(_url("group_note", session)).content.decode()
    assert "Signed notes are locked" in html
    assert "Add addendum" in html
    assert 'aria-label="Entry for ' not in html

    # when she posts to an entry anyway, then it is refused and nothing changes
    changed = {**given.COMPLETE, "response": "Rewritten later."}
    html = client.post(
        _url("save_entry", session, client_pk=world.carol.pk), changed, **HTMX
    ).content.decode()
    assert "signed and locked" in html
    assert ParticipantEntry.objects.get().response == given.COMPLETE["response"]

    # when she adds an addendum about Carol, then it shows on the page
    entry = ParticipantEntry.objects.get()
    client.post(_url("group_addendum", session), {"entry": str(entry.pk), "text": "Carol called at 4 pm."})
    html = client.get(_url("group_note", session)).content.decode()
    assert "Carol called at 4 pm." in html


def test_it_warns_while_drafting_when_the_shared_part_names_a_client(
    world: Any, client: Any, session: Any
) -> None:
    client.force_login(world.alice)
    client.post(
        _url("save_shared", session), {"topic": "Cravings", "content": "Carol led the check-in."}, **HTMX
    )
    html = client.get(_url("group_note", session)).content.decode()
    assert "The shared part seems to name a client (“Carol”)" in html


@pytest.mark.parametrize(
    ("persona", "status"),
    [("alice", 200), ("nora", 200), ("dana", 200), ("bob", 404), ("amy", 403), ("bill", 403), ("adam", 403)],
)
def test_it_lets_only_clinical_staff_of_the_site_open_the_page(
    world: Any, client: Any, session: Any, persona: str, status: int
) -> None:
    client.force_login(getattr(world, persona))
    assert client.get(_url("group_note", session)).status_code == status


@pytest.mark.parametrize(("persona", "status"), [("bob", 404), ("amy", 403), ("bill", 403), ("adam", 403)])
def test_it_refuses_writes_from_others(
    world: Any, client: Any, session: Any, persona: str, status: int
) -> None:
    client.force_login(getattr(world, persona))
    response = client.post(_url("save_entry", session, client_pk=world.carol.pk), given.COMPLETE)
    assert response.status_code == status
    assert not ParticipantEntry.objects.exists()


def test_it_shows_when_the_note_is_due_and_when_it_is_overdue(world: Any, client: Any, session: Any) -> None:
    # given the session ended at 17:00 UTC and notes are due 24 hours later
    import datetime as dt

    import time_machine

    client.force_login(world.alice)
    url = _url("group_note", session)
    # then an hour after, the note is due tomorrow; two days after, it is overdue
    assert "Due Tue 24 Nov, 12:00 PM" in client.get(url).content.decode()
    with time_machine.travel(given.AFTER_SESSION + dt.timedelta(days=2), tick=False):
        client.logout()  # two idle days end the old login
        client.force_login(world.alice)
        assert "Overdue since Tue 24 Nov, 12:00 PM" in client.get(url).content.decode()
