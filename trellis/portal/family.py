"""Family and supporters in the portal (issue 13): a client's contact, invited with the client's consent, signs
in with a one-time code and sees only what a consent in force allows them: the client's upcoming schedule,
family-group invitations, or both.

Nothing here decides on its own what a contact may see: every question goes to the disclosure gate, through the
registered FAMILY_PORTAL path, with the contact as a named family recipient. So a revoked or expired consent ends
access on the very next request, and every page shown is a recorded disclosure with the 42 CFR 2.32 notice.
Audit text never holds an address, a code or the contact's name.
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

from trellis.clients.models import Client, ClientContact
from trellis.core import clock
from trellis.notifications import channels
from trellis.notifications.models import Channel
from trellis.notifications.services import normalized_address, sender_for
from trellis.portal import codes, limits
from trellis.portal.models import FamilyAccess, FamilySignInCode, PortalAccount
from trellis.portal.selectors import Upcoming, _upcoming_entry
from trellis.portal.services import CODE_LIFETIME, MAX_ATTEMPTS, Address, RateLimited
from trellis.privacy import audit, gate, paths
from trellis.privacy.part2 import InfoKind, Purpose, RecipientKind
from trellis.scheduling.appointments import Appointment
from trellis.scheduling.calendars import AppointmentEntry, Entry, get_client_week

FAMILY_JOB = "client portal (family)"
SCOPES = (InfoKind.SCHEDULE, InfoKind.FAMILY_GROUPS)
UPCOMING_DAYS = 14
logger = logging.getLogger(__name__)
Action = audit.Action

NO_CONSENT = (
    "No signed consent in force names {name} as a family member or support person for involving family, "
    "with the schedule or family-group invitations. Prepare and sign that consent first."
)


def recipient(contact: ClientContact) -> gate.Recipient:
    return gate.Recipient(kind=RecipientKind.FAMILY, name=contact.name)


def allowed_scopes(*, client: Client, contact: ClientContact) -> list[str]:
    """Which of the schedule and the family-group invitations a consent in force lets this contact see now.
    Reads only (gate.check): an empty list means no access."""
    context = gate.GateContext.load([client.pk])
    allowed = []
    for scope in SCOPES:
        try:
            gate.check(
                path=paths.FAMILY_PORTAL,
                client=client,
                recipient=recipient(contact),
                purpose=Purpose.FAMILY,
                information=[InfoKind.IDENTITY, scope],
                context=context,
            )
        except gate.DisclosureRefused:
            continue
        allowed.append(str(scope))
    return allowed


def _addresses(email: str, mobile: str) -> tuple[str, str]:
    email = normalized_address(channel=Channel.EMAIL, address=email) if email.strip() else ""
    mobile = normalized_address(channel=Channel.SMS, address=mobile) if mobile.strip() else ""
    if not email and not mobile:
        raise ValidationError({"email": "Give an e-mail address or a mobile number for the invitation."})
    return email, mobile


def _refuse_shared_address(*, contact: ClientContact, email: str, mobile: str) -> None:
    """One address signs in one person to one record: not a client's own address, not another contact's."""
    taken = Q(email=email) if email else Q(pk__in=[])
    if mobile:
        taken |= Q(mobile=mobile)
    if PortalAccount.objects.filter(taken).exists() or (
        FamilyAccess.objects.filter(taken).exclude(contact=contact).exists()
    ):
        raise ValidationError({"email": "That address already signs someone in; use a different one."})


def invite(
    *, client: Client, contact: ClientContact, email: str, mobile: str, invited_by: Any
) -> FamilyAccess:
    """Invites (or invites again) the client's contact, only while a consent in force names them. `invited_by`
    is the member of staff, or None when the client invites from the portal."""
    if contact.client_id != client.pk:
        raise ValidationError({"contact": "Choose one of the client's own contacts."})
    if not allowed_scopes(client=client, contact=contact):
        raise ValidationError({"contact": NO_CONSENT.format(name=contact.name)})
    email, mobile = _addresses(email, mobile)
    _refuse_shared_address(contact=contact, email=email, mobile=mobile)
    with transaction.atomic():
        access, created = FamilyAccess.objects.update_or_create(
            contact=contact,
            defaults={
                "client": client,
                "email": email,
                "mobile": mobile,
                "invited_by": invited_by,
                "invited_at": clock.now(),
                "is_active": True,
                "ended_at": None,
            },
        )
        audit.record(
            actor=invited_by,
            action=Action.CREATE if created else Action.UPDATE,
            client_id=client.pk,
            obj=access,
            detail="family portal invitation sent",
            system_job="" if invited_by else FAMILY_JOB,
        )
    # Neutral words: the message names neither the client nor the care (a phone is seen by others).
    sender = sender_for(client=client, program_name="")
    link = settings.TRELLIS_BASE_URL.rstrip("/") + reverse("portal:family_sign_in")
    _send(
        access, subject="Your invitation", body=f"{sender}: you are invited to sign in at {link} with a code."
    )
    return access


def end_access(*, access: FamilyAccess, ended_by: Any) -> None:
    """The client (ended_by None) or staff turn a contact's access off; their codes stop working too."""
    with transaction.atomic():
        FamilyAccess.objects.filter(pk=access.pk).update(is_active=False, ended_at=clock.now())
        FamilySignInCode.objects.filter(access=access, used_at__isnull=True).update(used_at=clock.now())
        audit.record(
            actor=ended_by,
            action=Action.UPDATE,
            client_id=access.client_id,
            obj=access,
            detail="family portal access turned off",
            system_job="" if ended_by else FAMILY_JOB,
        )


