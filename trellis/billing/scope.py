"""Whose billing a job touches: one organization, named outright or taken from the acting user.

Organizations are a hard boundary (DESIGN.md rule 7): capture, claims, export and remittance import each work on
exactly one organization's clients, payers and billing identity, and never cross to another.
"""

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError

from trellis.core.errors import reject
from trellis.programs.models import Organization


class NoOrganization(ValueError):
    """A billing job was started without saying whose data it is for."""


def organization_id_for(*, organization: Organization | None, actor: Any) -> Any:
    """The organization a job works on: the one given, else the acting user's; both must agree."""
    actor_organization = getattr(actor, "organization_id", None) if actor is not None else None
    if organization is None:
        if actor_organization is None:
            raise NoOrganization(
                "Billing work needs an organization: pass organization=..., or an acting user who belongs to one."
            )
        return actor_organization
    if actor is not None and actor_organization != organization.pk:
        raise NoOrganization(f"{actor} does not belong to {organization.name}: nothing was done.")
    return organization.pk


def require_same_organization(*, user: Any, organization_id: Any, field: str, what: str) -> None:
    """Refuse a write on another organization's record, naming the field that points at it."""
    if organization_id != getattr(user, "organization_id", None):
        reject(field, f"That {what} belongs to another organization.")


def find_organization(text: str) -> Organization:
    """An organization by its id or its exact name, for commands; a clear error names what was tried."""
    found = Organization.objects.filter(name=text.strip()).first()
    if found is None:
        try:
            found = Organization.objects.get(pk=text.strip())
        except (ObjectDoesNotExist, ValidationError, ValueError):
            found = None
    if found is None:
        names = ", ".join(Organization.objects.order_by("name").values_list("name", flat=True)) or "none"
        raise NoOrganization(f"No organization has the name or id {text!r} (organizations: {names}).")
    return found
