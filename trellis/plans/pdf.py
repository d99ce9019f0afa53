"""The treatment plan as a PDF (WeasyPrint): the client's own copy, or released to someone else with the
disclosure gate's cover page first (trellis.privacy.release).

Rendered in the request: a 20-objective plan (3 pages) took 1.7-2.3 s on a busy development machine, after
a one-time font setup in each new process. A queue (Huey) would pay off only for much longer documents.
"""

from django.template.loader import render_to_string
from weasyprint import HTML  # type: ignore[import-untyped,unused-ignore]  # WeasyPrint ships no type hints

from trellis.core import clock
from trellis.plans import selectors
from trellis.plans.models import TreatmentPlan
from trellis.privacy import part2
from trellis.privacy.part2 import InfoKind
from trellis.privacy.release import PDF_FOOTER, Cover, records_are_part2

# What the plan PDF shows (minimum necessary): who the client is, and the plan's problems, goals, objectives.
PLAN_INFORMATION = (InfoKind.IDENTITY, InfoKind.TREATMENT_PLAN)


def render_plan_html(*, plan: TreatmentPlan, cover: Cover | None = None, own_copy: bool = False) -> str:
    page = selectors.get_plan_page(plan=plan)
    client = plan.episode.client
    context = {
        "page": page,
        "plan": plan,
        "client": client,
        "printed_on": clock.today_in(client.site.timezone),
        "cover": cover,
        "own_copy": own_copy,
        "part2": cover.part2 if cover is not None else records_are_part2(client),
        "footer": PDF_FOOTER,
        "notice": part2.NOTICE,
    }
    return render_to_string("plans/plan_pdf.html", context)


def render_plan_pdf(*, plan: TreatmentPlan, cover: Cover | None = None, own_copy: bool = False) -> bytes:
    document: bytes = HTML(string=render_plan_html(plan=plan, cover=cover, own_copy=own_copy)).write_pdf()
    return document