def _send(access: FamilyAccess, *, subject: str, body: str) -> None:
    if access.mobile:
        channels.sms_provider().send(to=access.mobile, body=body)
    else:
        channels.send_email(to=access.email, subject=subject, body=body)


def find_access(address: Address) -> FamilyAccess | None:
    field = "mobile" if address.channel == Channel.SMS else "email"
    found: FamilyAccess | None = (
        FamilyAccess.objects.filter(is_active=True, **{field: address.value})
        .select_related("client__site", "client__organization", "contact")
        .first()
    )
    return found


def live_access(access: FamilyAccess | None) -> bool:
    return access is not None and bool(allowed_scopes(client=access.client, contact=access.contact))


def request_code(*, address: Address, ip_address: str | None) -> None:
    """Sends a code only while the contact's access and consent are live; the page says the same either way."""
    if not limits.allow_code_request(address=address.value, ip_address=ip_address):
        raise RateLimited
    access = find_access(address)
    if access is None or not live_access(access):
        codes.digest(codes.new_code(), salt="none")
        return
    code = codes.new_code()
    with transaction.atomic():
        row = FamilySignInCode.objects.create(
            access=access, code_hash="", expires_at=clock.now() + CODE_LIFETIME
        )
        row.code_hash = codes.digest(code, salt=str(row.pk))
        row.save(update_fields=["code_hash"])
        FamilySignInCode.objects.filter(access=access, used_at__isnull=True).exclude(pk=row.pk).update(
            used_at=clock.now()
        )
        _record(access, Action.CREATE, "family portal sign-in code sent", obj=row)
    body = (
        f"Your sign-in code is {code}. It works once, for 10 minutes. Nobody from our team will ask for it."
    )
    try:
        _send(access, subject="Your sign-in code", body=body)
    except channels.ChannelError as error:
        logger.warning("Family portal sign-in code not delivered: %s", error)


def verify_code(*, address: Address, code: str) -> FamilyAccess | None:
    access = find_access(address)
    if access is None or not live_access(access):
        codes.digest(code, salt="none")
        return None
    with transaction.atomic():
        row = (
            FamilySignInCode.objects.select_for_update()
            .filter(
                access=access, used_at__isnull=True, expires_at__gt=clock.now(), attempts__lt=MAX_ATTEMPTS
            )
            .order_by("-created_at")
            .first()
        )
        if row is None or not codes.matches(code, salt=str(row.pk), expected=row.code_hash):
            if row is not None:
                FamilySignInCode.objects.filter(pk=row.pk).update(attempts=row.attempts + 1)
            _record(access, Action.LOGIN_FAILED, "family portal code refused")
            return None
        now = clock.now()
        FamilySignInCode.objects.filter(pk=row.pk).update(used_at=now, attempts=row.attempts + 1)
        FamilyAccess.objects.filter(pk=access.pk).update(last_signed_in_at=now)
        _record(access, Action.LOGIN, "family portal sign-in")
    return access


def _record(access: FamilyAccess, action: str, detail: str, *, obj: Any = None) -> None:
    audit.record(
        actor=None,
        action=action,
        client_id=access.client_id,
        obj=obj or access,
        detail=detail,
        system_job=FAMILY_JOB,
    )


def record_sign_out(access: FamilyAccess) -> None:
    _record(access, Action.LOGOUT, "family portal sign-out")


@dataclass(frozen=True)
class FamilyPage:
    scopes: list[str]
    notice: str
    upcoming: list[Upcoming]
    invitations: list[Upcoming]


def _is_family_entry(entry: Entry | AppointmentEntry) -> bool:
    if isinstance(entry, AppointmentEntry):
        return bool(entry.appointment.kind == Appointment.Kind.FAMILY)
    return bool(entry.group.family_group)


def _upcoming(client: Client, today: dt.date) -> tuple[list[Upcoming], list[Upcoming]]:
    """The next 14 days of groups and appointments, and those of them that are family groups or sessions."""
    monday = today - dt.timedelta(days=today.weekday())
    last = today + dt.timedelta(days=UPCOMING_DAYS)
    everything: list[Upcoming] = []
    family: list[Upcoming] = []
    for offset in range(3):
        week = get_client_week(client=client, monday=monday + dt.timedelta(days=7 * offset))
        for day in week.days:
            if not today <= day.date <= last:
                continue
            for entry in day.entries:
                item = _upcoming_entry(entry)
                everything.append(item)
                if _is_family_entry(entry):
                    family.append(item)
    return everything, family


def show_family_page(*, access: FamilyAccess) -> FamilyPage:
    """Releases to the contact what a consent in force allows, through the gate (a Disclosure row, the notice),
    or raises DisclosureRefused (audited) and shows nothing."""
    client, contact = access.client, access.contact
    scopes = allowed_scopes(client=client, contact=contact)
    with transaction.atomic():
        release = gate.disclose(
            path=paths.FAMILY_PORTAL,
            client=client,
            recipient=recipient(contact),
            purpose=Purpose.FAMILY,
            information=[InfoKind.IDENTITY, *scopes] if scopes else SCOPES,
            description="Family portal: " + ", ".join(scopes or ["nothing allowed"]),
            system_job=FAMILY_JOB,
            obj=access,
        )
        _record(access, Action.VIEW, "family portal: " + ", ".join(scopes))
    upcoming, invitations = _upcoming(client, clock.today_in(client.site.timezone))
    return FamilyPage(
        scopes=scopes,
        notice=release.notice,
        upcoming=upcoming if InfoKind.SCHEDULE in scopes else [],
        invitations=invitations if InfoKind.FAMILY_GROUPS in scopes else [],
    )
