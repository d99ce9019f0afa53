"""The client's statement (WeasyPrint, like billing/pdf.py): each claim's services, what the payer paid and
adjusted, the client's share by deductible, coinsurance and co-payment, payments received, and the balance due.

A statement handed or sent to the client is the client's own record, not a disclosure to a third party: it needs
no consent and does not go through the disclosure gate (42 CFR 2.23, patients' access to their own records; the
same rule as the client's own copy of the treatment plan, plans/review_views.py). It is audited as an export. A
copy for anyone else (a guarantor, a collection agency) would be a disclosure and is not offered here.
"""

import datetime as dt
from typing import Any

from django.template.loader import render_to_string
from weasyprint import HTML  # type: ignore[import-untyped,unused-ignore]  # WeasyPrint ships no type hints

from trellis.billing import ledger
from trellis.billing.models import BillingProfile
from trellis.clients.models import Client


def statement_context(*, client: Client, today: dt.date) -> dict[str, Any]:
    return {
        "client": client,
        "profile": BillingProfile.objects.filter(organization_id=client.organization_id).first(),
        "ledger": ledger.get_client_ledger(client=client),
        "adjudications": ledger.list_client_adjudications(client=client),
        "payments": ledger.list_patient_payments(client=client),
        "printed_on": today,
    }


def render_statement_pdf(*, client: Client, today: dt.date) -> bytes:
    html = render_to_string("billing/statement.html", statement_context(client=client, today=today))
    document: bytes = HTML(string=html).write_pdf()
    return document
