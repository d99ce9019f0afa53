"""A clinician documents a family session: a family member no consent names is refused, a consented one taken."""

from typing import Any

from playwright.sync_api import expect

from tests.e2e.browser import log_in


def test_a_family_session_takes_only_consented_family_members(page: Any, server_url: str) -> None:
    # given Alice on Sage's chart
    log_in(page, server_url)
    page.goto(f"{server_url}/clients/")
    page.get_by_role("link", name="Sage Familytest").click()
    page.get_by_role("link", name="New family session note").click()
    page.get_by_role("heading", name="New family session note").wait_for()

    # when she records Sage's father, whom no consent names, with her note
    page.get_by_label("Glen Familytest (Father)").check()
    page.get_by_label("Data").fill("Father joined to plan evenings at home.")
    page.get_by_label("Assessment").fill("Supportive; some tension about curfews.")
    page.get_by_label("Plan").fill("Meet again in two weeks.")
    page.get_by_role("button", name="Save draft").click()

    # then the note is refused, names him, keeps her words and offers to prepare his consent
    alert = page.get_by_role("alert").filter(has_text="No consent in force lets Glen Familytest take part")
    expect(alert).to_be_visible()
    expect(page.get_by_label("Data")).to_have_value("Father joined to plan evenings at home.")
    father = page.get_by_test_id("family-consents").locator("tr").filter(has_text="Glen Familytest")
    expect(father.get_by_role("link", name="Prepare a family consent")).to_be_visible()

    # when she records the sister instead, whom Sage's signed consent names
    page.get_by_label("Glen Familytest (Father)").uncheck()
    page.get_by_label("Robin Familytest (Sister)").check()
    page.get_by_role("button", name="Save draft").click()

    # then the draft is saved as family therapy with the client present, the sister taking part
    page.get_by_text("Draft saved.").wait_for()
    expect(page.get_by_text("Family psychotherapy, client present")).to_be_visible()
    expect(page.get_by_test_id("visit-details")).to_contain_text("Robin Familytest (Sister)")
