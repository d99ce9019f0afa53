"""PDFs of privacy records for the client: the accounting of disclosures and a breach notification letter.

Rendered with WeasyPrint in the request, like the plan PDF (trellis/plans/pdf.py); both are short documents.
Each carries the Part 2 notice in its footer when the client's records are Part 2 records.
"""

from django.template.loader import render_to_string
from weasyprint import HTML  # type: ignore[import-untyped,unused-ignore]  # WeasyPrint ships no type hints

from trellis.clients.models import Client
from trellis.core import clock
from trellis.privacy import part2
from trellis.privacy.accounting import Accounting
from trellis.privacy.breach_models import BreachIncident


def _pdf(html: str) -> bytes:
    document: bytes = HTML(string=html).write_pdf()
    return document


def render_accounting_html(*, accounting: Accounting) -> str:
    client = accounting.client
    context = {
        "accounting": accounting,
        "client": client,
        "printed_on": clock.today_in(client.site.timezone),
        "notice": part2.NOTICE,
    }
    return render_to_string("privacy/accounting_pdf.html", context)


def render_accounting_pdf(*, accounting: Accounting) -> bytes:
    return _pdf(render_accounting_html(accounting=accounting))


def render_letter_html(*, incident: BreachIncident, client: Client, organization_name: str) -> str:
    context = {
        "incident": incident,
        "client": client,
        "organization_name": organization_name,
        "information": part2.labels(incident.information),
        "printed_on": clock.today_in(client.site.timezone),
        "notice": part2.NOTICE,
    }
    return render_to_string("privacy/breach_letter_pdf.html", context)


def render_letter_pdf(*, incident: BreachIncident, client: Client, organization_name: str) -> bytes:
    return _pdf(render_letter_html(incident=incident, client=client, organization_name=organization_name))
