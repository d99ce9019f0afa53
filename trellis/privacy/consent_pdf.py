"""The consent as a PDF (WeasyPrint): the client's own copy, with every element of 42 CFR 2.31 and the signature.

Printing it is not a disclosure: it is the program's copy of a form the client signed, handed to the client.
"""

from typing import Any

from django.template.loader import render_to_string
from weasyprint import HTML  # type: ignore[import-untyped,unused-ignore]  # WeasyPrint ships no type hints

from trellis.core import clock
from trellis.privacy import consent_selectors, part2
from trellis.privacy.consent_forms import SIGNATURE_HEIGHT, SIGNATURE_WIDTH
from trellis.privacy.consent_models import Consent


def consent_context(consent: Consent) -> dict[str, Any]:
    """What every rendering of a consent shows: the page, the tablet and the PDF."""
    client = consent.client
    return {
        "consent": consent,
        "client": client,
        "line": consent_selectors.line_for(
            consent, moment=clock.now(), today=clock.today_in(client.site.timezone)
        ),
        "right_to_revoke": part2.RIGHT_TO_REVOKE,
        "redisclosure": part2.REDISCLOSURE,
        "notice": part2.NOTICE,
        "signature_box": f"0 0 {SIGNATURE_WIDTH} {SIGNATURE_HEIGHT}",
        "signature_width": SIGNATURE_WIDTH,
        "signature_height": SIGNATURE_HEIGHT,
    }


def render_consent_html(*, consent: Consent) -> str:
    context = consent_context(consent)
    context["printed_on"] = clock.today_in(consent.client.site.timezone)
    context["part2_label"] = consent_selectors.get_chart_consents(client=consent.client).part2
    return render_to_string("privacy/consent_pdf.html", context)


def render_consent_pdf(*, consent: Consent) -> bytes:
    document: Any = HTML(string=render_consent_html(consent=consent)).write_pdf()
    return bytes(document)
