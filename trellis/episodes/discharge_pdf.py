"""The discharge summary as a PDF the client takes home and the next provider receives (WeasyPrint)."""

from typing import Any

from django.template.loader import render_to_string
from weasyprint import HTML  # type: ignore[import-untyped,unused-ignore]  # WeasyPrint ships no type hints

from trellis.core import clock
from trellis.episodes.models import AftercarePlan, Episode


def render_discharge_pdf(*, episode: Episode, plan: AftercarePlan | None) -> bytes:
    html = render_to_string(
        "episodes/discharge_pdf.html",
        {
            "episode": episode,
            "client": episode.client,
            "plan": plan,
            "printed_on": clock.today_in(episode.client.site.timezone),
        },
    )
    pdf: Any = HTML(string=html).write_pdf()
    return bytes(pdf)
