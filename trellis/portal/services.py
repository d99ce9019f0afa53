"""Inviting a client to the portal and signing them in with a one-time code.

Keyword-only, atomic, audited. Portal events have no staff actor: they name the job "client portal" and the
client as subject. Audit text never holds the address, the code or anything the client typed.
"""

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from trellis.clients.models import Client
from trellis.core import clock
from trellis.notifications import channels, phones
from trellis.notifications.models import Channel
from trellis.notifications.services import normalized_address, sender_for
from trellis.portal import codes, limits
from trellis.portal.models import PortalAccount, SignInCode
from trellis.privacy import audit

Action = audit.Action
PORTAL_JOB = "client portal"
logger = logging.getLogger(__name__)
CODE_LIFETIME = dt.timedelta(minutes=10)
MAX_ATTEMPTS = 5


class RateLimited(Exception):
    pass


@dataclass(frozen=True)
class Address:
    channel: str
    value: str


def parse_address(text: str) -> Address:
    """What a client typed on the sign-in page: an e-mail address or a mobile number, normalized."""
    text = text.strip()
    if "@" in text:
        return Address(Channel.EMAIL, normalized_address(channel=Channel.EMAIL, address=text))
    try:
        return Address(Channel.SMS, phones.to_e164(text))
    except phones.NotAPhoneNumber:
        raise ValidationError({"address": "Enter your e-mail address or mobile number."}) from None


def _portal_link() -> str:
    return settings.TRELLIS_BASE_URL.rstrip("/") + reverse("portal:sign_in")


def _send(*, account: PortalAccount, body: str, subject: str) -> None:
    """By text when the account has a mobile number, else by e-mail. The fixed words name no treatment
    (tests check them with notifications.wording); the sender is the one the client chose for reminders."""
    if account.mobile:
        channels.sms_provider().send(to=account.mobile, body=body)
    else:
        channels.send_email(to=account.email, subject=subject, body=body)


def invite_client(*, client: Client, email: str, mobile: str, invited_by: Any) -> PortalAccount:
    """Creates (or renews) the client's portal account and sends the invitation."""
    email = normalized_address(channel=Channel.EMAIL, address=email) if email.strip() else ""
    mobile = normalized_address(channel=Channel.SMS, address=mobile) if mobile.strip() else ""
    if not email and not mobile:
        raise ValidationError({"email": "Give an e-mail address or a mobile number for the invitation."})
    _refuse_shared_address(client=client, email=email, mobile=mobile)
    with transaction.atomic():
        account, created = PortalAccount.objects.update_or_create(
            client=client,
            defaults={
                "email": email,
                "mobile": mobile,
                "invited_by": invited_by,
                "invited_at": clock.now(),
                "is_active": True,
                "deactivated_at": None,
            },
        )
        audit.record(
            actor=invited_by,
            action=Action.CREATE if created else Action.UPDATE,
            client_id=client.pk,
            obj=account,
            detail="portal invitation sent",
        )
    sender = sender_for(client=client, program_name="")
    body = f"{sender}: you are invited to sign in to your portal at {_portal_link()} with a code we send you."
    _send(account=account, body=body, subject="Your portal invitation")
    return account


def _refuse_shared_address(*, client: Client, email: str, mobile: str) -> None:
    """One address signs in to one client: a shared family phone would otherwise open two records."""
    taken = Q(email=email) if email else Q(pk__in=[])
    if mobile:
        taken |= Q(mobile=mobile)
    if PortalAccount.objects.filter(taken).exclude(client=client).exists():
        raise ValidationError({"email": "That address already signs in another client; use a different one."})


def deactivate_account(*, account: PortalAccount, deactivated_by: Any) -> None:
    with transaction.atomic():
        PortalAccount.objects.filter(pk=account.pk).update(is_active=False, deactivated_at=clock.now())
        SignInCode.objects.filter(account=account, used_at__isnull=True).update(used_at=clock.now())
        audit.record(
            actor=deactivated_by,
            action=Action.UPDATE,
            client_id=account.client_id,
            obj=account,
            detail="portal access turned off",
        )


