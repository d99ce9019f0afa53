"""The biller's pages: the queue of held charges, captures and rechecks, claims, payers and fees, reports."""

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.billing import (
    claim_batches,
    claim_corrections,
    recheck,
    reports,
    secondary_claims,
    selectors,
    services,
    tasks,
)
from trellis.billing.claims import held_words
from trellis.billing.forms import (
    CaptureForm,
    ClaimPeriodForm,
    DecisionForm,
    FeeForm,
    ReleaseForm,
    RemittanceForm,
    attach_errors,
)
from trellis.billing.models import Charge, Claim, FeeScheduleEntry, Payer, PayerRuleSet, Remittance
from trellis.billing.remittance import ImportResult, import_remittance
from trellis.core import clock
from trellis.privacy import audit

REPORT_WEEKS = 8
SKIPPED_LISTED = 20  # skipped claim lines named in the message after an upload; the command names all


def _today(request: HttpRequest) -> dt.date:
    return clock.now().date()


@requires(Capability.MANAGE_BILLING)
def queue_view(request: HttpRequest) -> HttpResponse:
    groups = selectors.list_hold_groups(user=request.user)
    shown = [charge.client_id for group in groups for charge in group.charges]
    audit.record_views(actor=request.user, client_ids=shown, detail="billing queue")
    today = _today(request)
    context = {
        "groups": groups,
        "summary": selectors.get_queue_summary(user=request.user),
        "capture_form": CaptureForm(initial={"first": today - dt.timedelta(days=14), "last": today}),
        "release_form": ReleaseForm(),
    }
    return render(request, "billing/queue.html", context)


@require_POST
@requires(Capability.MANAGE_BILLING)
def recheck_view(request: HttpRequest) -> HttpResponse:
    """Re-decide the held charges this user may see: notes signed or authorizations added since release them."""
    held = list(Charge.objects.visible_to(request.user).filter(status="held").values_list("pk", flat=True))
    counts = recheck.recheck_charges(actor=request.user, charge_ids=held)
    (messages.warning if counts.held_again else messages.success)(request, counts.words())
    return redirect("billing:queue")


def _charge(request: HttpRequest, pk: Any) -> Charge:
    charge: Charge = get_object_or_404(Charge.objects.visible_to(request.user), pk=pk)
    return charge


@require_POST
@requires(Capability.MANAGE_BILLING)
def recheck_charge_view(request: HttpRequest, pk: Any) -> HttpResponse:
    charge = _charge(request, pk)
    counts = recheck.recheck_charges(actor=request.user, charge_ids=[charge.pk])
    charge.refresh_from_db()
    if charge.status == "released":
        messages.success(request, f"{charge.code} of {charge.service_date:%b %d} is released.")
    else:
        messages.warning(
            request,
            f"{charge.code} of {charge.service_date:%b %d} is still held: {', '.join(charge.hold_labels).lower()}.",
        )
    if counts.held_again:
        messages.warning(request, counts.words())
    return redirect("billing:queue")


@require_POST
@requires(Capability.MANAGE_BILLING)
def release_charge_view(request: HttpRequest, pk: Any) -> HttpResponse:
    charge = _charge(request, pk)
    form = ReleaseForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.release_charge(charge=charge, released_by=request.user, note=note)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{charge.code} of {charge.service_date:%b %d} released by hand.")
    return redirect("billing:queue")


@require_POST
@requires(Capability.MANAGE_BILLING)
def capture_view(request: HttpRequest) -> HttpResponse:
    form = CaptureForm(request.POST)
    if not form.is_valid():
        problems = [
            f"{form[name].label}: {' '.join(map(str, errors))}" for name, errors in form.errors.items()
        ]
        messages.error(request, " ".join(problems) or "Give a date range to capture.")
        return redirect("billing:queue")
    first, last = form.cleaned_data["first"], form.cleaned_data["last"]
    if _organization_id(request) is None:
        messages.error(
            request, "Your account belongs to no organization, so there are no charges to capture."
        )
        return redirect("billing:queue")
    tasks.capture_charges_task(
        first.isoformat(), last.isoformat(), organization_id=str(_organization_id(request))
    )
    messages.success(
        request, f"Charge capture for {first:%b %d}-{last:%b %d} is queued; the queue fills as it runs."
    )
    return redirect("billing:queue")


@requires(Capability.MANAGE_BILLING)
def reports_view(request: HttpRequest) -> HttpResponse:
    today = _today(request)
    first = clock.week_start(today) - dt.timedelta(weeks=REPORT_WEEKS - 1)
    at_risk = selectors.list_authorizations_at_risk(user=request.user, today=today)
    audit.record_views(
        actor=request.user,
        client_ids=[line.authorization.coverage.client_id for line in at_risk],
        detail="billing reports",
    )
    context = {
        "weeks": reports.charges_by_payer_program_week(user=request.user, first=first, last=today),
        "first": first,
        "at_risk": at_risk,
        "held": reports.held_by_reason(user=request.user),
        "denials": reports.denials_by_reason(user=request.user),
    }
    return render(request, "billing/reports.html", context)


