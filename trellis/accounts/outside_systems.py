"""Registering outside systems, their tokens, and who they are on an API request.

A director registers a system as a recipient (its name, the kind of recipient and its one purpose) and gets its
secret once; only the SHA-256 is kept, as for staff tokens, and the secret expires. On a request the system is
an `OutsideCaller`: it reads the records of its own organization and changes nothing; what it may see of each
client the disclosure gate decides (trellis.privacy.outside_api).
"""

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet

from trellis.accounts.models import OutsideSystem, User
from trellis.accounts.outside_models import OUTSIDE_PURPOSES, OUTSIDE_RECIPIENT_KINDS
from trellis.accounts.roles import Capability
from trellis.accounts.tokens import LAST_USED_GRANULARITY, PREFIX_LENGTH, digest_of
from trellis.core import clock
from trellis.privacy import audit
from trellis.programs.models import Program, Site


def lifetime() -> dt.timedelta:
    """Longer than a staff token's: a system is renewed by registering it again, on purpose, not by a login."""
    return dt.timedelta(days=int(getattr(settings, "TRELLIS_OUTSIDE_SYSTEM_TOKEN_DAYS", 90)))


def _check(*, name: str, recipient_kind: str, purpose: str) -> None:
    if not name.strip():
        raise ValidationError({"name": "Name the system's owner as the client's consents name it."})
    if len(name.strip()) > 160:
        raise ValidationError({"name": "Use at most 160 characters."})
    if recipient_kind not in OUTSIDE_RECIPIENT_KINDS:
        raise ValidationError({"recipient_kind": "Choose a treating provider, a health plan or operations."})
    if purpose not in OUTSIDE_PURPOSES:
        raise ValidationError({"purpose": "Choose treatment, payment or health care operations."})


@transaction.atomic
def register_outside_system(
    *, name: str, recipient_kind: str, purpose: str, registered_by: User
) -> tuple[OutsideSystem, str]:
    """A new outside system of the director's organization, with its secret (shown once, never stored)."""
    if not registered_by.can(Capability.MANAGE_OUTSIDE_SYSTEMS) or registered_by.organization_id is None:
        raise PermissionDenied("Your role does not allow registering outside systems.")
    _check(name=name, recipient_kind=recipient_kind, purpose=purpose)
    secret = secrets.token_urlsafe(32)
    system = OutsideSystem.objects.create(
        organization_id=registered_by.organization_id,
        name=" ".join(name.split()),
        recipient_kind=recipient_kind,
        purpose=purpose,
        prefix=secret[:PREFIX_LENGTH],
        digest=digest_of(secret),
        expires_at=clock.now() + lifetime(),
        registered_by=registered_by,
    )
    audit.record(
        actor=registered_by,
        action=audit.Action.CREATE,
        obj=system,
        detail=f"outside system {system.prefix} ({recipient_kind}, {purpose})",
    )
    return system, secret


@transaction.atomic
def revoke_outside_system(*, system: OutsideSystem, by: User) -> None:
    if not by.can(Capability.MANAGE_OUTSIDE_SYSTEMS) or by.organization_id != system.organization_id:
        raise PermissionDenied("You may not revoke this system.")
    if system.revoked_at is not None:
        return
    system.revoked_at = clock.now()
    system.revoked_by = by
    system.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    audit.record(
        actor=by, action=audit.Action.UPDATE, obj=system, detail=f"outside system {system.prefix} revoked"
    )


def list_outside_systems(*, actor: User) -> QuerySet[OutsideSystem]:
    if not actor.can(Capability.MANAGE_OUTSIDE_SYSTEMS) or actor.organization_id is None:
        return OutsideSystem.objects.none()
    return OutsideSystem.objects.filter(organization_id=actor.organization_id)


def find_usable_system(*, secret: str) -> OutsideSystem | None:
    """The live system with this secret (not expired, not revoked), noting that it was used."""
    system = OutsideSystem.objects.select_related("organization").filter(digest=digest_of(secret)).first()
    now = clock.now()
    if system is None or not system.is_usable_at(now):
        return None
    if system.last_used_at is None or now - system.last_used_at >= LAST_USED_GRANULARITY:
        OutsideSystem.objects.filter(pk=system.pk).update(last_used_at=now)
        system.last_used_at = now
    return system


class OutsideCaller:
    """Who an outside system is on an API request (`request.user`): it may read client demographics and
    episodes of its own organization's sites and programs, and nothing else. It is not a staff member: it
    holds no other capability, and audit events name it as a system job, never as a person."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False

    def __init__(self, system: OutsideSystem) -> None:
        self.system = system
        self.organization_id = system.organization_id
        self.organization = system.organization
        # Keys the per-caller rate limit; never a User's primary key.
        self.pk = f"outside-system-{system.pk}"
        self.username = f"outside system {system.prefix}"
        self._site_ids: list[Any] | None = None
        self._program_ids: list[Any] | None = None

    def __str__(self) -> str:
        return self.system.name

    def can(self, capability: Capability) -> bool:
        return capability == Capability.VIEW_CLIENTS

    def site_ids(self) -> list[Any]:
        if self._site_ids is None:
            self._site_ids = list(
                Site.objects.filter(organization_id=self.organization_id).values_list("id", flat=True)
            )
        return self._site_ids

    def program_ids(self) -> list[Any]:
        if self._program_ids is None:
            self._program_ids = list(
                Program.objects.filter(organization_id=self.organization_id).values_list("id", flat=True)
            )
        return self._program_ids

    def get_full_name(self) -> str:
        return self.system.name
