from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.programs.models import Track
from trellis.scheduling import services
from trellis.scheduling.forms import GroupForm


@requires(Capability.SETUP_PROGRAMS)
def group_form_view(request: HttpRequest, track_pk: Any) -> HttpResponse:
    user: Any = request.user
    track = get_object_or_404(
        Track.objects.filter(program__organization_id=user.organization_id).select_related("program"),
        pk=track_pk,
    )
    form = GroupForm(request.POST or None, track=track)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_group(track=track, created_by=user, **form.cleaned_data)
            messages.success(request, "Group saved. Its sessions are generated for the weeks ahead.")
            return redirect("programs:setup")
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
    return render(request, "scheduling/group_form.html", {"form": form, "track": track})
