"""One client's billing: coverage, diagnoses, authorizations with burn-down, certifications, charges, claims;
the cost estimate for admission, the review packet for the payer, and the physician's certification."""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from trellis.accounts import reauth
from trellis.accounts.access import requires
from trellis.accounts.reauth import require_recent_auth
from trellis.accounts.roles import Capability
from trellis.billing import ledger, selectors, services
from trellis.billing.estimate import CostSharing, estimate_course
from trellis.billing.forms import (
    AuthorizationForm,
    CertificationForm,
    CoverageForm,
    DiagnosisForm,
    attach_errors,
)
from trellis.billing.ledger_forms import PatientPaymentForm
from trellis.billing.models import Authorization, Coverage, Diagnosis, FeeScheduleEntry, MedicareCertification
from trellis.billing.pdf import release_packet, render_packet_pdf
from trellis.billing.services import CERTIFICATION_STATEMENT
from trellis.clients.models import Client
from trellis.core import clock
from trellis.episodes.models import Enrollment
from trellis.privacy import audit, gate


def _client(request: HttpRequest, pk: Any) -> Client:
    """A client of the user's sites and of the user's organization; any other is a 404."""
    own = Client.objects.visible_to(request.user).filter(
        organization_id=getattr(request.user, "organization_id", None)
    )
    client: Client = get_object_or_404(own.select_related("site"), pk=pk)
    return client


@requires(Capability.MANAGE_BILLING)
def client_view(request: HttpRequest, pk: Any) -> HttpResponse:
    client = _client(request, pk)
    audit.record(
        actor=request.user, action=audit.Action.VIEW, client_id=client.pk, obj=client, detail="billing"
    )
    today = clock.today_in(client.site.timezone)
    context = {
        "client": client,
        "coverages": list(Coverage.objects.filter(client=client).select_related("payer", "plan")),
        "diagnoses": list(Diagnosis.objects.filter(client=client)),
        "authorizations": selectors.list_client_authorizations(client=client, user=request.user, today=today),
        "certifications": list(
            MedicareCertification.objects.filter(client=client).select_related("signed_by")
        ),
        "charges": selectors.client_charges(client=client, user=request.user),
        "claims": selectors.client_claims(client=client, user=request.user),
        "ledger": ledger.get_client_ledger(client=client),
        "adjudications": ledger.list_client_adjudications(client=client),
        "patient_payments": ledger.list_patient_payments(client=client),
        "payment_form": PatientPaymentForm(initial={"received_on": today}),
    }
    return render(request, "billing/client.html", context)


def _form_page(request: HttpRequest, client: Client, form: Any, title: str) -> HttpResponse:
    return render(request, "billing/form.html", {"form": form, "title": title, "client": client})


@requires(Capability.MANAGE_BILLING)
def add_coverage_view(request: HttpRequest, pk: Any) -> HttpResponse:
    client = _client(request, pk)
    form = CoverageForm(request.POST or None, organization_id=client.organization_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_coverage(client=client, added_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "Coverage added.")
            return redirect("billing:client", pk=client.pk)
    return _form_page(request, client, form, "Add coverage")


@requires(Capability.MANAGE_BILLING)
def add_diagnosis_view(request: HttpRequest, pk: Any) -> HttpResponse:
    client = _client(request, pk)
    form = DiagnosisForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_diagnosis(client=client, recorded_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['code'].upper()} added.")
            return redirect("billing:client", pk=client.pk)
    return _form_page(request, client, form, "Add a diagnosis")


@requires(Capability.MANAGE_BILLING)
def add_authorization_view(request: HttpRequest, pk: Any) -> HttpResponse:
    client = _client(request, pk)
    form = AuthorizationForm(request.POST or None, client=client)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_authorization(added_by=request.user, **form.service_arguments())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "Authorization added; recheck the queue to release charges it covers.")
            return redirect("billing:client", pk=client.pk)
    return _form_page(request, client, form, "Add an authorization")


