"""A refused or missing page is a page of the app: the navigation stays, the words are plain, and no internal
code (a capability's name) shows."""

from typing import Any

from django.test import Client
from django.urls import reverse


def _as(user: Any) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def test_a_refused_page_explains_itself_inside_the_app(world: Any) -> None:
    # when Alice, a clinician, opens Setup
    response = _as(world.alice).get(reverse("programs:setup"))
    page = response.content.decode()
    # then she is refused on a page with the navigation and a way back, in words
    assert response.status_code == 403
    assert 'aria-label="Main"' in page
    assert "Your role does not allow setting up programs, tracks and groups." in page
    assert f'href="{reverse("today")}"' in page
    assert "setup_programs" not in page


def test_a_missing_record_is_a_page_of_the_app(world: Any) -> None:
    response = _as(world.alice).get("/clients/00000000-0000-0000-0000-000000000000/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "There is nothing here" in page
    assert 'aria-label="Main"' in page
