"""Starting an installation: the first organization, its first site and the administrator who sets it up."""

from importlib import import_module
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.db import transaction

from trellis.accounts.models import User
from trellis.accounts.roles import Role
from trellis.core import clock
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


@transaction.atomic
def change_password(*, user: User, new_password: str, actor: User | None, how: str) -> None:
    """A new password for `user` (already checked by Django's validators in the form). Every other session of
    the user ends: Django ties a session to a hash of the password it logged in with."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit.record(
        actor=actor,
        action=audit.Action.PASSWORD_CHANGED,
        obj=user,
        detail=how,
        organization_id=user.organization_id,
        system_job="password reset",
    )


def record_password_reset_request(*, accounts: list[User]) -> None:
    """The trail of a reset request: one event per matching account (none when the address is unknown), so
    a director sees resets asked for their staff. The address itself is not kept."""
    for account in accounts:
        audit.record(
            actor=None,
            action=audit.Action.PASSWORD_RESET_REQUESTED,
            obj=account,
            detail="reset link e-mailed",
            organization_id=account.organization_id,
            system_job="password reset",
        )


def end_sessions_of(user: User) -> int:
    """Signs `user` out everywhere: every live session that belongs to them is deleted (how many). Used when
    their second factor is reset, since a session that passed the old factor must not outlive it. Sessions
    are read one by one; this runs on a rare administrator action, never on a page load."""
    mine = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=clock.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    # Through the session store, not the table alone: with cached sessions (settings.SESSION_ENGINE) a row
    # deleted behind the cache's back would live on there.
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in mine:
        store(session_key=key).delete()
    return len(mine)
