"""Consent pages: staff prepare a consent, the client signs it on a tablet, staff revoke it or print the copy.

Every page starts from the consents of clients the user may see in their own organization; another
organization's consent is not found. Writes go through `privacy.consents`, which audits them.
"""

import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.clients.models import Client
from trellis.privacy import audit, consent_forms, consent_pdf, consents, part2
from trellis.privacy.consent_models import Consent
from trellis.privacy.consent_selectors import consents_visible_to
from trellis.privacy.consents import ConsentInvalid


def _consent_or_404(request: HttpRequest, pk: Any) -> Consent:
    queryset = consents_visible_to(request.user).select_related(
        "client__site", "client__organization", "prepared_by", "witnessed_by", "revoked_by"
    )
    consent: Consent = get_object_or_404(queryset, pk=pk)
    return consent


def _viewed(request: HttpRequest, consent: Consent, detail: str) -> None:
    audit.record(
        actor=request.user, action=audit.Action.VIEW, client_id=consent.client_id, obj=consent, detail=detail
    )


def _client_or_404(request: HttpRequest, pk: Any) -> Client:
    queryset = Client.objects.visible_to(request.user).select_related("site", "organization")
    client: Client = get_object_or_404(queryset, pk=pk)
    return client


def _preset(key: str | None) -> str:
    return key if key in consent_forms.PRESETS else "tpo"


def _recipient_from_contact(client: Client, contact_pk: str | None) -> dict[str, str]:
    """A family-session page links here naming one of the client's contacts: the consent names that person."""
    try:
        contact = client.contacts.filter(pk=uuid.UUID(contact_pk or "")).first()
    except ValueError:
        return {}
    if contact is None:
        return {}
    return {"recipient_name": contact.name, "recipient_detail": contact.relationship}


@requires(Capability.MANAGE_CONSENTS)
def prepare_view(request: HttpRequest, client_pk: Any) -> HttpResponse:
    """Every element of 2.31, prefilled from a preset; a refused consent writes nothing and says why."""
    client = _client_or_404(request, client_pk)
    organization_name = client.organization.name
    # A preset button posts the typed terms along (no JavaScript needed), so switching loses nothing.
    switch_to = request.POST.get("switch_to")
    preset = _preset(switch_to or request.POST.get("preset") or request.GET.get("preset"))
    if switch_to is not None:
        form = consent_forms.ConsentForm.switched(
            request.POST, to=preset, organization_name=organization_name
        )
    else:
        initial = consent_forms.initial_for(preset, organization_name=organization_name)
        initial.update(_recipient_from_contact(client, request.GET.get("contact")))
        form = consent_forms.ConsentForm(request.POST or None, initial=initial)
    problem = ""
    if request.method == "POST" and switch_to is None and form.is_valid():
        try:
            consent = consents.prepare(client=client, terms=form.terms(), actor=request.user)
        except ConsentInvalid as error:
            problem = str(error)
        else:
            messages.success(request, "Consent prepared. Hand the tablet to the client to read and sign it.")
            return redirect("consents:detail", pk=consent.pk)
    audit.record(
        actor=request.user,
        action=audit.Action.VIEW,
        client_id=client.pk,
        obj=client,
        detail="prepare a consent",
    )
    context = {
        "client": client,
        "form": form,
        "problem": problem,
        "presets": consent_forms.PRESETS,
        "preset": preset,
        "preset_label": consent_forms.PRESETS[preset].label,
        "switched": switch_to is not None,
        "right_to_revoke": part2.RIGHT_TO_REVOKE,
        "redisclosure": part2.REDISCLOSURE,
    }
    return render(
        request, "privacy/consent_form.html", context, status=400 if form.errors or problem else 200
    )


@requires(Capability.VIEW_CLIENTS)
def detail_view(request: HttpRequest, pk: Any) -> HttpResponse:
    consent = _consent_or_404(request, pk)
    _viewed(request, consent, "consent")
    context = consent_pdf.consent_context(consent)
    context["can_manage"] = request.user.can(Capability.MANAGE_CONSENTS)  # type: ignore[union-attr]
    context["event_form"] = consent_forms.ExpiryEventForm()
    return render(request, "privacy/consent_detail.html", context)


def _device(request: HttpRequest) -> str:
    """The signing device as the browser names itself; read on the server, never from the form."""
    return request.META.get("HTTP_USER_AGENT", "")[:200] or "unknown device"


