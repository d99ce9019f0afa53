"""Starting an installation: the first organization, its first site and the administrator who sets it up."""

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from trellis.accounts.models import User
from trellis.accounts.roles import Role
from trellis.core.errors import reject
from trellis.privacy import audit
from trellis.programs.models import Organization, Site


@transaction.atomic
def create_organization(
    *, name: str, site_name: str, timezone: str, admin_username: str, admin_email: str, admin_password: str
) -> User:
    """An organization with one site and its administrator, who adds programs, tracks and staff from there."""
    if Organization.objects.filter(name__iexact=name.strip()).exists():
        reject("name", "An organization with this name exists already.")
    if User.objects.filter(username__iexact=admin_username.strip()).exists():
        reject("admin_username", "This username is taken.")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        reject("timezone", "Not a time zone name; use one like America/New_York.")
    organization = Organization(name=name.strip())
    organization.full_clean()
    organization.save()
    site = Site(organization=organization, name=site_name.strip(), timezone=timezone)
    site.full_clean()
    site.save()
    admin = User(
        username=admin_username.strip(), email=admin_email.strip(), role=Role.ADMIN, organization=organization
    )
    validate_password(admin_password, admin)
    admin.set_password(admin_password)
    admin.full_clean()
    admin.save()
    admin.sites.add(site)
    for obj in (organization, site, admin):
        audit.record(
            actor=None,
            action=audit.Action.CREATE,
            obj=obj,
            detail="installation set up",
            organization_id=organization.pk,
            system_job="create_organization command",
        )
    return admin
