"""The director's page of outside systems: register one (its secret shown once), see them, revoke one."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from trellis.accounts import outside_systems
from trellis.accounts.access import requires
from trellis.accounts.models import User
from trellis.accounts.outside_models import OUTSIDE_PURPOSES, OUTSIDE_RECIPIENT_KINDS
from trellis.accounts.reauth import require_recent_auth_to_post
from trellis.accounts.roles import Capability
from trellis.core import clock


class OutsideSystemForm(forms.Form):
    name = forms.CharField(
        label="Recipient's name",
        max_length=160,
        help_text="As the clients' consents name it, e.g. “Blue Ridge Health Plan”.",
    )
    recipient_kind = forms.ChoiceField(
        label="Kind of recipient", choices=[(k.value, k.label) for k in OUTSIDE_RECIPIENT_KINDS]
    )
    purpose = forms.ChoiceField(label="Purpose", choices=[(p.value, p.label) for p in OUTSIDE_PURPOSES])


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@never_cache
@requires(Capability.MANAGE_OUTSIDE_SYSTEMS)
@require_recent_auth_to_post
def outside_systems_view(request: HttpRequest) -> HttpResponse:
    """A POST registers a system and shows its secret on this answer only."""
    user = _user(request)
    form = OutsideSystemForm(request.POST or None)
    secret = ""
    if request.method == "POST" and form.is_valid():
        try:
            _, secret = outside_systems.register_outside_system(registered_by=user, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form = OutsideSystemForm()
    context: dict[str, Any] = {
        "systems": outside_systems.list_outside_systems(actor=user),
        "form": form,
        "secret": secret,
        "now": clock.now(),
    }
    return render(request, "accounts/outside_systems.html", context, status=422 if form.errors else 200)


@require_POST
@requires(Capability.MANAGE_OUTSIDE_SYSTEMS)
@require_recent_auth_to_post
def outside_system_revoke_view(request: HttpRequest, pk: str) -> HttpResponse:
    user = _user(request)
    system = outside_systems.list_outside_systems(actor=user).filter(pk=pk).first()
    if system is None:
        raise Http404
    outside_systems.revoke_outside_system(system=system, by=user)
    messages.success(
        request, f"{system.name} can no longer read records: its token {system.prefix}… is revoked."
    )
    return redirect("accounts:outside_systems")
