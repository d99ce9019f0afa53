"""View guards: logged in, and holding the capability the page needs."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from trellis.accounts.roles import Capability

View = Callable[..., HttpResponse]

# What a refused page says the role may not do: words, never the capability's internal code.
WHAT_IT_ALLOWS: dict[Capability, str] = {
    Capability.VIEW_CLIENTS: "seeing client records",
    Capability.EDIT_CLIENTS: "changing client records",
    Capability.MANAGE_ENROLLMENT: "admitting, enrolling or discharging clients",
    Capability.TAKE_ATTENDANCE: "taking attendance",
    Capability.SETUP_PROGRAMS: "setting up programs, tracks and groups",
    Capability.VIEW_AUDIT: "reading the audit log",
    Capability.PUBLISH_SCHEDULE: "proposing or publishing a site's schedule",
    Capability.WORK_INQUIRIES: "working the intake pipeline",
    Capability.VIEW_ASSESSMENTS: "seeing level-of-care assessments",
    Capability.ASSESS_LEVEL_OF_CARE: "rating or confirming a level of care",
    Capability.VIEW_CLINICAL: "seeing treatment records",
    Capability.WRITE_NOTES: "writing clinical notes",
    Capability.SUPERVISE_NOTES: "supervising notes",
    Capability.MANAGE_BILLING: "billing work",
    Capability.CERTIFY_IOP: "signing Medicare certifications",
    Capability.ORDER_MEDICATIONS: "ordering medications",
    Capability.MANAGE_ACCESS: "managing staff access",
    Capability.MANAGE_CONSENTS: "preparing or revoking consents",
    Capability.MANAGE_PRIVACY: "the privacy officer's work",
    Capability.MANAGE_OUTSIDE_SYSTEMS: "registering outside systems",
    Capability.CASE_MANAGEMENT: "case management",
    Capability.PEER_SUPPORT: "peer support",
    Capability.VIEW_OUTCOMES: "seeing outcome dashboards",
    Capability.ANSWER_MESSAGES: "answering clients' messages",
}


def requires(capability: Capability) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.can(capability):  # type: ignore[union-attr]
                raise PermissionDenied(f"Your role does not allow {WHAT_IT_ALLOWS[capability]}.")
            return view(request, *args, **kwargs)

        return login_required(guarded)

    return decorate


def require(user: Any, capability: Capability) -> None:
    """For API views and services called from them: refuse a role that lacks the capability."""
    if not user.can(capability):
        raise PermissionDenied("Your role does not allow this.")
