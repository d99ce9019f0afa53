"""The plan as a real PDF: opens, holds the client's goal in their words, and every objective."""

import datetime as dt
import io
from typing import Any

import time_machine
from django.test import Client as Browser
from django.urls import reverse
from pypdf import PdfReader

from trellis.plans.pdf import render_plan_pdf
from trellis.plans.tests.given import signed_plan


def test_it_downloads_a_pdf_with_the_goals_in_the_clients_words(world: Any) -> None:
    # given a signed plan of two problems
    with time_machine.travel(dt.datetime(2026, 11, 18, 15, tzinfo=dt.UTC), tick=False):
        plan = signed_plan(
            episode=world.carol_enrollment.episode, author=world.alice, problems=2, objectives=2
        )
    browser = Browser()
    browser.force_login(world.alice)

    # when Alice downloads it
    response = browser.get(reverse("plans:pdf", args=[plan.pk]))

    # then it is a PDF whose text holds the goals, objectives, measure and signatures
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "I want to stay sober 1" in text
    assert "I want to stay sober 2" in text
    assert "3 meetings a week" in text
    assert "Carol Northcott" in text
    assert "42 CFR part 2" in text


def test_it_breaks_a_long_plan_across_pages(world: Any) -> None:
    # given a long plan: 5 problems of 4 objectives each
    plan = signed_plan(episode=world.carol_enrollment.episode, author=world.alice, problems=5, objectives=4)

    # when rendered, then every problem is in it over several numbered pages
    reader = PdfReader(io.BytesIO(render_plan_pdf(plan=plan)))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) >= 2
    assert all(f"Problem {n}" in text for n in range(1, 6))
    assert f"Page 1 of {len(reader.pages)}" in text
