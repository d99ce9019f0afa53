"""Co-signatures open to any supervisor at the note's site: listed once, under that site's supervisors,
and counted as the reader's own when the co-sign queue would offer the note to them."""

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trellis.notes import cosign, cosign_rules, services
from trellis.notes.choices import SECTIONS
from trellis.notes.models import IndividualNote
from trellis.notes.tests import given
from trellis.worklist import selectors
from trellis.worklist.items import Item, Kind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _after_session() -> Iterator[None]:
    with time_machine.travel(given.AFTER_SESSION, tick=False):
        yield


def _open_to_any_supervisor(world: Any) -> IndividualNote:
    """Alice holds no license; the director's rule sends her DAP notes to any supervisor at the site."""
    if not world.organization.cosign_rules.exists():
        cosign_rules.add_rule(set_by=world.dana, role="", license_type="none", kinds=["dap"], signer="any")
    note = services.create_individual_note(
        client=world.carol,
        author=world.alice,
        service_date=given.SESSION_DAY,
        duration_minutes=50,
        note_format="dap",
        sections={key: f"{label} text." for key, label in SECTIONS["dap"]},
    )
    return services.sign_individual_note(note=note, signed_by=world.alice)


def _cosign_lines(user: Any) -> list[Item]:
    items = selectors.list_items(user=user, now=given.AFTER_SESSION)
    return [item for item in items if item.kind is Kind.COSIGN]


def test_a_supervisor_at_the_site_finds_the_note_under_the_sites_supervisors(world: Any) -> None:
    # given Alice signed a note that any supervisor at Northside may co-sign
    note = _open_to_any_supervisor(world)
    # when Dana, a supervisor at Northside, reads the worklist
    worklist = selectors.get_worklist(user=world.dana, now=given.AFTER_SESSION)
    pool = next(g for g in worklist.groups if g.staff.pool)
    # then the note is listed once, under Northside's supervisors, open to her, and on her own count
    assert pool.staff.name == "Any supervisor at Northside"
    assert [(i.client_id, i.open_to_me) for i in pool.items] == [(world.carol.pk, True)]
    assert pool.open_to_me
    assert [i.url for i in _cosign_lines(world.dana)] == [reverse("notes:individual", kwargs={"pk": note.pk})]
    assert selectors.count_items(user=world.dana, now=given.AFTER_SESSION).mine == 1
    assert cosign.waiting_count(world.dana) == 1


def test_the_staff_filter_shows_the_pool_alone_in_the_page_and_the_csv(world: Any, client: Any) -> None:
    _open_to_any_supervisor(world)
    client.force_login(world.dana)
    page = client.get(reverse("worklist:list")).content.decode()
    assert 'Any supervisor at Northside <span class="badge info">open to you</span>' in page
    key = f"supervisors-{world.site_a.pk}"
    csv = client.get(reverse("worklist:csv"), {"staff": key}).content.decode()
    assert f'<option value="{key}"' in page
    assert [line.split(",")[0] for line in csv.splitlines()[1:]] == ["Any supervisor at Northside"]


def test_the_author_sees_who_owes_it_but_may_not_take_it_and_another_site_sees_nothing(world: Any) -> None:
    _open_to_any_supervisor(world)
    (line,) = _cosign_lines(world.alice)
    assert (line.staff.name, line.open_to_me) == ("Any supervisor at Northside", False)
    assert _cosign_lines(world.bob) == []


def test_more_waiting_notes_run_no_more_queries(world: Any) -> None:
    _open_to_any_supervisor(world)
    _cosign_lines(world.dana)  # the first read fills the user's cached sites
    with CaptureQueriesContext(connection) as one:
        _cosign_lines(world.dana)
    _open_to_any_supervisor(world)
    _open_to_any_supervisor(world)
    with CaptureQueriesContext(connection) as three:
        assert len(_cosign_lines(world.dana)) == 3
    assert len(one) == len(three)