def _course(client: Client, coverage: Coverage | None) -> tuple[int, Decimal, str]:
    """Days in a typical course (the enrollment's days a week over the program's typical length) and the rate."""
    enrollment = (
        Enrollment.objects.filter(episode__client=client)
        .select_related("episode__program")
        .order_by("-starts_on")
        .first()
    )
    weeks = enrollment.episode.program.typical_length_weeks if enrollment else 10
    days = (enrollment.days_per_week if enrollment else 3) * weeks
    code = (coverage.payer.per_diem_code if coverage else "") or "H0015"
    fees = FeeScheduleEntry.objects.filter(
        code=code, starts_on__lte=clock.now().date(), payer__organization_id=client.organization_id
    )
    if coverage is not None:
        fees = fees.filter(payer=coverage.payer)
    fee = (
        fees.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=clock.now().date()))
        .order_by("-starts_on")
        .first()
    )
    return days, fee.rate if fee else Decimal(0), code


@requires(Capability.MANAGE_BILLING)
def estimate_view(request: HttpRequest, pk: Any) -> HttpResponse:
    client = _client(request, pk)
    audit.record(
        actor=request.user, action=audit.Action.VIEW, client_id=client.pk, obj=client, detail="cost estimate"
    )
    coverage = (
        Coverage.objects.filter(client=client, order=1).select_related("payer").order_by("-starts_on").first()
    )
    days, rate, code = _course(client, coverage)
    sharing = CostSharing(
        deductible_remaining=coverage.deductible - coverage.deductible_met if coverage else Decimal(0),
        coinsurance_percent=coverage.coinsurance_percent if coverage else 0,
        copay_per_day=coverage.copay_per_day if coverage else Decimal(0),
        out_of_pocket_remaining=coverage.out_of_pocket_max - coverage.out_of_pocket_met
        if coverage and coverage.out_of_pocket_max
        else None,
        self_pay=coverage is None or coverage.payer.kind == "self_pay",
    )
    context = {
        "client": client,
        "coverage": coverage,
        "code": code,
        "estimate": estimate_course(rate=rate, days=days, sharing=sharing),
        "today": clock.today_in(client.site.timezone),
    }
    return render(request, "billing/estimate.html", context)


@requires(Capability.MANAGE_BILLING)
@require_recent_auth
def review_packet_view(request: HttpRequest, pk: Any) -> HttpResponse:
    """The packet for the payer, through the disclosure gate; a refusal is shown on the client's billing page
    and stays in the audit log."""
    visible = Authorization.objects.visible_to(request.user).select_related(
        "coverage__client__site", "coverage__payer"
    )
    authorization = get_object_or_404(visible, pk=pk)
    client = authorization.coverage.client
    with transaction.atomic():  # the Disclosure row stands only if the packet was made
        try:
            release = release_packet(authorization=authorization, user=request.user)
        except gate.DisclosureRefused as refused:
            messages.error(request, refused.message)
            return redirect("billing:client", pk=client.pk)
        document = render_packet_pdf(authorization=authorization, release=release)
        audit.record(
            actor=request.user,
            action=audit.Action.VIEW,
            client_id=client.pk,
            obj=authorization,
            detail="review packet",
        )
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="review-{client.chart_number}-{authorization.number}.pdf"'
    )
    return response


@requires(Capability.CERTIFY_IOP)
def certify_view(request: HttpRequest, pk: Any) -> HttpResponse:
    client = _client(request, pk)
    form = CertificationForm(request.POST or None)
    hours = form.data.get("certified_hours_per_week") or 9
    if request.method == "POST" and not reauth.is_recent(request):
        return reauth.ask_again(request)
    if request.method == "POST" and form.is_valid():
        try:
            services.sign_certification(client=client, signed_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, f"Medicare IOP certification signed for {client.display_name}.")
            return redirect("clients:chart", pk=client.pk)
    context = {"client": client, "form": form, "statement": CERTIFICATION_STATEMENT.format(hours=hours)}
    return render(request, "billing/certify.html", context)
