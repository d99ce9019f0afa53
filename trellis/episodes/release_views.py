"""The discharge summary released to someone other than the client, and the aftercare referral sent to the next
provider: both through the disclosure gate, as PDFs whose first page is the notice and the consent."""

from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from trellis.accounts.access import requires
from trellis.accounts.reauth import require_recent_auth_to_post
from trellis.accounts.roles import Capability
from trellis.episodes.discharge_pdf import DISCHARGE_INFORMATION, render_discharge_pdf
from trellis.episodes.discharge_views import discharged_episode, plan_of
from trellis.episodes.models import AftercarePlan, Episode
from trellis.privacy import audit, gate, part2
from trellis.privacy.part2 import Purpose, RecipientKind
from trellis.privacy.paths import AFTERCARE_REFERRAL, DISCHARGE_PDF
from trellis.privacy.release import ReleaseForm, release_document


class ReferralForm(forms.Form):
    """Which referral of the aftercare plan, and the provider's name as the client's consent names them."""

    referral = forms.ChoiceField(label="Referral")
    provider = forms.CharField(
        label="Provider receiving the referral",
        max_length=160,
        help_text="The treating provider's name, as the client's consent names them (a TPO consent covers any "
        "treating provider).",
    )

    def __init__(self, *args: Any, plan: AftercarePlan | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lines = plan.referral_lines() if plan is not None else []
        referral = self.fields["referral"]
        assert isinstance(referral, forms.ChoiceField)
        referral.choices = [(line, line) for line in lines]


def _pdf(document: bytes, name: str) -> HttpResponse:
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


def _page(request: HttpRequest, episode: Episode, form: forms.Form, **extra: Any) -> HttpResponse:
    status = extra.pop("status", 200)
    context = {
        "client": episode.client,
        "back_url": reverse("episodes:discharge_summary", kwargs={"pk": episode.pk}),
        "back_label": "Discharge summary",
        "form": form,
        "information": part2.labels(list(DISCHARGE_INFORMATION)),
        "refusal": "",
        **extra,
    }
    return render(request, "privacy/release.html", context, status=status)


def _release_page(request: HttpRequest, episode: Episode, form: forms.Form, **extra: Any) -> HttpResponse:
    return _page(
        request,
        episode,
        form,
        heading="Release the discharge summary",
        explanation="Send the discharge summary as a PDF to someone other than the client, with the client's "
        "consent.",
        form_heading="Recipient and purpose",
        button="Release the discharge summary PDF",
        own_copy_url=reverse("episodes:discharge_pdf", kwargs={"pk": episode.pk}),
        **extra,
    )


@requires(Capability.MANAGE_ENROLLMENT)
@require_recent_auth_to_post
def discharge_release_view(request: HttpRequest, pk: Any) -> HttpResponse:
    episode = discharged_episode(request, pk)
    client = episode.client
    form = ReleaseForm(request.POST or None, client=client)
    if request.method != "POST":
        audit.record(
            actor=request.user,
            action=audit.Action.VIEW,
            client_id=client.pk,
            obj=episode,
            detail="discharge release",
        )
        return _release_page(request, episode, form)
    if not form.is_valid():
        return _release_page(request, episode, form, status=422)
    plan = plan_of(episode)
    try:
        document = release_document(
            path=DISCHARGE_PDF,
            client=client,
            recipient=form.cleaned_data["to"],
            purpose=form.cleaned_data["purpose"],
            information=DISCHARGE_INFORMATION,
            description="Discharge summary PDF",
            actor=request.user,
            obj=episode,
            render=lambda cover: render_discharge_pdf(episode=episode, plan=plan, cover=cover),
        )
    except gate.DisclosureRefused as refused:
        return _release_page(request, episode, form, refusal=refused.message, status=403)
    return _pdf(document, f"discharge-{client.chart_number}-released.pdf")


def _referral_page(request: HttpRequest, episode: Episode, form: forms.Form, **extra: Any) -> HttpResponse:
    return _page(
        request,
        episode,
        form,
        heading="Send an aftercare referral",
        explanation="The referral and the discharge summary as a PDF for the next treating provider, for "
        "treatment, with the client's consent.",
        form_heading="Referral",
        button="Send the referral PDF",
        own_copy_url="",
        **extra,
    )


@requires(Capability.MANAGE_ENROLLMENT)
@require_recent_auth_to_post
def referral_view(request: HttpRequest, pk: Any) -> HttpResponse:
    episode = discharged_episode(request, pk)
    plan = plan_of(episode)
    if plan is None or not plan.referral_lines():
        raise Http404("This discharge has no aftercare referral.")
    client = episode.client
    form = ReferralForm(request.POST or None, plan=plan)
    if request.method != "POST":
        audit.record(
            actor=request.user,
            action=audit.Action.VIEW,
            client_id=client.pk,
            obj=plan,
            detail="aftercare referral",
        )
        return _referral_page(request, episode, form)
    if not form.is_valid():
        return _referral_page(request, episode, form, status=422)
    line = form.cleaned_data["referral"]
    provider = " ".join(form.cleaned_data["provider"].split())
    try:
        document = release_document(
            path=AFTERCARE_REFERRAL,
            client=client,
            recipient=gate.Recipient(RecipientKind.PROVIDER, provider),
            purpose=Purpose.TREATMENT,
            information=DISCHARGE_INFORMATION,
            description="Aftercare referral with discharge summary PDF",
            actor=request.user,
            obj=plan,
            render=lambda cover: render_discharge_pdf(episode=episode, plan=plan, cover=cover, referral=line),
        )
    except gate.DisclosureRefused as refused:
        return _referral_page(request, episode, form, refusal=refused.message, status=403)
    return _pdf(document, f"referral-{client.chart_number}.pdf")
