"""The client search in the header of every page: by name, chart number or date of birth as the front desk
types it, posted (never in an address), and only clients the user may see."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client as Browser
from django.urls import reverse

from tests import factories
from trellis.clients.models import Client


def _browser(user: Any) -> Browser:
    browser = Browser()
    browser.force_login(user)
    return browser


def test_every_page_carries_the_search_for_those_who_see_clients(world: Any) -> None:
    for user, shown in ((world.alice, True), (world.bill, True), (world.adam, False)):
        page = _browser(user).get(reverse("episodes:tracks")).content.decode()
        assert ('id="header-q"' in page) is shown, user.username


@pytest.mark.parametrize("typed", ["1979-02-28", "2/28/1979", "02/28/1979", "02-28-1979"])
def test_it_finds_a_client_by_date_of_birth_however_it_is_typed(world: Any, typed: str) -> None:
    # given Carol, born 28 February 1979, and Erin at the same site born on another day
    Client.objects.filter(pk=world.carol.pk).update(date_of_birth=dt.date(1979, 2, 28))
    factories.ClientFactory.create(
        site=world.site_a, legal_last_name="Ellwood", date_of_birth=dt.date(1979, 3, 1)
    )
    # when Alice types the date into the header search on any page
    response = _browser(world.alice).post(reverse("clients:list"), {"q": typed}, follow=True)
    page = response.content.decode()
    # then Carol is found, the other client is not, and the date is in no address
    assert "Northcott" in page
    assert "Ellwood" not in page
    assert all(typed not in url for url, _ in response.redirect_chain)


def test_a_name_and_a_date_narrow_together_and_other_sites_stay_hidden(world: Any) -> None:
    # given two clients named Northcott at Alice's site with different birthdays, and Dave at Lakeside
    Client.objects.filter(pk=world.carol.pk).update(date_of_birth=dt.date(1979, 2, 28))
    factories.ClientFactory.create(site=world.site_a, legal_first_name="Nina", legal_last_name="Northcott",
                                   date_of_birth=dt.date(1990, 1, 1))  # fmt: skip
    Client.objects.filter(pk=world.dave.pk).update(date_of_birth=dt.date(1979, 2, 28))
    # when Alice searches "Northcott 2/28/1979"
    page = _browser(world.alice).post(reverse("clients:list"), {"q": "Northcott 2/28/1979"}, follow=True)
    text = page.content.decode()
    # then only Carol: Nina has another birthday and Dave is not at Alice's site
    assert "Carol" in text
    assert "Nina" not in text
    assert world.dave.legal_last_name not in text
