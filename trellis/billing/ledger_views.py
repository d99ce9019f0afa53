"""The biller's ledger pages: the remittance page (import an 835 and see what it did), a client's payments and
printable statement, and the denial work queue."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.billing import denials, ledger
from trellis.billing.client_views import _client
from trellis.billing.forms import RemittanceForm, attach_errors
from trellis.billing.ledger_forms import PatientPaymentForm, PayerFilterForm
from trellis.billing.models import ClaimAdjudication, Remittance
from trellis.billing.remittance import ImportResult, import_remittance
from trellis.billing.statement import render_statement_pdf
from trellis.core import clock
from trellis.privacy import audit

RECENT_REMITTANCES = 10


def _organization_id(request: HttpRequest) -> Any:
    return getattr(request.user, "organization_id", None)


@requires(Capability.MANAGE_BILLING)
def remittances_view(request: HttpRequest) -> HttpResponse:
    """GET: recent payments and the upload form. POST: the file imported, and on the same page what it did to
    each claim, or why the whole file was refused."""
    form = RemittanceForm(request.POST or None, request.FILES or None)
    result: ImportResult | None = None
    if request.method == "POST" and form.is_valid():
        try:
            result = import_remittance(text=form.cleaned_data["file"], imported_by=request.user)
        except ValidationError as error:
            attach_errors(form, error)
    context = {
        "form": form,
        "result": result,
        "applied": _applied(result, request.user),
        "remittances": Remittance.objects.filter(organization_id=_organization_id(request)).select_related(
            "imported_by"
        )[:RECENT_REMITTANCES],
    }
    return render(request, "billing/remittances.html", context, status=400 if form.errors else 200)


def _applied(result: ImportResult | None, user: Any) -> list[ClaimAdjudication]:
    """The claims the import decided, with the client's share: shown only to the importer, who may see them."""
    if result is None:
        return []
    applied = list(
        ClaimAdjudication.objects.visible_to(user)
        .filter(remittance__in=result.remittances)
        .select_related("claim", "client")
        .order_by("claim__control_number")
    )
    audit.record_views(actor=user, client_ids=[a.client_id for a in applied], detail="remittance imported")
    return applied


@require_POST
@requires(Capability.MANAGE_BILLING)
def add_patient_payment_view(request: HttpRequest, pk: Any) -> HttpResponse:
    client = _client(request, pk)
    form = PatientPaymentForm(request.POST)
    if form.is_valid():
        try:
            payment = ledger.record_patient_payment(
                client=client, recorded_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request, f"Payment of ${payment.amount:,.2f} recorded for {client.display_name}."
            )
            return redirect("billing:client", pk=client.pk)
    errors = " ".join(str(m) for ms in form.errors.values() for m in ms)
    messages.error(request, f"The payment was not recorded: {errors}")
    return redirect("billing:client", pk=client.pk)


@requires(Capability.MANAGE_BILLING)
def statement_view(request: HttpRequest, pk: Any) -> HttpResponse:
    """The client's own statement: no consent needed (42 CFR 2.23), audited as an export (billing/statement.py)."""
    client = _client(request, pk)
    today = clock.today_in(client.site.timezone)
    document = render_statement_pdf(client=client, today=today)
    audit.record(
        actor=request.user, action=audit.Action.EXPORT, client_id=client.pk, obj=client,
        detail="patient statement PDF, client's own copy",
    )  # fmt: skip
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="statement-{client.chart_number}-{today:%Y%m%d}.pdf"'
    return response


@requires(Capability.MANAGE_BILLING)
def denials_view(request: HttpRequest) -> HttpResponse:
    form = PayerFilterForm(request.GET or None, organization_id=_organization_id(request))
    payer = form.cleaned_data["payer"] if form.is_valid() else None
    rows = denials.list_denials(user=request.user, payer_id=payer.pk if payer else None)
    audit.record_views(actor=request.user, client_ids=[row.claim.client_id for row in rows], detail="denials")
    return render(request, "billing/denials.html", {"form": form, "rows": rows, "payer": payer})
