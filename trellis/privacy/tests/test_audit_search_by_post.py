"""The audit search by chart number is posted: the number stays out of every address, and pages keep it."""

from typing import Any

from django.test import Client as Browser
from django.urls import reverse

from trellis.privacy import audit


def test_it_searches_the_trail_by_chart_number_without_putting_it_in_an_address(world: Any) -> None:
    # given 120 views of Carol's chart and one of Hugo's
    for _ in range(120):
        audit.record(actor=world.alice, action=audit.Action.VIEW, client_id=world.carol.pk, detail="chart")
    audit.record(actor=world.dana, action=audit.Action.VIEW, client_id=world.hugo.pk, detail="chart")
    browser = Browser()
    browser.force_login(world.dana)
    # when Dana searches the trail by Carol's chart number and turns to the second page
    first = browser.post(
        reverse("privacy:audit_log"), {"chart_number": world.carol.chart_number}, follow=True
    )
    address = first.redirect_chain[-1][0]
    second = browser.get(address + "&page=2").content.decode()
    # then no address holds the number, and the second page still shows only Carol's events
    assert world.carol.chart_number not in address
    assert "Page 2 of 2" in second
    assert world.carol.chart_number in second
    assert world.hugo.chart_number not in second
    assert f"{address.split('?')[1]}&page=2" in first.content.decode()
