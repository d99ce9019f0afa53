"""Setup holds every program setting in one place: a director finds the plan rules and measure schedules
from it (they once had no link at all), and sees only the settings their role may change."""

from typing import Any

from django.test import Client
from django.urls import reverse


def _setup_page(user: Any) -> str:
    browser = Client()
    browser.force_login(user)
    response = browser.get(reverse("programs:setup"))
    assert response.status_code == 200
    return str(response.content.decode())


def test_the_director_reaches_every_setting_from_setup(world: Any) -> None:
    page = _setup_page(world.dana)
    for name in ("plans:rules", "measures:schedules", "part2:breaches", "privacy:audit_log"):
        assert f'href="{reverse(name)}"' in page, name


def test_the_administrator_sees_the_settings_of_their_role_only(world: Any) -> None:
    # Adam sets programs up and manages access but does no privacy officer's work
    page = _setup_page(world.adam)
    assert f'href="{reverse("plans:rules")}"' in page
    assert f'href="{reverse("accounts:access")}"' in page
    assert f'href="{reverse("part2:breaches")}"' not in page
