"""The client's plan and consents in the portal: read them, sign them, revoke a consent.

Every page starts from the signed-in client (sessions.portal_view), so another client's object is 404;
a refused signature keeps what was typed, answers 400 and writes nothing.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from trellis.core.form_errors import attach_errors
from trellis.portal import selectors, services, sessions, signing
from trellis.portal.models import PortalAccount
from trellis.privacy import consent_pdf
from trellis.privacy.consents import ConsentInvalid

REVOKE_WORDS = (
    "From the moment you revoke it, your program stops sharing your records under this consent. Anything "
    "already shared before then cannot be taken back. If this consent let us bill your insurance or "
    "coordinate your care, your care team may ask you about another way to do that."
)


class PlanSignForm(forms.Form):
    typed_name = forms.CharField(label="Type your full name", max_length=160)
    attested = forms.BooleanField(label="I have read this plan and agree to it", required=False)
    edits = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ConsentSignForm(forms.Form):
    typed_name = forms.CharField(label="Type your full name to sign", max_length=160)
    agreed = forms.BooleanField(label="I have read this consent and agree to it")


def _context(account: PortalAccount, **extra: Any) -> dict[str, Any]:
    client = account.client
    return {
        "client": client,
        "signed_in": True,
        "program_phone": selectors.program_phone(client=client),
        **extra,
    }


def _device(request: HttpRequest) -> str:
    return request.META.get("HTTP_USER_AGENT", "")[:200] or "unknown device"


@sessions.in_care_view
def plan_view(request: HttpRequest, account: PortalAccount) -> HttpResponse:
    client = account.client
    found = signing.get_plan(client=client)
    form = None
    if found is not None and found.awaits_client:
        form = PlanSignForm(request.POST or None, initial={"edits": found.plan.edits})
        if request.method == "POST" and form.is_valid():
            try:
                signing.sign_plan(
                    client=client,
                    plan=found.plan,
                    typed_name=form.cleaned_data["typed_name"],
                    attested=form.cleaned_data["attested"],
                    edits=form.cleaned_data["edits"],
                )
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, "Thank you. You signed your treatment plan.")
                return redirect("portal:plan")
    services.record_portal_view(account=account, page="treatment plan")
    refused = request.method == "POST" and (form is None or bool(form.errors))
    context = _context(account, found=found, form=form)
    return render(request, "portal/plan.html", context, status=400 if refused else 200)


@sessions.portal_view
def consents_view(request: HttpRequest, account: PortalAccount) -> HttpResponse:
    groups = signing.list_consents(client=account.client)
    services.record_portal_view(account=account, page="consents")
    return render(request, "portal/consents.html", _context(account, groups=groups))


@sessions.portal_view
def consent_sign_view(request: HttpRequest, account: PortalAccount, pk: Any) -> HttpResponse:
    consent = signing.get_consent(client=account.client, pk=pk)
    if consent.signed_at is not None:
        return redirect("portal:consents")
    form = ConsentSignForm(request.POST or None)
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            signing.sign_consent(
                client=account.client,
                consent=consent,
                typed_name=form.cleaned_data["typed_name"],
                device=_device(request),
            )
        except ConsentInvalid as error:
            problem = str(error)
        else:
            messages.success(request, "Thank you. You signed the consent; it is in force now.")
            return redirect("portal:consents")
    services.record_portal_view(account=account, page="consent to sign")
    context = _context(account, **consent_pdf.consent_context(consent), form=form, problem=problem)
    status = 400 if form.errors or problem else 200
    return render(request, "portal/consent_sign.html", context, status=status)


@sessions.portal_view
def consent_revoke_view(request: HttpRequest, account: PortalAccount, pk: Any) -> HttpResponse:
    consent = signing.get_consent(client=account.client, pk=pk)
    problem = ""
    if request.method == "POST":
        try:
            signing.revoke_consent(consent=consent)
        except ConsentInvalid as error:
            problem = str(error)
        else:
            messages.success(request, "You revoked the consent. Nothing more will be shared under it.")
            return redirect("portal:consents")
    services.record_portal_view(account=account, page="consent to revoke")
    context = _context(
        account,
        **consent_pdf.consent_context(consent),
        problem=problem,
        consequences=REVOKE_WORDS,
    )
    return render(request, "portal/consent_revoke.html", context, status=400 if problem else 200)
