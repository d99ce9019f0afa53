"""A client's referrals: the list (from the chart), a new referral, and one referral's page with its history, its
next allowed actions, the send through the disclosure gate and the referral letter that travelled."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.clients.models import Client
from trellis.core import clock
from trellis.core.form_errors import attach_errors
from trellis.privacy import audit, gate, part2
from trellis.referrals import services, transitions
from trellis.referrals.choices import NeedDomain
from trellis.referrals.forms import FirstAppointmentForm, FollowUpForm, ReferralForm, SendForm, StateForm
from trellis.referrals.models import DischargeFollowUp, Referral

# A week: long enough for the service to answer, short enough that a referral nobody answers is chased.
FIRST_FOLLOW_UP_DAYS = 7


def _may_read(user: Any) -> bool:
    """Case managers and peer specialists work referrals; a biller's view of the client stops short of them."""
    return bool(user.can(Capability.CASE_MANAGEMENT) or user.can(Capability.PEER_SUPPORT))


def _reader(request: HttpRequest) -> None:
    if not _may_read(request.user):
        raise PermissionDenied("Your role does not allow working referrals.")


def _client_or_404(request: HttpRequest, pk: Any) -> Client:
    client: Client = get_object_or_404(Client.objects.visible_to(request.user).select_related("site"), pk=pk)
    return client


def _referral_or_404(request: HttpRequest, pk: Any) -> Referral:
    queryset = Referral.objects.visible_to(request.user).select_related(
        "client__site", "resource", "disclosure"
    )
    referral: Referral = get_object_or_404(queryset, pk=pk)
    return referral


@requires(Capability.VIEW_CLIENTS)
def client_referrals_view(request: HttpRequest, client_pk: Any) -> HttpResponse:
    _reader(request)
    client = _client_or_404(request, client_pk)
    audit.record(
        actor=request.user, action=audit.Action.VIEW, client_id=client.pk, obj=client, detail="referrals"
    )
    context = {
        "client": client,
        "referrals": list(Referral.objects.filter(client=client).select_related("resource", "created_by")),
        "follow_ups": list(
            DischargeFollowUp.objects.filter(client=client).select_related("episode__program")
        ),
        "follow_up_form": FollowUpForm(initial={"recorded_on": clock.today_in(client.site.timezone)}),
        "may_edit": request.user.can(Capability.CASE_MANAGEMENT),  # type: ignore[union-attr]
    }
    return render(request, "referrals/client_referrals.html", context)


def _new_page(request: HttpRequest, client: Client, form: ReferralForm, status: int) -> HttpResponse:
    return render(request, "referrals/referral_new.html", {"client": client, "form": form}, status=status)


@requires(Capability.CASE_MANAGEMENT)
def referral_new_view(request: HttpRequest, client_pk: Any) -> HttpResponse:
    client = _client_or_404(request, client_pk)
    week_ahead = clock.today_in(client.site.timezone) + dt.timedelta(days=FIRST_FOLLOW_UP_DAYS)
    initial: dict[str, Any] = {"follow_up_on": week_ahead}
    # "Refer" from a need on the case plan carries the need's domain (?need=housing).
    if request.GET.get("need") in NeedDomain.values:
        initial["domain"] = request.GET["need"]
    form = ReferralForm(request.POST or None, organization_id=client.organization_id, initial=initial)
    if request.method != "POST":
        return _new_page(request, client, form, 200)
    if form.is_valid():
        data = form.cleaned_data
        terms = services.ReferralTerms(
            resource=data["resource"],
            domain=data["domain"],
            reason=data["reason"],
            records=tuple(data["records"]),
            follow_up_on=data["follow_up_on"],
        )
        try:
            referral = services.draft_referral(actor=request.user, client=client, terms=terms)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return redirect("referrals:detail", pk=referral.pk)
    return _new_page(request, client, form, 400)


def _state_choices(referral: Referral) -> list[tuple[str, str]]:
    return [
        (str(state), transitions.LABELS[state])
        for state in referral.next_states()
        if state != transitions.State.SENT
    ]


