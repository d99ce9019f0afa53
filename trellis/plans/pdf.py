"""The treatment plan as a PDF (WeasyPrint), for the client's copy and the record.

Rendered in the request: a 20-objective plan (3 pages) took 1.7-2.3 s on a busy development machine, after
a one-time font setup in each new process. A queue (Huey) would pay off only for much longer documents.
"""

from django.template.loader import render_to_string
from weasyprint import HTML  # type: ignore[import-untyped,unused-ignore]  # WeasyPrint ships no type hints

from trellis.core import clock
from trellis.plans import selectors
from trellis.plans.models import TreatmentPlan


def render_plan_html(*, plan: TreatmentPlan) -> str:
    page = selectors.get_plan_page(plan=plan)
    context = {
        "page": page,
        "plan": plan,
        "client": plan.episode.client,
        "printed_on": clock.today_in(plan.episode.client.site.timezone),
    }
    return render_to_string("plans/plan_pdf.html", context)


def render_plan_pdf(*, plan: TreatmentPlan) -> bytes:
    document: bytes = HTML(string=render_plan_html(plan=plan)).write_pdf()
    return document
