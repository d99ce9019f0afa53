"""The co-sign queue: notes waiting for a supervisor, opening one to review it, and co-signing in bulk.

A co-signature attests that the supervisor reviewed the note, so bulk co-signing only takes notes the
supervisor has opened on the review page (a CosignOpening row, written when the page is shown); a list of
unread notes cannot be signed with one click. Every read is scoped to the notes the user may read
(`visible_to`: their organization and sites); co-signing itself is checked and audited in `signing`.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from trellis.accounts.roles import Capability
from trellis.core import clock
from trellis.core.errors import reject
from trellis.notes.cosign_rules import GROUP
from trellis.notes.models import CosignOpening, GroupNote, IndividualNote
from trellis.notes.signing import Note, cosign_note, refuse_unless_cosigner
from trellis.plans.models import TreatmentPlan

LIMIT = 200  # a queue, not a report: the longest-waiting first


@dataclass(frozen=True)
class Waiting:
    """One note on the queue; `ref` ("group:<id>" or "individual:<id>") is what the bulk form posts."""

    ref: str
    kind: str
    subject: str
    author: str
    signed_at: dt.datetime
    waited: dt.timedelta
    opened: bool
    url: str
    client_id: Any = None

    @property
    def waited_label(self) -> str:
        hours = int(self.waited.total_seconds() // 3600)
        if hours < 1:
            return "under an hour"
        if hours < 48:
            return f"{hours} hour{'s' if hours != 1 else ''}"
        return f"{hours // 24} days"


def waiting_q(user: Any, site_field: str) -> Q:
    """Notes the user may co-sign now: signed, not yet co-signed, not the user's own, and either naming the
    user or open to any supervisor at one of the user's sites. The queue and the worklist both read this."""
    mine = Q(cosign_supervisor=user)
    if user.can(Capability.SUPERVISE_NOTES):
        mine |= Q(cosign_any_supervisor=True, **{f"{site_field}__in": user.site_ids()})
    return Q(signed_at__isnull=False, cosigned_at__isnull=True) & mine & ~Q(author=user)


def _groups(user: Any) -> Any:
    return GroupNote.objects.visible_to(user).filter(waiting_q(user, "session__track__site_id"))


def _singles(user: Any) -> Any:
    return IndividualNote.objects.visible_to(user).filter(waiting_q(user, "client__site_id"))


def waiting_count(user: Any) -> int:
    """How many notes wait for the user's co-signature (2 queries; 0 for staff who read no notes)."""
    if not user.can(Capability.WRITE_NOTES):
        return 0
    return int(_groups(user).count() + _singles(user).count())


def waiting_for(user: Any, *, now: dt.datetime | None = None) -> list[Waiting]:
    """The notes waiting for the user's co-signature, longest-waiting first (3 queries, however many)."""
    if not user.can(Capability.WRITE_NOTES):
        return []
    now = now or clock.now()
    opened_group = CosignOpening.objects.filter(supervisor=user, group_note=OuterRef("pk"))
    opened_single = CosignOpening.objects.filter(supervisor=user, individual_note=OuterRef("pk"))
    groups = (
        _groups(user)
        .select_related("session__group", "author")
        .annotate(opened=Exists(opened_group), clients=Count("entries"))
        .order_by("signed_at")[:LIMIT]
    )
    singles = (
        _singles(user)
        .select_related("client", "author")
        .annotate(opened=Exists(opened_single))
        .order_by("signed_at")[:LIMIT]
    )
    rows = [_group_row(note, now) for note in groups] + [_single_row(note, now) for note in singles]
    return sorted(rows, key=lambda row: row.signed_at)


def _group_row(note: Any, now: dt.datetime) -> Waiting:
    return Waiting(
        ref=f"{GROUP}:{note.pk}",
        kind="Group note",
        subject=f"{note.session.group.name}, {note.session.date:%a %-d %b} ({note.clients} clients)",
        author=str(note.author),
        signed_at=note.signed_at,
        waited=now - note.signed_at,
        opened=note.opened,
        url=reverse("notes:cosign_review", kwargs={"kind": "group", "pk": note.pk}),
    )


