"""A client search by name or chart number is posted: the name never appears in an address (access logs,
history, Referer), and paging through the results keeps the search."""

from typing import Any

from django.test import Client as Browser
from django.urls import reverse

from tests import factories


def _browser(user: Any) -> Browser:
    browser = Browser()
    browser.force_login(user)
    return browser


def test_it_shows_a_posted_search_at_an_address_without_the_name(world: Any) -> None:
    # given Alice at the client list
    browser = _browser(world.alice)
    # when she searches for Carol by name
    response = browser.post(reverse("clients:list"), {"q": "Northcott"}, follow=True)
    # then Carol is found, and no address on the way carries the name
    addresses = [url for url, _ in response.redirect_chain]
    assert addresses
    assert all("Northcott" not in url and "q=" not in url for url in addresses)
    assert "Northcott" in response.content.decode()
    assert "Harbormann" not in response.content.decode()


def test_it_finds_by_chart_number_without_the_number_in_the_address(world: Any) -> None:
    browser = _browser(world.alice)
    response = browser.post(reverse("clients:list"), {"q": world.carol.chart_number}, follow=True)
    assert world.carol.chart_number not in response.redirect_chain[-1][0]
    assert "Northcott" in response.content.decode()


def test_it_pages_through_a_search_by_its_key(world: Any) -> None:
    # given 55 clients named Quillfeather at Alice's site, and others who are not
    for n in range(55):
        factories.ClientFactory.create(
            site=world.carol.site, legal_first_name=f"Q{n:02d}", legal_last_name="Quillfeather"
        )
    browser = _browser(world.alice)
    # when she searches for them and follows the pager's Next link
    first = browser.post(reverse("clients:list"), {"q": "Quillfeather"}, follow=True)
    address = first.redirect_chain[-1][0]
    second = browser.get(address + "&page=2")
    # then the second page holds the last five, still only Quillfeathers, and the pager link carries the key
    page = second.content.decode()
    assert "Page 2 of 2" in page
    assert page.count("Quillfeather</a>") == 5
    assert "Northcott" not in page
    assert address.split("?")[1] in first.content.decode()  # the Next link: ?s=<key>&page=2


def test_it_turns_an_old_style_link_with_a_name_into_a_keyed_address(world: Any) -> None:
    response = _browser(world.alice).get(reverse("clients:list"), {"q": "Carol"}, follow=True)
    assert "Carol" not in response.redirect_chain[-1][0]
    assert "Northcott" in response.content.decode()


def test_it_says_so_when_a_search_key_is_no_longer_kept(world: Any) -> None:
    # given a search made in one sign-in
    address = (
        _browser(world.alice)
        .post(reverse("clients:list"), {"q": "Northcott"}, follow=True)
        .redirect_chain[-1][0]
    )
    # when the same address is opened in another sign-in
    response = _browser(world.alice).get(address)
    # then the page shows the unfiltered list and asks for the search again
    assert "Please search again" in response.content.decode()


def test_it_keeps_one_users_search_away_from_another(world: Any) -> None:
    # given Alice's search for Carol
    address = (
        _browser(world.alice)
        .post(reverse("clients:list"), {"q": "Northcott"}, follow=True)
        .redirect_chain[-1][0]
    )
    # when Bob (another site) opens Alice's address
    page = _browser(world.bob).get(address).content.decode()
    # then he sees his own list, not her search and not Carol
    assert "Northcott" not in page
    assert "Please search again" in page
