"""On a tablet: a clinician prepares Indy's TPO consent, Indy reads it and signs with a finger (the mouse here) on
the signature pad, and hands the tablet back; Harper signs by keyboard alone, typing the name instead."""

from typing import Any

from playwright.sync_api import expect

from tests.e2e.browser import draw_signature, log_in, screenshot

TABLET = {"width": 768, "height": 1024}
PHONE = {"width": 390, "height": 844}


def _fits(page: Any) -> bool:
    """Nothing wider than the screen: no sideways scrolling to read the consent."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_a_client_signs_the_tpo_consent_with_a_drawn_signature(page: Any, server_url: str) -> None:
    # given Alice on a tablet, opening Indy's chart: no consent in force
    page.set_viewport_size(TABLET)
    log_in(page, server_url)
    page.goto(f"{server_url}/clients/")
    page.get_by_role("link", name="Indy Example").click()
    expect(page.get_by_text("No consent in force: records cannot be released.")).to_be_visible()

    # when she prepares the TPO consent from its preset
    page.get_by_role("link", name="Prepare a consent").click()
    page.get_by_role("heading", name="Prepare a consent").wait_for()
    expect(
        page.get_by_label("Treatment, payment and health care operations (single consent)")
    ).to_be_checked()
    screenshot(page, "consent-prepare.png")
    # (trying the family preset first: a name typed there survives a switch to another named preset)
    page.get_by_role("button", name="Family or support person").click()
    page.get_by_label("Recipient's name").fill("Jordan Example")
    page.get_by_role("button", name="Employer").click()
    expect(page.get_by_label("Recipient's name")).to_have_value("Jordan Example")
    expect(page.get_by_label("Kind of recipient")).to_have_value("employer")
    page.get_by_role("button", name="Treatment, payment and operations").click()
    expect(page.get_by_label("Recipient's name")).to_have_value("")
    page.get_by_role("button", name="Prepare consent for signature").click()
    expect(page.get_by_text("Awaiting signature").first).to_be_visible()

    # and hands the tablet to Indy, who sees the whole consent in large type and nothing of the staff menus
    page.get_by_role("link", name="Hand to the client to sign").click()
    page.get_by_role("heading", name="Consent to share your records").wait_for()
    expect(page.get_by_role("navigation", name="Main")).to_have_count(0)
    expect(page.get_by_text("You may revoke this consent at any time")).to_be_visible()
    expect(page.get_by_label("Draw my signature")).to_be_checked()
    expect(page.get_by_label("Type your full name as your signature")).to_be_hidden()
    assert _fits(page)
    screenshot(page, "consent-sign-tablet.png")

    # when Indy scribbles, clears it, then signs with two strokes and agrees
    draw_signature(page, [(0.1, 0.5), (0.3, 0.2)])
    assert page.locator("input[name='drawn']").input_value().startswith("M ")
    page.get_by_role("button", name="Clear").click()
    assert page.locator("input[name='drawn']").input_value() == ""
    draw_signature(page, [(0.08, 0.6), (0.2, 0.25), (0.32, 0.7), (0.45, 0.3)])
    draw_signature(page, [(0.5, 0.65), (0.9, 0.45)])
    assert page.locator("input[name='drawn']").input_value().count("M ") == 2
    page.get_by_label("I have read this consent, or had it read to me, and I agree to it.").check()
    page.get_by_role("button", name="Sign this consent").click()

    # then the tablet thanks Indy and asks for it to be handed back
    expect(page.get_by_role("heading", name="Thank you, Indy Example")).to_be_visible()
    expect(page.get_by_text("Please hand the tablet back to Alice Clinician.")).to_be_visible()
    screenshot(page, "consent-signed-tablet.png")

    # and the consent is in force, the drawn signature redrawn from its strokes, and the chart shows it
    page.get_by_role("link", name="Staff: back to the consent").click()
    expect(page.locator(".badge", has_text="In force")).to_be_visible()
    expect(page.locator("svg.signature-drawing path")).to_have_count(1)
    page.get_by_role("link", name="Indy Example").click()
    expect(page.locator("#consents-h")).to_be_visible()
    expect(page.get_by_text("No consent in force: records cannot be released.")).to_have_count(0)


def test_a_client_signs_by_keyboard_with_the_typed_name_on_a_phone(page: Any, server_url: str) -> None:
    # given Harper's family consent awaiting signature, opened on a phone-sized screen
    page.set_viewport_size(PHONE)
    log_in(page, server_url)
    page.goto(f"{server_url}/clients/")
    page.get_by_role("link", name="Harper Example").click()
    page.get_by_role("link", name="To a named recipient").click()
    page.get_by_role("link", name="Hand to the client to sign").click()
    page.get_by_role("heading", name="Consent to share your records").wait_for()
    assert _fits(page)
    screenshot(page, "consent-sign-phone.png")

    # when Harper, using the keyboard only, chooses to type instead of draw, types the name and agrees
    page.get_by_label("Draw my signature").focus()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Type my name instead")).to_be_checked()
    expect(page.locator("canvas.sig-canvas")).to_be_hidden()
    page.get_by_label("Type your full name as your signature").focus()
    page.keyboard.type("Harper Example")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.get_by_label("Type your full name as your signature").focus()
    page.keyboard.press("Enter")

    # then it is signed
    expect(page.get_by_role("heading", name="Thank you, Harper Example")).to_be_visible()
    page.get_by_role("link", name="Staff: back to the consent").click()
    expect(page.get_by_label("Signature of Harper Example, typed")).to_have_text("Harper Example")
