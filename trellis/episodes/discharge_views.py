"""Discharging a client with an aftercare plan, the discharge summary, and its PDF."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.core import clock
from trellis.episodes import discharge_steps
from trellis.episodes.discharge import discharge_with_aftercare
from trellis.episodes.discharge_forms import DischargeForm
from trellis.episodes.discharge_pdf import render_discharge_pdf
from trellis.episodes.models import AftercarePlan, Episode
from trellis.privacy import audit


def _episode(request: HttpRequest, pk: Any) -> Episode:
    visible = Episode.objects.visible_to(request.user).select_related(
        "client__site", "program", "primary_clinician"
    )
    episode: Episode = get_object_or_404(visible, pk=pk)
    return episode


def plan_of(episode: Episode) -> AftercarePlan | None:
    """Discharges recorded before aftercare plans existed have none."""
    return AftercarePlan.objects.filter(episode=episode).first()


def discharged_episode(request: HttpRequest, pk: Any) -> Episode:
    """A discharged episode the user may see; an open one has no discharge summary to give."""
    episode = _episode(request, pk)
    if episode.is_open:
        raise Http404("This episode is not discharged.")
    return episode


def _attach(form: DischargeForm, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@requires(Capability.MANAGE_ENROLLMENT)
def discharge_view(request: HttpRequest, pk: Any) -> HttpResponse:
    episode = _episode(request, pk)
    if not episode.is_open:
        return redirect("episodes:discharge_summary", pk=episode.pk)
    today = clock.today_in(episode.client.site.timezone)
    form = DischargeForm(request.POST or None, initial={"discharged_on": today}, episode=episode)
    if request.method == "POST" and form.is_valid():
        try:
            discharge_with_aftercare(
                episode=episode,
                discharged_on=form.cleaned_data["discharged_on"],
                reason=form.cleaned_data["discharge_reason"],
                summary=form.cleaned_data["summary"],
                aftercare=form.aftercare(),
                discharged_by=request.user,
                answers=form.answers(),
            )
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, f"{episode.client.display_name} is discharged.")
            return redirect("episodes:discharge_summary", pk=episode.pk)
    audit.record(
        actor=request.user,
        action=audit.Action.VIEW,
        client_id=episode.client_id,
        obj=episode,
        detail="discharge form",
    )
    context = {"episode": episode, "client": episode.client, "form": form}
    return render(request, "episodes/discharge_form.html", context, status=400 if form.errors else 200)


@requires(Capability.MANAGE_ENROLLMENT)
def discharge_summary_view(request: HttpRequest, pk: Any) -> HttpResponse:
    episode = _episode(request, pk)
    if episode.is_open:
        return redirect("episodes:discharge", pk=episode.pk)
    audit.record(
        actor=request.user,
        action=audit.Action.VIEW,
        client_id=episode.client_id,
        obj=episode,
        detail="discharge summary",
    )
    context = {
        "episode": episode,
        "client": episode.client,
        "plan": plan_of(episode),
        "decided": discharge_steps.summaries(episode),
    }
    return render(request, "episodes/discharge_summary.html", context)


@requires(Capability.MANAGE_ENROLLMENT)
def discharge_pdf_view(request: HttpRequest, pk: Any) -> HttpResponse:
    """The client's own copy, which needs no consent (42 CFR 2.23); anyone else's goes through the gate."""
    episode = discharged_episode(request, pk)
    pdf = render_discharge_pdf(episode=episode, plan=plan_of(episode), own_copy=True)
    audit.record(
        actor=request.user,
        action=audit.Action.EXPORT,
        client_id=episode.client_id,
        obj=episode,
        detail="discharge summary PDF, client's own copy",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    # The file name carries the chart number, not the client's name, so a download folder leaks no name.
    response["Content-Disposition"] = f'attachment; filename="discharge-{episode.client.chart_number}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
