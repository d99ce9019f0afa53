"""API tokens: made with a secret shown once, kept as its SHA-256, ended by expiry, revocation or deactivation."""

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet

from trellis.accounts.models import ApiToken, User
from trellis.accounts.roles import Capability
from trellis.core import clock
from trellis.privacy import audit

PREFIX_LENGTH = 8
# Writing last_used_at on every call would turn each API read into a write; once a minute is enough to see use.
LAST_USED_GRANULARITY = dt.timedelta(minutes=1)


def digest_of(secret: str) -> str:
    """A fast hash is enough: the secret is 256 random bits, not a password a person chose."""
    return hashlib.sha256(secret.encode()).hexdigest()


def lifetime() -> dt.timedelta:
    return dt.timedelta(days=int(getattr(settings, "TRELLIS_API_TOKEN_DAYS", 30)))


@transaction.atomic
def issue_token(*, user: User, name: str = "", session_key: str = "") -> tuple[ApiToken, str]:
    """A new token for `user`; returns it with its secret, which is never stored and cannot be shown again."""
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:80],
        prefix=secret[:PREFIX_LENGTH],
        digest=digest_of(secret),
        expires_at=clock.now() + lifetime(),
        session_key=session_key,
    )
    audit.record(actor=user, action=audit.Action.CREATE, obj=token, detail=f"API token {token.prefix}")
    return token, secret


def find_usable_token(*, secret: str) -> ApiToken | None:
    """The live token with this secret (not expired, not revoked, its user active), noting that it was used."""
    token = ApiToken.objects.select_related("user").filter(digest=digest_of(secret)).first()
    now = clock.now()
    if token is None or not token.is_usable_at(now):
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def may_manage(*, actor: Any, token: ApiToken) -> bool:
    """Its owner, or someone of the owner's organization who manages access (administrator, director)."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    if token.user_id == actor.pk:
        return True
    same_organization = (
        actor.organization_id is not None and actor.organization_id == token.user.organization_id
    )
    return same_organization and actor.can(Capability.MANAGE_ACCESS)


def _revoke(*, tokens: QuerySet[ApiToken], by: Any, reason: str) -> int:
    live = list(tokens.filter(revoked_at__isnull=True))
    now = clock.now()
    for token in live:
        token.revoked_at = now
        token.revoked_by = by if getattr(by, "is_authenticated", False) else None
        token.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    if live:
        audit.record_changes(
            actor=by,
            action=audit.Action.UPDATE,
            changes=[(None, token, f"API token {token.prefix} revoked: {reason}") for token in live],
            organization_id=live[0].user.organization_id,
            system_job=reason,
        )
    return len(live)


@transaction.atomic
def revoke_token(*, token: ApiToken, by: User) -> None:
    if not may_manage(actor=by, token=token):
        raise PermissionDenied("You may not revoke this token.")
    _revoke(tokens=ApiToken.objects.filter(pk=token.pk), by=by, reason="revoked")


@transaction.atomic
def revoke_session_tokens(*, user: User, session_key: str) -> int:
    """Tokens made from a browser session end with it (logout)."""
    if not session_key:
        return 0
    tokens = ApiToken.objects.filter(user=user, session_key=session_key)
    return _revoke(tokens=tokens, by=user, reason="logout")


@transaction.atomic
def deactivate_user(*, user: User, by: User) -> None:
    """A member of staff leaves: they can no longer log in, and every token they held stops working."""
    if not (by.can(Capability.MANAGE_ACCESS) and by.organization_id == user.organization_id):
        raise PermissionDenied("You may not deactivate this account.")
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit.record(actor=by, action=audit.Action.UPDATE, obj=user, detail="account deactivated")
    _revoke(tokens=ApiToken.objects.filter(user=user), by=by, reason="user deactivated")


def list_tokens_of(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def list_tokens_in_organization(*, actor: User) -> QuerySet[ApiToken]:
    """Every token of the actor's organization, for those who manage access; nothing for anyone else."""
    if not actor.can(Capability.MANAGE_ACCESS) or actor.organization_id is None:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user__organization_id=actor.organization_id).select_related("user")


def list_active_colleagues(*, actor: User) -> QuerySet[User]:
    """Active staff of the actor's organization other than the actor, for those who manage access."""
    if not actor.can(Capability.MANAGE_ACCESS) or actor.organization is None:
        return User.objects.none()
    return User.objects.filter(organization=actor.organization, is_active=True).exclude(pk=actor.pk)
