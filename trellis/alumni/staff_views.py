"""Staff side of alumni events: the sites' upcoming events, how many alumni said they will come, and a form
to add one. Directors, case managers and clinicians of the site."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from trellis.alumni import selectors, services
from trellis.alumni.forms import EventForm
from trellis.core.form_errors import attach_errors
from trellis.programs.models import Site


@login_required
def events_view(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not selectors.may_manage_events(user):
        raise PermissionDenied("Your role does not allow keeping alumni events.")
    sites = Site.objects.filter(organization_id=user.organization_id, pk__in=user.site_ids()).order_by("name")
    form = EventForm(request.POST or None, sites=sites)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_event(created_by=user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "Alumni event added.")
            return redirect("alumni:events")
    context = {"form": form, "events": selectors.list_staff_events(user=user)}
    return render(request, "alumni/events.html", context, status=400 if form.errors else 200)
