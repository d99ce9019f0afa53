"""The consent PDF, the client's own copy: every element of 2.31, the signature, the statements, the label."""

import io
from typing import Any

import time_machine
from django.urls import reverse
from pypdf import PdfReader

from tests import part2 as consents_for
from trellis.privacy import consent_pdf, consents, part2
from trellis.privacy.disclosure_models import Disclosure
from trellis.privacy.models import AuditEvent
from trellis.privacy.part2 import SignatureMethod, SignerRole
from trellis.privacy.tests.consent_pages import IPAD, NOW, STROKES, prepared


def _text(document: bytes) -> str:
    pages = PdfReader(io.BytesIO(document)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def _plain(words: str) -> str:
    return " ".join(words.split())


@time_machine.travel(NOW, tick=False)
def test_the_pdf_holds_every_element_the_signature_and_the_part2_label(world: Any, client: Any) -> None:
    # given Carol's typed-signed family consent, later revoked
    consent = consents_for.signed(prepared(world.carol, world.alice), world.alice)
    consents.revoke(consent=consent, method="in writing", note="", actor=world.alice)
    client.force_login(world.alice)
    # when Alice prints the client's copy
    response = client.get(reverse("consents:pdf", kwargs={"pk": consent.pk}))
    # then it is a PDF with every element in words
    assert response["Content-Type"] == "application/pdf"
    assert f"consent-{world.carol.chart_number}-20261125.pdf" in response["Content-Disposition"]
    text = _text(response.content)
    for words in (
        "Copy for the client",
        "Carol Northcott",  # the patient
        consent.disclosing_party,  # who may disclose
        "Name, date of birth, contact details and that the client is in SUD treatment",  # what
        "Whether I attend my substance use disorder treatment groups.",  # how much
        "Jordan Northcott (Family member or support person)",  # to whom
        "Involving family or a support person",  # why
        "When this happens: The end of this treatment episode",  # when it ends
        _plain(part2.RIGHT_TO_REVOKE),
        _plain(part2.REDISCLOSURE),
        "Signed by Carol Northcott (the client), typed signature, on November 25, 2026 at 3:00 PM EST",
        "This consent was revoked on November 25, 2026",
        "42 CFR Part 2 record: confidential",
        "Page 1 of",
    ):
        assert words in text, words
    # and printing the client's own copy is audited as an export, not recorded as a disclosure
    assert AuditEvent.objects.filter(
        client=world.carol, action=AuditEvent.Action.EXPORT, detail="consent PDF, copy for the client"
    ).exists()
    assert not Disclosure.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_drawn_signature_is_drawn_into_the_pdf_as_its_path(world: Any) -> None:
    consent = consents.sign(
        consent=prepared(world.carol, world.alice), signer_name="Pat Guardian", signer_role=SignerRole.GUARDIAN,
        method=SignatureMethod.DRAWN, signature=STROKES, device=IPAD, actor=world.alice,
    )  # fmt: skip
    html = consent_pdf.render_consent_html(consent=consent)
    assert '<svg class="signature-drawing" viewBox="0 0 1000 300"' in html
    assert f'<path d="{STROKES}"' in html
    text = _text(consent_pdf.render_consent_pdf(consent=consent))
    assert "Signed by Pat Guardian (parent or legal guardian), drawn signature" in text


@time_machine.travel(NOW, tick=False)
def test_an_unsigned_consent_prints_as_awaiting_signature(world: Any) -> None:
    world.program.is_part2 = False
    world.program.save()
    text = _text(consent_pdf.render_consent_pdf(consent=prepared(world.carol, world.alice)))
    assert "Awaiting signature" in text
    assert "Not signed yet." in text
    assert "Confidential health information" in text
