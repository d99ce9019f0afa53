"""Setup: programs and their rules, tracks. Administrators and directors only."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.programs import services
from trellis.programs.forms import ProgramForm, TrackForm
from trellis.programs.models import Program, Site, Track


def _programs(user: Any) -> Any:
    return Program.objects.filter(organization_id=user.organization_id)


@requires(Capability.SETUP_PROGRAMS)
def setup_view(request: HttpRequest) -> HttpResponse:
    programs = list(_programs(request.user).prefetch_related("phases", "tracks__site", "tracks__groups"))
    return render(request, "programs/setup.html", {"programs": programs})


def _bind_service_errors(form: Any, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@requires(Capability.SETUP_PROGRAMS)
def program_form_view(request: HttpRequest, pk: Any = None) -> HttpResponse:
    user: Any = request.user
    program = get_object_or_404(_programs(request.user), pk=pk) if pk else None
    form = ProgramForm(request.POST or None, instance=program)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_program(
                organization=user.organization,
                fields=form.cleaned_data,
                saved_by=request.user,
                program=program,
            )
            messages.success(request, "Program saved.")
            return redirect("programs:setup")
        except ValidationError as error:
            _bind_service_errors(form, error)
    return render(request, "programs/form.html", {"form": form, "title": "Program", "object": program})


@requires(Capability.SETUP_PROGRAMS)
def track_form_view(request: HttpRequest, program_pk: Any, pk: Any = None) -> HttpResponse:
    program = get_object_or_404(_programs(request.user), pk=program_pk)
    track = get_object_or_404(Track.objects.filter(program=program), pk=pk) if pk else None
    form = TrackForm(request.POST or None, instance=track)
    form.fields["site"].queryset = Site.objects.filter(organization_id=program.organization_id)  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "site"}
        try:
            services.save_track(
                program=program,
                site=form.cleaned_data["site"],
                fields=fields,
                saved_by=request.user,
                track=track,
            )
            messages.success(request, "Track saved.")
            return redirect("programs:setup")
        except ValidationError as error:
            _bind_service_errors(form, error)
    return render(
        request, "programs/form.html", {"form": form, "title": f"Track in {program.name}", "object": track}
    )
