"""View guards: logged in, and holding the capability the page needs."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from trellis.accounts.roles import Capability

View = Callable[..., HttpResponse]


def requires(capability: Capability) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.can(capability):  # type: ignore[union-attr]
                raise PermissionDenied(f"Your role does not allow this ({capability.value}).")
            return view(request, *args, **kwargs)

        return login_required(guarded)

    return decorate


def require(user: Any, capability: Capability) -> None:
    """For API views and services called from them: refuse a role that lacks the capability."""
    if not user.can(capability):
        raise PermissionDenied("Your role does not allow this.")
