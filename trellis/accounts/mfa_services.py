"""Writes of the second factor: enrolment, codes, removal, an administrator's reset, the per-role rule, and
failed attempts. Each is atomic and leaves an audit event; none logs a secret or a code."""

import hashlib
import secrets

from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest

from trellis.accounts import lockout, totp
from trellis.accounts.mfa import is_required
from trellis.accounts.models import Passkey, RecoveryCode, SecondFactorRule, TotpDevice, User
from trellis.accounts.roles import Capability, Role
from trellis.accounts.services import end_sessions_of
from trellis.core import clock, context
from trellis.privacy import audit

RECOVERY_CODES = 10
# No 0/o, 1/l/i: codes are read off paper and typed by hand. 10 characters of 32 are 50 random bits.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def _digest(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").replace(" ", "").lower().encode()).hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


@transaction.atomic
def confirm_totp(*, user: User, secret: str, code: str) -> TotpDevice:
    """Keeps the authenticator app once it has shown a right code, so a mistyped secret never locks anyone
    out. The code used here is spent."""
    step = totp.matching_step(secret=secret, code=code, timestamp=clock.now().timestamp(), after_step=None)
    if step is None:
        raise ValidationError({"code": "That code does not match. Type the 6 digits your app shows now."})
    if TotpDevice.objects.filter(user=user).exists():
        raise ValidationError({"code": "You already have an authenticator app; remove it first."})
    device = TotpDevice.objects.create(user=user, secret=secret, last_used_step=step)
    audit.record(actor=user, action=audit.Action.MFA_ENROLLED, obj=device, detail="authenticator app added")
    return device


@transaction.atomic
def check_totp(*, user: User, code: str) -> bool:
    """True for a right code not used before; the device row is locked so two requests with one code
    cannot both pass."""
    device = TotpDevice.objects.select_for_update().filter(user=user).first()
    if device is None:
        return False
    step = totp.matching_step(
        secret=device.secret, code=code, timestamp=clock.now().timestamp(), after_step=device.last_used_step
    )
    if step is None:
        return False
    device.last_used_step = step
    device.save(update_fields=["last_used_step", "updated_at"])
    return True


@transaction.atomic
def use_recovery_code(*, user: User, code: str) -> bool:
    """True once for each issued code: the UPDATE that spends it is the check, so it cannot be used twice."""
    spent = RecoveryCode.objects.filter(user=user, digest=_digest(code), used_at__isnull=True).update(
        used_at=clock.now()
    )
    if not spent:
        return False
    left = RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
    audit.record(
        actor=user, action=audit.Action.RECOVERY_USED, obj=user, detail=f"recovery code used; {left} left"
    )
    return True


def check_code(*, user: User, code: str) -> str:
    """How a typed code proved it is the user ("authenticator app", "recovery code"), or "" if it did not."""
    if len(totp.normalize(code)) == totp.DIGITS:
        return "authenticator app" if check_totp(user=user, code=code) else ""
    return "recovery code" if use_recovery_code(user=user, code=code) else ""


@transaction.atomic
def issue_recovery_codes(*, user: User) -> list[str]:
    """A fresh set of codes, shown once; every earlier code stops working."""
    codes = [_new_code() for _ in range(RECOVERY_CODES)]
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create(RecoveryCode(user=user, digest=_digest(code)) for code in codes)
    audit.record(actor=user, action=audit.Action.RECOVERY_ISSUED, obj=user, detail="recovery codes issued")
    return codes


def _refuse_removing_the_last(user: User, *, removing: str) -> None:
    others = (
        Passkey.objects.filter(user=user).exists()
        if removing == "totp"
        else TotpDevice.objects.filter(user=user).exists() or Passkey.objects.filter(user=user).count() > 1
    )
    if is_required(user) and not others:
        raise ValidationError(
            "Your role must sign in with a second factor: add another before removing this."
        )


@transaction.atomic
def remove_totp(*, user: User) -> None:
    device = TotpDevice.objects.filter(user=user).first()
    if device is None:
        return
    _refuse_removing_the_last(user, removing="totp")
    device.delete()
    audit.record(actor=user, action=audit.Action.MFA_REMOVED, obj=user, detail="authenticator app removed")


@transaction.atomic
def remove_passkey(*, user: User, passkey: Passkey) -> None:
    if passkey.user_id != user.pk:
        raise PermissionDenied("Not your passkey.")
    _refuse_removing_the_last(user, removing="passkey")
    passkey.delete()
    audit.record(actor=user, action=audit.Action.MFA_REMOVED, obj=user, detail="passkey removed")


@transaction.atomic
def reset_second_factor(*, user: User, by: User) -> None:
    """A person lost their phone and their codes: an administrator of their organization removes every
    factor, and at their next sign-in they enrol again."""
    if not (by.can(Capability.MANAGE_ACCESS) and by.organization_id == user.organization_id):
        raise PermissionDenied("You may not reset this account's second factor.")
    TotpDevice.objects.filter(user=user).delete()
    Passkey.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    ended = end_sessions_of(user)
    detail = f"second factor reset; {ended} signed-in session(s) ended"
    audit.record(actor=by, action=audit.Action.MFA_RESET, obj=user, detail=detail)


@transaction.atomic
def set_required_roles(*, by: User, roles: set[str]) -> None:
    """Which roles of the administrator's organization must sign in with a second factor."""
    if not by.can(Capability.MANAGE_ACCESS) or by.organization_id is None:
        raise PermissionDenied("You may not change this setting.")
    unknown = roles - set(Role.values)
    if unknown:
        raise ValidationError("Unknown role.")
    for role in Role.values:
        SecondFactorRule.objects.update_or_create(
            organization_id=by.organization_id, role=role, defaults={"required": role in roles}
        )
    named = ", ".join(sorted(roles)) or "none"
    audit.record(actor=by, action=audit.Action.MFA_POLICY, detail=f"second factor required for: {named}")


def record_failure(request: HttpRequest, *, user: User, action: str, detail: str) -> bool:
    """A wrong code or passkey: audited, and counted by the login lockout like a wrong password. True when
    the account (or the address) is now locked."""
    audit.record(actor=user, action=action, obj=user, detail=detail)
    credentials = {"username": user.get_username()}
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    return is_locked(user=user)


def is_locked(*, user: User) -> bool:
    scored = lockout.failures_scored(username=user.get_username(), ip_address=context.current().ip_address)
    return scored >= lockout.account_limit()
