"""The client list shows where each client stands (status, track, counselor) and filters by them, in the
address (ids, never names), keeping a posted name search while filtering."""

import datetime as dt
from typing import Any

from django.test import Client as Browser
from django.urls import reverse

from tests import factories
from trellis.episodes.models import Episode
from trellis.privacy.models import AuditEvent


def _list(user: Any, query: str = "") -> str:
    browser = Browser()
    browser.force_login(user)
    return str(browser.get(f"{reverse('clients:list')}?{query}").content.decode())


def _rows(page: str) -> str:
    return page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]


def _people(world: Any) -> None:
    """Carol in Alice's day track with Alice as counselor; Erin discharged; Fay never admitted."""
    Episode.objects.filter(client=world.carol).update(primary_clinician=world.alice)
    erin = factories.ClientFactory.create(
        site=world.site_a, legal_first_name="Erin", legal_last_name="Ashdown"
    )
    factories.EpisodeFactory.create(
        client=erin, program=world.program, discharged_on=dt.date(2026, 11, 20), discharge_reason=1
    )
    factories.ClientFactory.create(site=world.site_a, legal_first_name="Fay", legal_last_name="Brightwater")


def test_each_row_says_where_the_client_stands(world: Any) -> None:
    _people(world)
    rows = _rows(_list(world.alice))
    carol_row = rows.split("Northcott", 1)[1].split("</tr>", 1)[0]
    assert "In treatment" in carol_row
    assert world.track_a.name in carol_row
    assert "Alice" in carol_row
    assert "Discharged" in rows.split("Ashdown", 1)[1].split("</tr>", 1)[0]
    assert "Not admitted" in rows.split("Brightwater", 1)[1].split("</tr>", 1)[0]


def test_it_filters_by_status_track_and_counselor(world: Any) -> None:
    _people(world)
    assert "Ashdown" in _rows(_list(world.alice, "status=discharged"))
    assert "Northcott" not in _rows(_list(world.alice, "status=discharged"))
    by_track = _rows(_list(world.dana, f"track={world.track_b.pk}"))
    assert "Lakewood" in by_track
    assert "Northcott" not in by_track
    by_counselor = _rows(_list(world.alice, f"counselor={world.alice.pk}"))
    assert "Northcott" in by_counselor
    assert "Brightwater" not in by_counselor


def test_a_filter_never_opens_another_sites_clients(world: Any) -> None:
    # Alice works at Northside; filtering by Lakeside's track shows her nobody, not Dave
    rows = _rows(_list(world.alice, f"track={world.track_b.pk}"))
    assert "Lakewood" not in rows
    assert "No client matches these filters." in rows


def test_nonsense_in_the_address_is_ignored_not_an_error(world: Any) -> None:
    rows = _rows(_list(world.alice, "status=everyone&track=';drop&counselor=x"))
    assert "Northcott" in rows
    rows = _rows(_list(world.alice, "track=abc&counselor=99999999999999999999"))
    assert "Northcott" in rows


def test_the_list_downloads_as_csv_with_its_filters_audited(world: Any) -> None:
    # given Alice's caseload filter
    _people(world)
    browser = Browser()
    browser.force_login(world.alice)
    response = browser.get(f"{reverse('clients:list')}?counselor={world.alice.pk}&format=csv")
    # then she gets a file of her clients only, never cached, with each client's export on the trail
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Name,Chart number,Status,Track,Counselor,Site"
    assert len(lines) == 2
    assert lines[1].startswith("Carol Northcott,")
    assert AuditEvent.objects.filter(action="export", client=world.carol).exists()


def test_a_name_that_looks_like_a_formula_stays_text(world: Any) -> None:
    factories.ClientFactory.create(site=world.site_a, legal_first_name="=HYPERLINK(1)", legal_last_name="Zed")
    browser = Browser()
    browser.force_login(world.alice)
    text = browser.get(f"{reverse('clients:list')}?format=csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK(1) Zed" in text