def _single_row(note: Any, now: dt.datetime) -> Waiting:
    return Waiting(
        ref=f"individual:{note.pk}",
        kind=f"{note.format.upper()} note",
        subject=f"{note.client.display_name}, {note.service_date:%a %-d %b}",
        author=str(note.author),
        signed_at=note.signed_at,
        waited=now - note.signed_at,
        opened=note.opened,
        url=reverse("notes:cosign_review", kwargs={"kind": "individual", "pk": note.pk}),
        client_id=note.client_id,
    )


@dataclass(frozen=True)
class PlanWaiting:
    """A treatment plan its clinician signed that waits for a supervisor's signature (plans.signing)."""

    client_id: Any
    client: str
    version: int
    clinician: str
    signed_at: dt.datetime
    url: str


def plans_waiting_for(user: Any) -> list[PlanWaiting]:
    """Plans whose program needs a supervisor's signature, signed by another clinician (1 query)."""
    if not user.can(Capability.SUPERVISE_NOTES):
        return []
    plans = (
        TreatmentPlan.objects.visible_to(user)
        .unsigned()
        .filter(requires_supervisor_signature=True, supervisor_signed_at__isnull=True)
        .filter(clinician_signed_at__isnull=False)
        .exclude(clinician=user)
        .select_related("episode__client", "clinician")
        .order_by("clinician_signed_at")[:LIMIT]
    )
    return [
        PlanWaiting(
            client_id=plan.episode.client_id,
            client=plan.episode.client.display_name,
            version=plan.version,
            clinician=str(plan.clinician),
            signed_at=plan.clinician_signed_at,
            url=reverse("plans:plan", kwargs={"pk": plan.pk}),
        )
        for plan in plans
    ]


def may_cosign(user: Any, note: Note) -> bool:
    if not (note.awaiting_cosignature and user.can(Capability.WRITE_NOTES)):
        return False
    try:
        refuse_unless_cosigner(note, user)
    except ValidationError:  # here a refusal only means "no button"
        return False
    return True


def record_opened(*, supervisor: Any, note: Note) -> None:
    """The supervisor has the note in front of them: from now on it may be co-signed in bulk."""
    if isinstance(note, GroupNote):
        CosignOpening.objects.get_or_create(supervisor=supervisor, group_note=note)
    else:
        CosignOpening.objects.get_or_create(supervisor=supervisor, individual_note=note)


def _parse(refs: list[str]) -> tuple[list[str], list[str]]:
    groups, singles = [], []
    for ref in refs:
        kind, _, pk = ref.partition(":")
        if kind == GROUP:
            groups.append(pk)
        elif kind == "individual":
            singles.append(pk)
        else:
            reject("notes", "That selection is not a list of notes. Reload the queue and choose again.")
    return groups, singles


def _chosen(supervisor: Any, refs: list[str]) -> list[Note]:
    groups, singles = _parse(refs)
    try:
        notes: list[Note] = [
            *_groups(supervisor).filter(pk__in=groups),
            *_singles(supervisor).filter(pk__in=singles),
        ]
    except ValidationError:  # a malformed id is a note that is not there
        notes = []
    if len(notes) != len(set(refs)):
        reject("notes", "Some of the chosen notes are no longer waiting for you. Reload the queue.")
    return notes


def _unopened(supervisor: Any, notes: list[Note]) -> list[Note]:
    opened = CosignOpening.objects.filter(supervisor=supervisor)
    groups = set(
        opened.filter(group_note__in=[n for n in notes if isinstance(n, GroupNote)]).values_list(
            "group_note_id", flat=True
        )
    )
    singles = set(
        opened.filter(individual_note__in=[n for n in notes if isinstance(n, IndividualNote)]).values_list(
            "individual_note_id", flat=True
        )
    )
    return [n for n in notes if n.pk not in (groups if isinstance(n, GroupNote) else singles)]


@transaction.atomic
def cosign_many(*, supervisor: Any, refs: list[str]) -> int:
    """Co-sign every chosen note the supervisor has opened; if any is unopened or refused, sign none."""
    if not refs:
        reject("notes", "Tick the notes you have read and want to co-sign.")
    notes = _chosen(supervisor, refs)
    unopened = _unopened(supervisor, notes)
    if unopened:
        reject(
            "notes",
            f"{len(unopened)} of the chosen notes you have not opened yet. Open and read each note before "
            "co-signing it; nothing was co-signed.",
            code="unopened",
        )
    for note in notes:
        cosign_note(note=note, supervisor=supervisor)
    return len(notes)