@requires(Capability.MANAGE_CONSENTS)
def sign_view(request: HttpRequest, pk: Any) -> HttpResponse:
    """The page the client reads and signs on the tablet: the whole consent in plain words, then the signature."""
    consent = _consent_or_404(request, pk)
    if consent.signed_at is not None:
        messages.info(request, "This consent is already signed.")
        return redirect("consents:detail", pk=consent.pk)
    client = consent.client
    initial = {"signer_name": f"{client.legal_first_name} {client.legal_last_name}"}
    form = consent_forms.SignForm(request.POST or None, initial=initial)
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            consents.sign(
                consent=consent,
                signer_name=form.cleaned_data["signer_name"],
                signer_role=form.cleaned_data["signer_role"],
                method=form.cleaned_data["method"],
                signature=form.signature,
                device=_device(request),
                actor=request.user,
            )
        except ConsentInvalid as error:
            problem = str(error)
        else:
            return redirect("consents:signed", pk=consent.pk)
    _viewed(request, consent, "consent to sign")
    context = {**consent_pdf.consent_context(consent), "form": form, "problem": problem}
    return render(request, "privacy/consent_sign.html", context)


@requires(Capability.MANAGE_CONSENTS)
def signed_view(request: HttpRequest, pk: Any) -> HttpResponse:
    """Shown to the client when they have signed: nothing more of the record, and a word to hand the tablet back."""
    consent = _consent_or_404(request, pk)
    if consent.signed_at is None:
        return redirect("consents:sign", pk=consent.pk)
    _viewed(request, consent, "consent signed")
    return render(request, "privacy/consent_signed.html", {"consent": consent, "client": consent.client})


@requires(Capability.MANAGE_CONSENTS)
def revoke_view(request: HttpRequest, pk: Any) -> HttpResponse:
    """Revocation, confirmed on its own page; it takes effect at once for every later disclosure."""
    consent = _consent_or_404(request, pk)
    form = consent_forms.RevokeForm(request.POST or None)
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            consents.revoke(
                consent=consent,
                method=form.cleaned_data["method"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ConsentInvalid as error:
            problem = str(error)
        else:
            messages.success(request, "Consent revoked. No record will be released under it from now on.")
            return redirect("consents:detail", pk=consent.pk)
    _viewed(request, consent, "consent to revoke")
    context = {**consent_pdf.consent_context(consent), "form": form, "problem": problem}
    return render(request, "privacy/consent_revoke.html", context)


@require_POST
@requires(Capability.MANAGE_CONSENTS)
def expiry_event_view(request: HttpRequest, pk: Any) -> HttpResponse:
    consent = _consent_or_404(request, pk)
    form = consent_forms.ExpiryEventForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the day the event happened.")
        return redirect("consents:detail", pk=consent.pk)
    try:
        consents.record_expiry_event(
            consent=consent, occurred_on=form.cleaned_data["occurred_on"], actor=request.user
        )
    except ConsentInvalid as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Recorded: the consent ended on that day.")
    return redirect("consents:detail", pk=consent.pk)


@requires(Capability.MANAGE_CONSENTS)
def pdf_view(request: HttpRequest, pk: Any) -> HttpResponse:
    """The client's copy. Not a disclosure: the program prints its own record for the client it is about."""
    consent = _consent_or_404(request, pk)
    document = consent_pdf.render_consent_pdf(consent=consent)
    audit.record(
        actor=request.user,
        action=audit.Action.EXPORT,
        client_id=consent.client_id,
        obj=consent,
        detail="consent PDF, copy for the client",
    )
    response = HttpResponse(document, content_type="application/pdf")
    filename = f"consent-{consent.client.chart_number}-{consent.created_at:%Y%m%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@requires(Capability.VIEW_CLIENTS)
def patient_notice_view(request: HttpRequest, client_pk: Any) -> HttpResponse:
    """The written summary of the federal rules each client of a Part 2 program receives at admission (2.22)."""
    client = _client_or_404(request, client_pk)
    audit.record(
        actor=request.user, action=audit.Action.VIEW, client_id=client.pk, obj=client, detail="Part 2 notice"
    )
    context = {"client": client, "sections": part2.PATIENT_NOTICE, "organization": client.organization}
    return render(request, "privacy/patient_notice.html", context)