def _last_month(today: dt.date) -> tuple[dt.date, dt.date]:
    last = today.replace(day=1) - dt.timedelta(days=1)
    return last.replace(day=1), last


def _period_form(request: HttpRequest, data: Any) -> ClaimPeriodForm:
    return ClaimPeriodForm(data, organization_id=_organization_id(request))


@requires(Capability.MANAGE_BILLING)
def claims_view(request: HttpRequest) -> HttpResponse:
    """Claims: build a period's batch, review it, export it through the gate, download the files."""
    claims = list(
        Claim.objects.visible_to(request.user)
        .select_related("client", "payer", "export", "replaces")
        .annotate(corrected=Exists(Claim.objects.filter(replaces=OuterRef("pk"))))
        .order_by("-created_at")[:200]
    )
    first, last = _last_month(_today(request))
    period_form = _period_form(request, request.GET if "first" in request.GET else None)
    if not period_form.is_bound:
        period_form.initial = {"first": first, "last": last}
    batch = None
    if period_form.is_bound and period_form.is_valid():
        batch = claim_batches.get_batch(user=request.user, **period_form.cleaned_data)
    shown = [c.client_id for c in claims]
    if batch is not None:
        shown += [c.client_id for c in batch.claims] + [c.client_id for c in batch.held]
    audit.record_views(actor=request.user, client_ids=shown, detail="claims list")
    remittances = Remittance.objects.filter(organization_id=_organization_id(request)).select_related(
        "imported_by"
    )[:5]
    context = {
        "claims": claims,
        "correctable": {c.pk for c in claims if claim_corrections.is_correctable(c)},
        "batch": batch,
        "period_form": period_form,
        "files": claim_batches.list_claim_files(user=request.user),
        "decision_form": DecisionForm(),
        "remittance_form": RemittanceForm(),
        "remittances": list(remittances),
    }
    return render(request, "billing/claims.html", context)


def _back_to_batch(form: ClaimPeriodForm) -> HttpResponse:
    data = form.cleaned_data
    query = {"first": data["first"].isoformat(), "last": data["last"].isoformat()}
    if data.get("payer") is not None:
        query["payer"] = str(data["payer"].pk)
    return redirect(f"{reverse('billing:claims')}?{urlencode(query)}#batch")


def _bad_period(request: HttpRequest, form: ClaimPeriodForm) -> HttpResponse:
    problems = [f"{form[name].label}: {' '.join(map(str, errors))}" for name, errors in form.errors.items()]
    messages.error(request, " ".join(problems) or "Choose the service dates of the batch.")
    return redirect("billing:claims")


@require_POST
@requires(Capability.MANAGE_BILLING)
def build_batch_view(request: HttpRequest) -> HttpResponse:
    form = _period_form(request, request.POST)
    if not form.is_valid():
        return _bad_period(request, form)
    first, last = form.cleaned_data["first"], form.cleaned_data["last"]
    drafted = claim_batches.build_batch(user=request.user, first=first, last=last)
    messages.success(
        request,
        f"{len(drafted)} claim{'s' * (len(drafted) != 1)} drafted from released charges of "
        f"{first:%b %d, %Y} to {last:%b %d, %Y}."
        if drafted
        else "No released charges left to draft: the batch is as it was.",
    )
    return _back_to_batch(form)


@require_POST
@requires(Capability.MANAGE_BILLING)
def prepare_secondary_claims_view(request: HttpRequest) -> HttpResponse:
    """Draft secondary claims for the period's paid primary claims (the service audits each one)."""
    form = _period_form(request, request.POST)
    if not form.is_valid():
        return _bad_period(request, form)
    first, last = form.cleaned_data["first"], form.cleaned_data["last"]
    result = secondary_claims.prepare_secondary_claims(first=first, last=last, actor=request.user)
    made = len(result.made)
    messages.success(
        request,
        f"{made} secondary claim{'s' * (made != 1)} drafted for claims the primary payer has paid, "
        f"{first:%b %d, %Y} to {last:%b %d, %Y}."
        if made
        else "No paid primary claim of these dates has a secondary coverage with something left to bill.",
    )
    if result.unbalanced:
        messages.warning(
            request,
            f"{result.unbalanced} paid claim{'s' * (result.unbalanced != 1)} left without a secondary claim: the "
            "primary's remittance does not add up to what was billed. Check it under Remittances.",
        )
    return _back_to_batch(form)


