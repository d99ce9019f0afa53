"""The discharge summary as a PDF (WeasyPrint): the client's own copy, or released through the disclosure gate
to someone else or as an aftercare referral to the next provider, with the gate's cover page first."""

from typing import Any

from django.template.loader import render_to_string
from weasyprint import HTML  # type: ignore[import-untyped,unused-ignore]  # WeasyPrint ships no type hints

from trellis.core import clock
from trellis.episodes.models import AftercarePlan, Episode
from trellis.privacy import part2
from trellis.privacy.part2 import InfoKind
from trellis.privacy.release import PDF_FOOTER, Cover, records_are_part2

# What the discharge PDF shows (minimum necessary): who, the dates of care, and the discharge and aftercare.
DISCHARGE_INFORMATION = (InfoKind.IDENTITY, InfoKind.ATTENDANCE, InfoKind.DISCHARGE)


def render_discharge_html(
    *,
    episode: Episode,
    plan: AftercarePlan | None,
    cover: Cover | None = None,
    own_copy: bool = False,
    referral: str = "",
) -> str:
    client = episode.client
    return render_to_string(
        "episodes/discharge_pdf.html",
        {
            "episode": episode,
            "client": client,
            "plan": plan,
            "printed_on": clock.today_in(client.site.timezone),
            "cover": cover,
            "own_copy": own_copy,
            "referral": referral,
            "part2": cover.part2 if cover is not None else records_are_part2(client),
            "footer": PDF_FOOTER,
            "notice": part2.NOTICE,
        },
    )


def render_discharge_pdf(
    *,
    episode: Episode,
    plan: AftercarePlan | None,
    cover: Cover | None = None,
    own_copy: bool = False,
    referral: str = "",
) -> bytes:
    html = render_discharge_html(
        episode=episode, plan=plan, cover=cover, own_copy=own_copy, referral=referral
    )
    pdf: Any = HTML(string=html).write_pdf()
    return bytes(pdf)
