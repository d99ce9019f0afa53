"""The census downloads as a file: who is enrolled today in the tracks the user sees, audited as an export."""

from typing import Any

from django.test import Client
from django.urls import reverse

from trellis.privacy.models import AuditEvent


def _download(user: Any) -> list[str]:
    browser = Client()
    browser.force_login(user)
    response = browser.get(reverse("attendance:census_csv"))
    assert response["Content-Disposition"].startswith('attachment; filename="census-')
    return list(response.content.decode("utf-8-sig").splitlines())


def test_the_director_downloads_both_sites_census(world: Any) -> None:
    lines = _download(world.dana)
    assert lines[0] == "Site,Program,Track,Client,Chart number,Admitted,In track since,Phase"
    assert [line.split(",")[3] for line in lines[1:]] == ["Dave Lakewood", "Carol Northcott"]
    assert AuditEvent.objects.filter(action="export", client=world.carol, actor=world.dana).exists()


def test_a_clinician_gets_her_own_site_only(world: Any) -> None:
    lines = _download(world.alice)
    assert len(lines) == 2
    assert "Carol Northcott" in lines[1]