def _detail(request: HttpRequest, referral: Referral, status: int = 200, **forms: Any) -> HttpResponse:
    recipient, purpose = services.recipient_of(referral.resource)
    context = {
        "client": referral.client,
        "referral": referral,
        "events": list(referral.events.select_related("by")),
        "records": part2.labels([part2.InfoKind.IDENTITY, *referral.records], part2.InfoKind),
        "recipient_kind": part2.RecipientKind(recipient.kind).label,
        "purpose": part2.Purpose(purpose).label,
        "may_edit": request.user.can(Capability.CASE_MANAGEMENT),  # type: ignore[union-attr]
        "may_send": referral.state == transitions.State.DRAFTED,
        "may_book": referral.state in ("sent", "received", "accepted"),
        "send_form": forms.get("send_form") or SendForm(),
        "state_form": forms.get("state_form") or StateForm(choices=_state_choices(referral)),
        "appointment_form": forms.get("appointment_form") or FirstAppointmentForm(),
        "refusal": forms.get("refusal", ""),
        "consent_url": reverse("consents:prepare", kwargs={"client_pk": referral.client_id}),
    }
    return render(request, "referrals/referral_detail.html", context, status=status)


@requires(Capability.VIEW_CLIENTS)
def referral_detail_view(request: HttpRequest, pk: Any) -> HttpResponse:
    _reader(request)
    referral = _referral_or_404(request, pk)
    audit.record(
        actor=request.user,
        action=audit.Action.VIEW,
        client_id=referral.client_id,
        obj=referral,
        detail="referral",
    )
    return _detail(request, referral)


@requires(Capability.CASE_MANAGEMENT)
def referral_send_view(request: HttpRequest, pk: Any) -> HttpResponse:
    referral = _referral_or_404(request, pk)
    if request.method != "POST":
        return redirect("referrals:detail", pk=referral.pk)
    form = SendForm(request.POST)
    form.is_valid()
    try:
        services.send_referral(actor=request.user, referral=referral, note=form.cleaned_data.get("note", ""))
    except gate.DisclosureRefused as refused:
        return _detail(request, referral, 403, send_form=form, refusal=refused.message)
    except ValidationError as error:
        attach_errors(form, error)
        return _detail(request, referral, 400, send_form=form)
    return redirect("referrals:detail", pk=referral.pk)


@requires(Capability.CASE_MANAGEMENT)
def referral_state_view(request: HttpRequest, pk: Any) -> HttpResponse:
    referral = _referral_or_404(request, pk)
    if request.method != "POST":
        return redirect("referrals:detail", pk=referral.pk)
    form = StateForm(request.POST, choices=_state_choices(referral))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.change_referral_state(
                actor=request.user,
                referral=referral,
                to=data["state"],
                note=data["note"],
                follow_up_on=data["follow_up_on"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return redirect("referrals:detail", pk=referral.pk)
    referral.refresh_from_db()
    return _detail(request, referral, 400, state_form=form)


@requires(Capability.CASE_MANAGEMENT)
def referral_appointment_view(request: HttpRequest, pk: Any) -> HttpResponse:
    referral = _referral_or_404(request, pk)
    if request.method != "POST":
        return redirect("referrals:detail", pk=referral.pk)
    form = FirstAppointmentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_first_appointment(
                actor=request.user, referral=referral, on=data["first_appointment_on"], kept=data["kept"]
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return redirect("referrals:detail", pk=referral.pk)
    referral.refresh_from_db()
    return _detail(request, referral, 400, appointment_form=form)


@requires(Capability.CASE_MANAGEMENT)
def referral_letter_view(request: HttpRequest, pk: Any) -> HttpResponse:
    """What went to the resource: the referral, the records named, the 42 CFR 2.32 notice and consent scope."""
    referral = _referral_or_404(request, pk)
    if referral.disclosure is None:
        return redirect("referrals:detail", pk=referral.pk)
    audit.record(
        actor=request.user,
        action=audit.Action.VIEW,
        client_id=referral.client_id,
        obj=referral,
        detail="referral letter",
    )
    context = {
        "client": referral.client,
        "referral": referral,
        "records": part2.labels(referral.disclosure.information, part2.InfoKind),
        "notice": referral.disclosure.notice,
    }
    return render(request, "referrals/referral_letter.html", context)


@requires(Capability.CASE_MANAGEMENT)
def follow_up_view(request: HttpRequest, pk: Any) -> HttpResponse:
    follow_up = get_object_or_404(
        DischargeFollowUp.objects.visible_to(request.user).select_related("client"), pk=pk
    )
    if request.method != "POST":
        return redirect("referrals:client", client_pk=follow_up.client_id)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.record_discharge_follow_up(
                actor=request.user,
                follow_up=follow_up,
                outcome=form.cleaned_data["outcome"],
                on=form.cleaned_data["recorded_on"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return redirect("referrals:client", client_pk=follow_up.client_id)
    return render(
        request,
        "referrals/follow_up_refused.html",
        {"client": follow_up.client, "follow_up": follow_up, "form": form},
        status=400,
    )
