"""A new installation starts with `manage.py create_organization`: an organization, its site, its administrator."""

import pytest
from django.core.management import CommandError, call_command
from django.test import Client as Browser

from trellis.accounts.models import User
from trellis.privacy.models import AuditEvent
from trellis.programs.models import Organization

PASSWORD = "a-long-synthetic-passphrase-42"


def _create(monkeypatch: pytest.MonkeyPatch, *, name: str = "Harbor Light", **options: str) -> None:
    monkeypatch.setenv("TRELLIS_ADMIN_PASSWORD", PASSWORD)
    arguments = {
        "site": "Harbor",
        "timezone": "America/Chicago",
        "admin": "hana",
        "email": "hana@example.org",
    }
    call_command("create_organization", name, **{**arguments, **options})


@pytest.mark.django_db
def test_it_creates_an_administrator_who_can_log_in(monkeypatch: pytest.MonkeyPatch) -> None:
    _create(monkeypatch)
    admin = User.objects.get(username="hana")
    assert admin.role == "admin"
    assert admin.organization == Organization.objects.get(name="Harbor Light")
    assert [site.timezone for site in admin.sites.all()] == ["America/Chicago"]
    browser = Browser()
    browser.post("/accounts/login/", {"username": "hana", "password": PASSWORD})
    assert browser.get("/setup/").status_code == 200
    event = AuditEvent.objects.get(object_type="accounts.User", object_id=str(admin.pk))
    assert (event.organization_id, event.system_job) == (admin.organization_id, "create_organization command")


@pytest.mark.django_db
def test_it_refuses_an_unknown_time_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(CommandError, match="Not a time zone"):
        _create(monkeypatch, timezone="Mars/Olympus")
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_second_organization_of_the_same_name(monkeypatch: pytest.MonkeyPatch) -> None:
    _create(monkeypatch)
    with pytest.raises(CommandError, match="exists already"):
        _create(monkeypatch, name="harbor light", admin="other")
    assert Organization.objects.count() == 1
    assert not User.objects.filter(username="other").exists()


@pytest.mark.django_db
def test_it_refuses_a_weak_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRELLIS_ADMIN_PASSWORD", "short")
    with pytest.raises(CommandError, match="too short"):
        call_command(
            "create_organization",
            "Harbor Light",
            site="Harbor",
            timezone="UTC",
            admin="h",
            email="h@example.org",
        )
    assert not Organization.objects.filter(name="Harbor Light").exists()