@require_POST
@requires(Capability.MANAGE_BILLING)
def export_batch_view(request: HttpRequest) -> HttpResponse:
    form = _period_form(request, request.POST)
    if not form.is_valid():
        return _bad_period(request, form)
    outcome = claim_batches.export_batch(
        user=request.user, first=form.cleaned_data["first"], last=form.cleaned_data["last"]
    )
    for refused in outcome.refused:
        messages.error(request, f"Not sent (42 CFR Part 2), held in the queue: {refused}")
    if outcome.problem:
        messages.error(request, outcome.problem)
    else:
        names = ", ".join(f.export.file_name for f in outcome.files)
        messages.success(
            request,
            f"Exported {len(outcome.files)} file{'s' * (len(outcome.files) != 1)} ({names}); download each "
            "with its 42 CFR Part 2 notice below.",
        )
        if outcome.held:
            messages.warning(request, held_words(outcome.held))
    return _back_to_batch(form)


def _download(request: HttpRequest, pk: Any, *, notice: bool) -> HttpResponse:
    claim_file = claim_batches.get_claim_file(user=request.user, pk=pk)
    if claim_file is None:
        raise Http404("No such claim file.")
    name = claim_file.notice_file_name if notice else claim_file.export.file_name
    claim_batches.record_download(
        user=request.user, claim_file=claim_file, what="42 CFR Part 2 notice" if notice else "837 claim file"
    )
    text = claim_file.notice_text if notice else claim_file.x12_text
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@requires(Capability.MANAGE_BILLING)
def download_claim_file_view(request: HttpRequest, pk: Any) -> HttpResponse:
    """The 837 as exported; its name says payer id, claim type, period and control number, never a client."""
    return _download(request, pk, notice=False)


@requires(Capability.MANAGE_BILLING)
def download_claim_notice_view(request: HttpRequest, pk: Any) -> HttpResponse:
    return _download(request, pk, notice=True)


@require_POST
@requires(Capability.MANAGE_BILLING)
def import_remittance_view(request: HttpRequest) -> HttpResponse:
    form = RemittanceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(str(m) for ms in form.errors.values() for m in ms))
        return redirect("billing:claims")
    try:
        result = import_remittance(text=form.cleaned_data["file"], imported_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _import_message(result))
    return redirect("billing:claims")


def _import_message(result: ImportResult) -> str:
    payments = ", ".join(remittance.trace_number for remittance in result.remittances)
    message = (
        f"Remittance {payments} imported: {len(result.paid)} claims paid, {len(result.denied)} denied, "
        f"{len(result.skipped)} skipped."
    )
    if result.already_imported:
        message += f" Payment {', '.join(result.already_imported)} was imported before: not applied again."
    if result.not_recorded:
        message += (
            f" Payment {', '.join(result.not_recorded)} answers none of your claims: not recorded, "
            "so its own biller can still import it."
        )
    listed = [f"{line.control_number}: {line.reason.rstrip('.')}" for line in result.skipped[:SKIPPED_LISTED]]
    if (more := len(result.skipped) - SKIPPED_LISTED) > 0:
        listed.append(f"and {more} more (manage.py import_remittance lists them all)")
    return f"{message} Skipped: {'; '.join(listed)}." if listed else message


@require_POST
@requires(Capability.MANAGE_BILLING)
def decide_claim_view(request: HttpRequest, pk: Any) -> HttpResponse:
    claim = get_object_or_404(Claim.objects.visible_to(request.user), pk=pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.record_claim_decision(claim=claim, decided_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Claim {claim.control_number} recorded.")
    return redirect("billing:claims")


def _organization_id(request: HttpRequest) -> Any:
    return getattr(request.user, "organization_id", None)


def _payers(request: HttpRequest) -> list[Payer]:
    fees = Prefetch("fees", queryset=FeeScheduleEntry.objects.order_by("code", "-starts_on"))
    rules = Prefetch("rule_sets", queryset=PayerRuleSet.objects.order_by("-starts_on"))
    return list(Payer.objects.filter(organization_id=_organization_id(request)).prefetch_related(fees, rules))


@requires(Capability.MANAGE_BILLING)
def payers_view(request: HttpRequest) -> HttpResponse:
    return render(request, "billing/payers.html", {"payers": _payers(request), "fee_form": FeeForm()})


@requires(Capability.MANAGE_BILLING)
def add_fee_view(request: HttpRequest, pk: Any) -> HttpResponse:
    payer = get_object_or_404(Payer, pk=pk, organization_id=_organization_id(request))
    form = FeeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_fee(payer=payer, added_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['code'].upper()} fee added for {payer.name}.")
            return redirect("billing:payers")
    return render(
        request,
        "billing/form.html",
        {"form": form, "title": f"Add a fee for {payer.name}", "back": "billing:payers"},
    )
