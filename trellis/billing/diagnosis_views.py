"""Diagnoses kept from the client's face sheet: record one, choose the primary, resolve one.

The face sheet shows billing's panel (face_sheet_panel.py) and its forms post here; each answer goes back to
the face sheet, or, when a new diagnosis is refused, to a page that keeps what was typed beside the reason.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.billing import diagnoses
from trellis.billing.forms import FaceSheetDiagnosisForm, ResolveDiagnosisForm
from trellis.billing.models import Diagnosis
from trellis.clients.models import Client
from trellis.core.form_errors import attach_errors


def _client(request: HttpRequest, pk: Any) -> Client:
    client: Client = get_object_or_404(Client.objects.visible_to(request.user).select_related("site"), pk=pk)
    return client


def _diagnosis(request: HttpRequest, pk: Any) -> Diagnosis:
    visible = Client.objects.visible_to(request.user)
    diagnosis: Diagnosis = get_object_or_404(
        Diagnosis.objects.select_related("client__site"), pk=pk, client__in=visible
    )
    return diagnosis


def _first_error(error: ValidationError) -> str:
    return next(iter(error.message_dict.values()))[0]


@requires(Capability.VIEW_CLINICAL)
def record_diagnosis_view(request: HttpRequest, pk: Any) -> HttpResponse:
    client = _client(request, pk)
    form = FaceSheetDiagnosisForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            diagnoses.create_diagnosis(client=client, recorded_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['code'].strip().upper()} recorded.")
            return redirect("clients:face_sheet", pk=client.pk)
    context = {"client": client, "form": form, "title": "Record a diagnosis"}
    return render(request, "billing/diagnosis_form.html", context, status=400 if form.errors else 200)


@requires(Capability.VIEW_CLINICAL)
@require_POST
def make_primary_view(request: HttpRequest, pk: Any) -> HttpResponse:
    diagnosis = _diagnosis(request, pk)
    try:
        diagnoses.make_primary(diagnosis=diagnosis, changed_by=request.user)
    except ValidationError as error:
        messages.error(request, _first_error(error))
    else:
        messages.success(request, f"{diagnosis.code} is now the primary diagnosis.")
    return redirect("clients:face_sheet", pk=diagnosis.client_id)


@requires(Capability.VIEW_CLINICAL)
@require_POST
def resolve_view(request: HttpRequest, pk: Any) -> HttpResponse:
    diagnosis = _diagnosis(request, pk)
    form = ResolveDiagnosisForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"{diagnosis.code} was not resolved: enter the date it resolved.")
        return redirect("clients:face_sheet", pk=diagnosis.client_id)
    try:
        diagnoses.resolve_diagnosis(
            diagnosis=diagnosis, resolved_on=form.cleaned_data["resolved_on"], changed_by=request.user
        )
    except ValidationError as error:
        messages.error(request, f"{diagnosis.code} was not resolved: {_first_error(error)}")
    else:
        messages.success(request, f"{diagnosis.code} marked resolved.")
    return redirect("clients:face_sheet", pk=diagnosis.client_id)
