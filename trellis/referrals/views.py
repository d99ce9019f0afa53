"""The resource directory: everyone in the organization who sees clients reads it; case managers keep it."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.core.form_errors import attach_errors
from trellis.referrals import services
from trellis.referrals.forms import DirectoryFilterForm, ResourceForm
from trellis.referrals.models import Resource


def resource_or_404(request: HttpRequest, pk: Any) -> Resource:
    """A resource of the user's organization, or 404 (another organization's entry does not exist for them)."""
    resource: Resource = get_object_or_404(Resource.objects.visible_to(request.user), pk=pk)
    return resource


def _filtered(request: HttpRequest, form: DirectoryFilterForm) -> Any:
    resources = Resource.objects.visible_to(request.user)
    if not form.is_valid():
        return resources.active()
    data = form.cleaned_data
    if not data["inactive"]:
        resources = resources.active()
    if data["kind"]:
        resources = resources.filter(kind=data["kind"])
    for word in data["q"].split():
        resources = resources.filter(
            Q(name__icontains=word)
            | Q(populations__icontains=word)
            | Q(payers_accepted__icontains=word)
            | Q(notes__icontains=word)
        )
    return resources


@requires(Capability.VIEW_CLIENTS)
def directory_view(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    context = {
        "form": form,
        "resources": list(_filtered(request, form)),
        "may_edit": request.user.can(Capability.CASE_MANAGEMENT),  # type: ignore[union-attr]
    }
    return render(request, "referrals/directory.html", context)


def _resource_page(
    request: HttpRequest, form: ResourceForm, resource: Resource | None, status: int
) -> HttpResponse:
    return render(
        request, "referrals/resource_form.html", {"form": form, "resource": resource}, status=status
    )


def _save(request: HttpRequest, resource: Resource | None) -> HttpResponse:
    form = ResourceForm(request.POST or None, instance=resource)
    if request.method != "POST":
        return _resource_page(request, form, resource, 200)
    if form.is_valid():
        try:
            services.save_resource(actor=request.user, values=form.cleaned_data, resource=resource)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return redirect("referrals:directory")
    return _resource_page(request, form, resource, 400)


@requires(Capability.CASE_MANAGEMENT)
def resource_new_view(request: HttpRequest) -> HttpResponse:
    return _save(request, None)


@requires(Capability.CASE_MANAGEMENT)
def resource_edit_view(request: HttpRequest, pk: Any) -> HttpResponse:
    return _save(request, resource_or_404(request, pk))


@requires(Capability.CASE_MANAGEMENT)
def resource_active_view(request: HttpRequest, pk: Any) -> HttpResponse:
    resource = resource_or_404(request, pk)
    if request.method != "POST":
        return redirect("referrals:resource_edit", pk=resource.pk)
    services.set_resource_active(
        actor=request.user, resource=resource, active=request.POST.get("active") == "1"
    )
    return redirect("referrals:directory")
