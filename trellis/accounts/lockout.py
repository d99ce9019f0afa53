"""Failed logins lock an account (per username, from any address) and an address (per address, any username).

django-axes records each failure; this module decides what counts. An account locks after
AXES_FAILURE_LIMIT failures wherever they come from, so guessing one account from many addresses fails; an
address locks after TRELLIS_ADDRESS_FAILURE_LIMIT failures over any usernames, so spraying a few guesses
at many accounts fails too. Both last AXES_COOLOFF_TIME after the last failure; an administrator can lift
an account's lock sooner. Addresses are read through `trellis.core.client_ip`, so behind the documented
proxy each person has their own address (TRELLIS_TRUSTED_PROXIES).
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address, get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Q, QuerySet, Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from trellis.accounts.models import User
from trellis.accounts.roles import Capability
from trellis.core import clock
from trellis.privacy import audit


def account_limit() -> int:
    return int(settings.AXES_FAILURE_LIMIT)


def address_limit() -> int:
    return int(getattr(settings, "TRELLIS_ADDRESS_FAILURE_LIMIT", 20))


def cool_off() -> dt.timedelta:
    return get_cool_off() or dt.timedelta(minutes=30)


def _recent(attempts: QuerySet[AccessAttempt]) -> QuerySet[AccessAttempt]:
    return attempts.filter(attempt_time__gte=clock.now() - cool_off())


def _failures(attempts: QuerySet[AccessAttempt]) -> int:
    return int(_recent(attempts).aggregate(total=Sum("failures_since_start"))["total"] or 0)


def failures_scored(*, username: str | None, ip_address: str | None) -> int:
    """One number for axes' single limit: the account's failures, or the address's failures shifted so that
    they reach the account limit exactly when they reach the address limit."""
    by_account = _failures(AccessAttempt.objects.filter(username=username)) if username else 0
    by_address = _failures(AccessAttempt.objects.filter(ip_address=ip_address)) if ip_address else 0
    return max(by_account, by_address - (address_limit() - account_limit()))


class AccountAndAddressHandler(AxesDatabaseHandler):  # type: ignore[misc]
    """axes' database handler with separate limits per account and per address."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        return failures_scored(
            username=get_client_username(request, credentials), ip_address=get_client_ip_address(request)
        )

    # A right password alone clears nothing: the account's own failures are cleared when the whole sign-in,
    # second factor included, succeeds (accounts.mfa.mark_passed), so a password never resets the count of
    # wrong codes. The address's failures are never cleared by a success: a sprayer who holds one account
    # would reset the address count by logging in with it between rounds.


def lock_ends_at(*, username: str | None, ip_address: str | None) -> dt.datetime:
    matching = Q(username=username) if username else Q()
    if ip_address:
        matching |= Q(ip_address=ip_address)
    last = _recent(AccessAttempt.objects.filter(matching)).aggregate(last=Max("attempt_time"))["last"]
    return (last or clock.now()) + cool_off()


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """The locked page (axes' AXES_LOCKOUT_CALLABLE): when it ends and whom to ask; the same words whether or
    not the username exists, and whether the account or the address is locked."""
    ends_at = lock_ends_at(
        username=get_client_username(request, credentials), ip_address=get_client_ip_address(request)
    )
    wait_seconds = max(int((ends_at - clock.now()).total_seconds()), 1)
    response: HttpResponse
    if request.path.startswith("/api/"):
        detail = f"Too many failed logins. Try again after {ends_at.isoformat()}, or ask your administrator."
        response = JsonResponse({"detail": detail, "locked_until": ends_at.isoformat()}, status=429)
    else:
        context = {"ends_at": ends_at, "cool_off_minutes": int(cool_off().total_seconds() // 60)}
        response = render(request, "accounts/locked_out.html", context, status=429)
    response["Retry-After"] = str(wait_seconds)
    return response


def record_failed_login(*, username: str, channel: str) -> None:
    """An audit event naming the username tried, in the trail of its organization if such an account exists."""
    tried = username.strip()[:150]
    account = User.objects.filter(username=tried).only("organization_id").first()
    audit.record(
        actor=None,
        action=audit.Action.LOGIN_FAILED,
        detail=f"failed login as {tried!r} ({channel})",
        organization_id=account.organization_id if account is not None else None,
        system_job="login form" if channel == "login form" else "API token endpoint",
    )


@dataclass(frozen=True)
class LockedAccount:
    user: User
    failures: int
    ends_at: dt.datetime


def list_locked_accounts(*, actor: User) -> list[LockedAccount]:
    """Accounts of the actor's organization locked now, for those who manage access; empty for others."""
    if not actor.can(Capability.MANAGE_ACCESS) or actor.organization_id is None:
        return []
    recent = _recent(AccessAttempt.objects.exclude(username__isnull=True))
    totals = recent.values("username").annotate(total=Sum("failures_since_start"), last=Max("attempt_time"))
    locked = {row["username"]: row for row in totals if row["total"] >= account_limit()}
    users = User.objects.filter(organization_id=actor.organization_id, username__in=list(locked))
    return [
        LockedAccount(
            user=user,
            failures=locked[user.username]["total"],
            ends_at=locked[user.username]["last"] + cool_off(),
        )
        for user in users.order_by("username")
    ]


@transaction.atomic
def unlock_account(*, user: User, by: User) -> int:
    """Lifts an account's lock before its cool-off ends; the address counts of the attempts stay."""
    if not (by.can(Capability.MANAGE_ACCESS) and by.organization_id == user.organization_id):
        raise PermissionDenied("You may not unlock this account.")
    removed, _ = AccessAttempt.objects.filter(username=user.username).delete()
    audit.record(actor=by, action=audit.Action.UPDATE, obj=user, detail="login lock lifted")
    return int(removed)