def find_account(address: Address) -> PortalAccount | None:
    field = "mobile" if address.channel == Channel.SMS else "email"
    found: PortalAccount | None = (
        PortalAccount.objects.filter(is_active=True, **{field: address.value})
        .select_related("client")
        .first()
    )
    return found


def request_code(*, address: Address, ip_address: str | None) -> None:
    """Sends a code when the address belongs to an active account, and says nothing either way: the caller
    shows the same page whether or not it did (no account enumeration)."""
    if not limits.allow_code_request(address=address.value, ip_address=ip_address):
        raise RateLimited
    account = find_account(address)
    if account is None:
        codes.digest(codes.new_code(), salt="none")  # the same hashing work as for a real account
        return
    code = issue_code(account=account)
    body = (
        f"Your sign-in code is {code}. It works once, for 10 minutes. Nobody from our team will ask for it."
    )
    try:
        _send(account=account, body=body, subject="Your sign-in code")
    except channels.ChannelError as error:
        # The page must still say what it says for any address; the reason (status codes only) goes to the log.
        logger.warning("Portal sign-in code not delivered: %s", error)


def issue_code(*, account: PortalAccount) -> str:
    """A new code for the account, retiring older ones (only the latest message works); the code itself is
    returned to be sent, never stored."""
    code = codes.new_code()
    with transaction.atomic():
        row = SignInCode.objects.create(account=account, code_hash="", expires_at=clock.now() + CODE_LIFETIME)
        row.code_hash = codes.digest(code, salt=str(row.pk))
        row.save(update_fields=["code_hash"])
        SignInCode.objects.filter(account=account, used_at__isnull=True).exclude(pk=row.pk).update(
            used_at=clock.now()
        )
        audit.record(
            actor=None,
            action=Action.CREATE,
            client_id=account.client_id,
            obj=row,
            detail="portal sign-in code sent",
            system_job=PORTAL_JOB,
        )
    return code


def verify_code(*, address: Address, code: str) -> PortalAccount | None:
    """The account, when `code` is the live code sent to `address`; None otherwise. Each wrong try counts
    against the code, which stops working after five."""
    account = find_account(address)
    if account is None:
        codes.digest(code, salt="none")
        return None
    with transaction.atomic():
        row = (
            SignInCode.objects.select_for_update()
            .filter(
                account=account, used_at__isnull=True, expires_at__gt=clock.now(), attempts__lt=MAX_ATTEMPTS
            )
            .order_by("-created_at")
            .first()
        )
        if row is None or not codes.matches(code, salt=str(row.pk), expected=row.code_hash):
            _count_failure(row=row, account=account)
            return None
        now = clock.now()
        SignInCode.objects.filter(pk=row.pk).update(used_at=now, attempts=row.attempts + 1)
        PortalAccount.objects.filter(pk=account.pk).update(last_signed_in_at=now)
        audit.record(
            actor=None,
            action=Action.LOGIN,
            client_id=account.client_id,
            obj=account,
            detail="portal sign-in",
            system_job=PORTAL_JOB,
        )
    return account


def _count_failure(*, row: SignInCode | None, account: PortalAccount) -> None:
    if row is not None:
        SignInCode.objects.filter(pk=row.pk).update(attempts=row.attempts + 1)
    audit.record(
        actor=None,
        action=Action.LOGIN_FAILED,
        client_id=account.client_id,
        obj=account,
        detail="portal code refused",
        system_job=PORTAL_JOB,
    )


def record_portal_view(*, account: PortalAccount, page: str) -> None:
    audit.record(
        actor=None,
        action=Action.VIEW,
        client_id=account.client_id,
        obj=account,
        detail=f"portal: {page}",
        system_job=PORTAL_JOB,
    )


def record_sign_out(*, client_id: Any) -> None:
    audit.record(
        actor=None,
        action=Action.LOGOUT,
        client_id=client_id,
        detail="portal sign-out",
        system_job=PORTAL_JOB,
    )
