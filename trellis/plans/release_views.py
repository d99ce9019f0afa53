"""Releasing the treatment plan PDF to someone other than the client, through the disclosure gate."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from trellis.accounts.access import requires
from trellis.accounts.reauth import require_recent_auth_to_post
from trellis.accounts.roles import Capability
from trellis.plans import pdf
from trellis.plans.models import TreatmentPlan
from trellis.plans.views import plan_or_404
from trellis.privacy import audit, gate, part2
from trellis.privacy.paths import PLAN_PDF
from trellis.privacy.release import ReleaseForm, release_document


def _page(
    request: HttpRequest, plan: TreatmentPlan, form: ReleaseForm, *, refusal: str = "", status: int = 200
) -> HttpResponse:
    context = {
        "client": plan.episode.client,
        "heading": f"Release treatment plan v{plan.version}",
        "explanation": "Send the plan as a PDF to someone other than the client: another provider, a family "
        "member, a court, with the client's consent.",
        "back_url": reverse("plans:plan", kwargs={"pk": plan.pk}),
        "back_label": f"Treatment plan v{plan.version}",
        "form_heading": "Recipient and purpose",
        "form": form,
        "button": "Release the plan PDF",
        "information": part2.labels(list(pdf.PLAN_INFORMATION)),
        "own_copy_url": reverse("plans:pdf", kwargs={"pk": plan.pk}),
        "refusal": refusal,
    }
    return render(request, "privacy/release.html", context, status=status)


@requires(Capability.VIEW_CLINICAL)
@require_recent_auth_to_post
def plan_release_view(request: HttpRequest, pk: Any) -> HttpResponse:
    plan = plan_or_404(request, pk)
    client = plan.episode.client
    form = ReleaseForm(request.POST or None, client=client)
    if request.method != "POST":
        audit.record(
            actor=request.user, action=audit.Action.VIEW, client_id=client.pk, obj=plan, detail="plan release"
        )
        return _page(request, plan, form)
    if not form.is_valid():
        return _page(request, plan, form, status=422)
    recipient: gate.Recipient = form.cleaned_data["to"]
    try:
        document = release_document(
            path=PLAN_PDF,
            client=client,
            recipient=recipient,
            purpose=form.cleaned_data["purpose"],
            information=pdf.PLAN_INFORMATION,
            description=f"Treatment plan v{plan.version} PDF",
            actor=request.user,
            obj=plan,
            render=lambda cover: pdf.render_plan_pdf(plan=plan, cover=cover),
        )
    except gate.DisclosureRefused as refused:
        return _page(request, plan, form, refusal=refused.message, status=403)
    response = HttpResponse(document, content_type="application/pdf")
    filename = f"treatment-plan-{client.chart_number}-v{plan.version}-released.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
