"""Writing contacts and outside meetings: each write atomic, checked before anything lands, and audited.

Audit details name the kind of record only, never what was said or which fellowship (no PHI in the trail).
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q

from trellis.accounts.access import require
from trellis.accounts.roles import Capability
from trellis.clients.models import Client
from trellis.core import clock
from trellis.core.errors import reject
from trellis.episodes.models import Episode
from trellis.privacy import audit
from trellis.support.choices import CAPABILITY_FOR, ContactKind, ContactMode, MeetingKind, MeetingSource
from trellis.support.models import MAX_MINUTES, OutsideMeeting, SupportContact, SupportContactAddendum

MAX_TEXT_CHARS = 20_000


def _episode_on(client: Client, day: dt.date) -> Episode:
    episode: Episode | None = (
        Episode.objects.filter(client=client, admitted_on__lte=day)
        .filter(Q(discharged_on__isnull=True) | Q(discharged_on__gte=day))
        .order_by("-admitted_on")
        .first()
    )
    if episode is None:
        reject("service_date", "The client had no episode of care on that date.")
    return episode


def _check_contact(*, client: Client, service_date: dt.date, minutes: int, mode: str, summary: str) -> None:
    if service_date > clock.today_in(client.site.timezone):
        reject(
            "service_date", "A contact documents a service already given: the date cannot be in the future."
        )
    if not 1 <= minutes <= MAX_MINUTES:
        reject("minutes", f"Give the contact's length in minutes (1 to {MAX_MINUTES}).")
    if mode not in ContactMode.values:
        reject("mode", "Choose in person, phone, video or in the community.")
    if not summary.strip():
        reject("summary", "Say what was done.")
    if len(summary) > MAX_TEXT_CHARS:
        reject("summary", f"Keep it under {MAX_TEXT_CHARS:,} characters.")


def require_kind(user: Any, kind: str) -> None:
    """Case-management contacts are a case manager's work; peer-support contacts a peer specialist's."""
    if kind not in ContactKind.values:
        reject("kind", "Choose case management or peer support.")
    require(user, CAPABILITY_FOR[kind])


@transaction.atomic
def create_contact(
    *,
    client: Client,
    author: Any,
    kind: str,
    service_date: dt.date,
    starts_at: dt.time,
    minutes: int,
    mode: str,
    summary: str,
) -> SupportContact:
    """An unsigned contact, filed under the episode of care open on its date."""
    require_kind(author, kind)
    _check_contact(client=client, service_date=service_date, minutes=minutes, mode=mode, summary=summary)
    contact = SupportContact.objects.create(
        client=client,
        episode=_episode_on(client, service_date),
        kind=kind,
        author=author,
        service_date=service_date,
        starts_at=starts_at,
        minutes=minutes,
        mode=mode,
        summary=summary.strip(),
    )
    audit.record(
        actor=author,
        action=audit.Action.CREATE,
        client_id=client.pk,
        obj=contact,
        detail=f"{ContactKind(kind).label.lower()} contact",
    )
    return contact


def _lock(contact: SupportContact) -> SupportContact:
    """Re-read under a row lock, so two people cannot sign or amend it at the same moment."""
    locked: SupportContact = SupportContact.objects.select_for_update().get(pk=contact.pk)
    return locked


@transaction.atomic
def sign_contact(*, contact: SupportContact, signed_by: Any) -> SupportContact:
    """Sign and lock the contact; only its author signs it."""
    require_kind(signed_by, contact.kind)
    contact = _lock(contact)
    if contact.is_signed:
        reject("contact", "This contact is signed and locked. Add an addendum instead.", code="locked")
    if contact.author_id != signed_by.pk:
        reject("contact", "Only the contact's author may sign it.", code="not_author")
    contact.signed_at = clock.now()
    contact.save(update_fields=["signed_at", "updated_at"])
    audit.record(
        actor=signed_by, action=audit.Action.UPDATE, client_id=contact.client_id, obj=contact, detail="signed"
    )
    return contact


@transaction.atomic
def add_contact_addendum(*, contact: SupportContact, author: Any, text: str) -> SupportContactAddendum:
    """A later addition to a signed contact, by anyone who does that kind of work."""
    require_kind(author, contact.kind)
    contact = _lock(contact)
    if not contact.is_signed:
        reject("text", "This contact is not signed yet: addenda are for signed contacts.")
    if not text.strip():
        reject("text", "Write the addendum.")
    if len(text) > MAX_TEXT_CHARS:
        reject("text", f"Keep it under {MAX_TEXT_CHARS:,} characters.")
    addendum = SupportContactAddendum.objects.create(contact=contact, author=author, text=text.strip())
    audit.record(
        actor=author, action=audit.Action.CREATE, client_id=contact.client_id, obj=addendum, detail="addendum"
    )
    return addendum


@transaction.atomic
def record_outside_meeting(
    *,
    client: Client,
    recorded_by: Any,
    attended_on: dt.date,
    kind: str,
    other_name: str = "",
    note: str = "",
) -> OutsideMeeting:
    """A meeting the client went to, recorded by staff (the portal will add the client's own reports)."""
    require(recorded_by, Capability.PEER_SUPPORT)
    if attended_on > clock.today_in(client.site.timezone):
        reject("attended_on", "The meeting's date cannot be in the future.")
    if kind not in MeetingKind.values:
        reject("kind", "Choose the kind of meeting.")
    if kind == MeetingKind.OTHER and not other_name.strip():
        reject("other_name", "Name the meeting when the kind is other.")
    meeting = OutsideMeeting.objects.create(
        client=client,
        attended_on=attended_on,
        kind=kind,
        other_name=other_name.strip() if kind == MeetingKind.OTHER else "",
        note=note.strip(),
        source=MeetingSource.STAFF,
        recorded_by=recorded_by,
    )
    audit.record(
        actor=recorded_by,
        action=audit.Action.CREATE,
        client_id=client.pk,
        obj=meeting,
        detail="outside meeting",
    )
    return meeting
