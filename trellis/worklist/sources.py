"""Where worklist lines come from: one function per kind of thing owed, each a fixed number of queries.

Each source reads through the owning app's own scoped selector or queryset (`visible_to`), so the worklist
shows a user nothing their role and sites would not show them elsewhere. A source names the responsible
person: the facilitator or author of a note, the supervisor of a co-signature (or the pool of supervisors
at the note's site, when any of them may give it), the assignee of a safety task, and otherwise the client's
primary clinician on the open episode. SOURCES is the registry the selectors run.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.urls import reverse

from trellis.attendance.models import PRESENT_STATUSES, AttendanceRecord
from trellis.billing.selectors import list_authorizations_at_risk
from trellis.casework.selectors import list_overdue_tasks, list_screens_due
from trellis.core import clock
from trellis.episodes.models import Episode
from trellis.measures.instrument_data import get_instrument
from trellis.measures.schedule import DueState
from trellis.measures.selectors import list_due_measures, list_open_safety_tasks
from trellis.notes import cosign
from trellis.notes.models import GroupNote, IndividualNote
from trellis.notes.signing import due_at, get_notes_setting
from trellis.plans.review_schedule import ReviewState
from trellis.plans.selectors import list_plans_missing, list_reviews_due
from trellis.privacy.consent_selectors import list_today_consents
from trellis.referrals.models import DischargeFollowUp, Referral
from trellis.scheduling.models import GroupSession
from trellis.support.models import SupportContact
from trellis.worklist.items import UNASSIGNED, Item, Kind, Staff

# Discharge summaries are chased for this long after discharge; older gaps belong to a records audit.
DISCHARGE_SUMMARY_WINDOW_DAYS = 30
EVERYTHING = 100_000  # the worklist is the full report the Today panels abbreviate


def staff_of(user: Any) -> Staff:
    return UNASSIGNED if user is None else Staff(pk=user.pk, name=user.get_full_name() or user.username)


@dataclass
class Scope:
    """The reader, the moment, and each visible open episode's client and primary clinician (1 query).

    With `client_id` (the chart's panel) the sources that query for themselves read only that client's rows,
    so a chart does not pay for the whole program's backlog."""

    user: Any
    now: dt.datetime
    client_id: Any = None
    _clinicians: dict[Any, Staff] | None = None

    def narrow(self, queryset: Any, field: str = "client_id") -> Any:
        return queryset if self.client_id is None else queryset.filter(**{field: self.client_id})

    def clinician_of(self, client_id: Any) -> Staff:
        if self._clinicians is None:
            # Plain rows: a director's scope is thousands of open episodes, and a model each was the cost.
            rows = (
                self.narrow(Episode.objects.visible_to(self.user))
                .open()
                .order_by("admitted_on")
                .values_list(
                    "client_id",
                    "primary_clinician_id",
                    "primary_clinician__first_name",
                    "primary_clinician__last_name",
                    "primary_clinician__username",
                )
            )
            self._clinicians = {
                client: UNASSIGNED if pk is None else Staff(pk=pk, name=f"{first} {last}".strip() or username)
                for client, pk, first, last, username in rows
            }
        return self._clinicians.get(client_id, UNASSIGNED)


@dataclass(frozen=True)
class Tally:
    """A source's lines counted without building them: the reader's own, their overdue ones, and all."""

    mine: int
    mine_overdue: int
    total: int


def safety_tasks(scope: Scope) -> list[Item]:
    return [
        Item(
            kind=Kind.SAFETY_TASK,
            staff=staff_of(task.assigned_to),
            what=task.get_kind_display(),
            url=reverse("measures:task", kwargs={"pk": task.pk}),
            due_on=task.due_on,
            overdue=task.due_on < scope.now.date(),  # a same-day task: late from the day after
            client_id=task.client_id,
            client_name=task.client.display_name,
        )
        for task in list_open_safety_tasks(user=scope.user, limit=EVERYTHING, client_id=scope.client_id)
    ]


def plans_missing(scope: Scope) -> list[Item]:
    return [
        Item(
            kind=Kind.PLAN_MISSING,
            staff=staff_of(line.episode.primary_clinician),
            what=f"First plan ({line.episode.program.name}){', draft started' if line.has_draft else ''}",
            url=reverse("plans:client", kwargs={"client_pk": line.episode.client_id}),
            due_on=line.due.due_on,
            overdue=line.due.state == ReviewState.OVERDUE,
            client_id=line.episode.client_id,
            client_name=line.episode.client.display_name,
        )
        for line in list_plans_missing(user=scope.user, limit=None, client_id=scope.client_id)
    ]


def plan_reviews(scope: Scope) -> list[Item]:
    return [
        Item(
            kind=Kind.PLAN_REVIEW,
            staff=scope.clinician_of(line.plan.episode.client_id),
            what=f"Plan v{line.plan.version} review",
            url=reverse("plans:review", kwargs={"pk": line.plan.pk}),
            due_on=line.due.due_on,
            overdue=line.due.state == ReviewState.OVERDUE,
            client_id=line.plan.episode.client_id,
            client_name=line.plan.episode.client.display_name,
        )
        for line in list_reviews_due(user=scope.user, limit=EVERYTHING, client_id=scope.client_id)
    ]


def _local_date(moment: dt.datetime, zone: str) -> dt.date:
    return moment.astimezone(clock.zone(zone)).date()


def group_notes_unsigned(scope: Scope, *, facilitator_ids: list[Any] | None = None) -> list[Item]:
    """Sessions held with someone present and no signed note, whoever facilitated them (or, with
    `facilitator_ids`, those people only; None in it for sessions without a facilitator).

    Read as plain rows, not model instances: a program that has fallen behind has thousands of these, and
    Today counts them on every load. A group note names no client, so the chart's panel has none."""
    if scope.client_id is not None:
        return []
    setting = get_notes_setting(organization_id=scope.user.organization_id)
    sessions = _sessions_without_signed_note(scope)
    if facilitator_ids is not None:
        people = Q(facilitator_id__in=[pk for pk in facilitator_ids if pk is not None])
        if None in facilitator_ids:
            people |= Q(facilitator__isnull=True)
        sessions = sessions.filter(people)
    rows = sessions.order_by("starts_at", "pk").values_list(
        "pk",
        "date",
        "ends_at",
        "group__name",
        "track__site__timezone",
        "facilitator_id",
        "facilitator__first_name",
        "facilitator__last_name",
        "facilitator__username",
    )
    # One reverse() for all rows: at thousands of lines the resolver, not the database, was the cost.
    placeholder = "00000000-0000-0000-0000-000000000000"
    url_pattern = reverse("notes:group_note", kwargs={"session_pk": placeholder})
    items = []
    for pk, date, ends_at, group_name, zone, facilitator_id, first, last, username in rows:
        due = due_at(service_ended_at=ends_at, setting=setting)
        name = f"{first} {last}".strip() or username
        items.append(
            Item(
                kind=Kind.NOTE_UNSIGNED,
                staff=UNASSIGNED if facilitator_id is None else Staff(pk=facilitator_id, name=name),
                what=f"Group note: {group_name}, {date:%b %-d}",
                url=url_pattern.replace(placeholder, str(pk)),
                due_on=_local_date(due, zone),
                overdue=due < scope.now,
            )
        )
    return items


def _sessions_without_signed_note(scope: Scope) -> Any:
    present = AttendanceRecord.objects.filter(session=OuterRef("pk"), status__in=PRESENT_STATUSES)
    return (
        GroupSession.objects.visible_to(scope.user)
        .held()
        .filter(starts_at__lte=scope.now)
        .filter(Exists(present))
        .filter(Q(group_note__isnull=True) | Q(group_note__signed_at__isnull=True))
    )


def individual_notes_unsigned(scope: Scope) -> list[Item]:
    setting = get_notes_setting(organization_id=scope.user.organization_id)
    drafts = scope.narrow(IndividualNote.objects.visible_to(scope.user).unsigned())
    drafts = drafts.select_related("client__site", "author")
    items = []
    for note in drafts:
        zone = note.client.site.timezone
        due = due_at(service_ended_at=note.service_ended_at(zone), setting=setting)
        items.append(
            Item(
                kind=Kind.NOTE_UNSIGNED,
                staff=staff_of(note.author),
                what=f"{note.format.upper()} note of {note.service_date:%b %-d}",
                url=reverse("notes:individual", kwargs={"pk": note.pk}),
                due_on=_local_date(due, zone),
                overdue=due < scope.now,
                client_id=note.client_id,
                client_name=note.client.display_name,
            )
        )
    return items


def support_contacts_unsigned(scope: Scope) -> list[Item]:
    """Case-management and peer-support contacts their author has not signed, due like notes."""
    setting = get_notes_setting(organization_id=scope.user.organization_id)
    drafts = scope.narrow(SupportContact.objects.visible_to(scope.user).unsigned())
    items = []
    for contact in drafts.select_related("client__site", "author"):
        zone = contact.client.site.timezone
        due = due_at(service_ended_at=contact.service_ended_at(zone), setting=setting)
        items.append(
            Item(
                kind=Kind.NOTE_UNSIGNED,
                staff=staff_of(contact.author),
                what=f"{contact.get_kind_display()} contact of {contact.service_date:%b %-d}",
                url=reverse("support:contact", kwargs={"pk": contact.pk}),
                due_on=_local_date(due, zone),
                overdue=due < scope.now,
                client_id=contact.client_id,
                client_name=contact.client.display_name,
            )
        )
    return items


def supervisors_at(site: Any) -> Staff:
    """The pool of a note open to any supervisor at its site (notes.cosign_rules.Cosigner)."""
    return Staff(pk=f"supervisors-{site.pk}", name=f"Any supervisor at {site.name}", pool=True)


def _cosigner(note: Any, site: Any) -> Staff:
    return supervisors_at(site) if note.cosign_any_supervisor else staff_of(note.cosign_supervisor)


def _waiting_cosignature(model: Any, scope: Scope, site_field: str) -> Any:
    """Every note waiting for a co-signature, each marked whether the reader may give it, by the queue's own
    rule (`cosign.waiting_q`), so the worklist and the co-sign queue never disagree."""
    waiting = Q(signed_at__isnull=False, cosigned_at__isnull=True) & (
        Q(cosign_supervisor__isnull=False) | Q(cosign_any_supervisor=True)
    )
    for_me = ExpressionWrapper(cosign.waiting_q(scope.user, site_field), output_field=BooleanField())
    return model.objects.visible_to(scope.user).filter(waiting).annotate(for_me=for_me).order_by("pk")


def cosignatures(scope: Scope) -> list[Item]:
    groups = _waiting_cosignature(GroupNote, scope, "session__track__site_id").select_related(
        "session__group", "session__track__site", "author", "cosign_supervisor"
    )
    if scope.client_id is not None:  # a group note names no client: none on the chart's panel
        groups = groups.none()
    singles = scope.narrow(_waiting_cosignature(IndividualNote, scope, "client__site_id")).select_related(
        "client__site", "author", "cosign_supervisor"
    )
    items = [
        Item(
            kind=Kind.COSIGN,
            staff=_cosigner(note, note.session.track.site),
            what=f"Group note: {note.session.group.name}, {note.session.date:%b %-d}, by {note.author}",
            url=reverse("notes:group_note", kwargs={"session_pk": note.session_id}),
            due_on=None,
            overdue=False,
            open_to_me=note.for_me,
        )
        for note in groups
    ]
    items += [
        Item(
            kind=Kind.COSIGN,
            staff=_cosigner(note, note.client.site),
            what=f"{note.format.upper()} note of {note.service_date:%b %-d}, by {note.author}",
            url=reverse("notes:individual", kwargs={"pk": note.pk}),
            due_on=None,
            overdue=False,
            client_id=note.client_id,
            client_name=note.client.display_name,
            open_to_me=note.for_me,
        )
        for note in singles
    ]
    return items


def measures_due(scope: Scope) -> list[Item]:
    return [
        Item(
            kind=Kind.MEASURE_DUE,
            staff=scope.clinician_of(line.client.pk),
            what=get_instrument(line.due.instrument).short_name,
            url=reverse("measures:client", kwargs={"pk": line.client.pk}),
            due_on=line.due.due_on,
            overdue=line.due.state is DueState.OVERDUE,
            client_id=line.client.pk,
            client_name=line.client.display_name,
        )
        for line in list_due_measures(user=scope.user, now=scope.now, client_id=scope.client_id)
    ]


def consents(scope: Scope) -> list[Item]:
    found = list_today_consents(user=scope.user, limit=EVERYTHING, client_id=scope.client_id)
    items = [
        Item(
            kind=Kind.CONSENT_MISSING,
            staff=scope.clinician_of(client.pk),
            what="Part 2 consent for treatment, payment and operations",
            url=reverse("consents:prepare", kwargs={"client_pk": client.pk}),
            due_on=None,
            overdue=True,
            client_id=client.pk,
            client_name=client.display_name,
        )
        for client in found.missing
    ]
    items += [
        Item(
            kind=Kind.CONSENT_EXPIRING,
            staff=scope.clinician_of(line.consent.client_id),
            what=f"{line.consent.get_kind_display()} consent ends in {line.days_left} days",
            url=reverse("consents:detail", kwargs={"pk": line.consent.pk}),
            due_on=line.consent.expires_on,
            overdue=False,
            client_id=line.consent.client_id,
            client_name=line.consent.client.display_name,
        )
        for line in found.expiring
    ]
    return items


def authorizations(scope: Scope) -> list[Item]:
    """Authorizations whose concurrent review is due or which ran out unrenewed (billing roles only)."""
    lines = list_authorizations_at_risk(
        user=scope.user, today=scope.now.date(), client_id=scope.client_id
    )  # as billing's Today panel
    items = []
    for line in lines:
        due = [alert for alert in line.alerts if alert in ("concurrent review due", "expired")]
        if not due:
            continue
        authorization = line.authorization
        client = authorization.coverage.client
        items.append(
            Item(
                kind=Kind.AUTHORIZATION_REVIEW,
                staff=scope.clinician_of(client.pk),
                what=f"Authorization {authorization.number} ({authorization.coverage.payer.name}): {due[0]}",
                url=reverse("billing:client", kwargs={"pk": client.pk}),
                due_on=authorization.ends_on,
                overdue="expired" in due,
                client_id=client.pk,
                client_name=client.display_name,
            )
        )
    return items


def discharge_summaries(scope: Scope) -> list[Item]:
    """Episodes discharged in the last 30 days whose summary is still blank."""
    since = scope.now.date() - dt.timedelta(days=DISCHARGE_SUMMARY_WINDOW_DAYS)
    episodes = (
        scope.narrow(Episode.objects.visible_to(scope.user))
        .filter(discharged_on__gte=since, discharge_summary="")
        .select_related("client", "primary_clinician")
    )
    return [
        Item(
            kind=Kind.DISCHARGE_SUMMARY,
            staff=staff_of(episode.primary_clinician),
            what=f"Discharged {episode.discharged_on:%b %-d}",
            url=reverse("episodes:discharge_summary", kwargs={"pk": episode.pk}),
            due_on=episode.discharged_on,
            overdue=True,
            client_id=episode.client_id,
            client_name=episode.client.display_name,
        )
        for episode in episodes
    ]


def referral_follow_ups(scope: Scope) -> list[Item]:
    """Every open referral (drafted, sent, received, accepted), due on its follow-up date, until the loop closes."""
    referrals = (
        scope.narrow(Referral.objects.visible_to(scope.user))
        .open()
        .select_related("client", "resource", "created_by")
    )
    return [
        Item(
            kind=Kind.REFERRAL_FOLLOW_UP,
            staff=staff_of(referral.created_by),
            what=f"{referral.resource.name} ({referral.get_state_display().lower()})",
            url=reverse("referrals:detail", kwargs={"pk": referral.pk}),
            due_on=referral.follow_up_on,
            overdue=referral.follow_up_on is not None and referral.follow_up_on < scope.now.date(),
            client_id=referral.client_id,
            client_name=referral.client.display_name,
        )
        for referral in referrals
    ]


def discharge_follow_ups(scope: Scope) -> list[Item]:
    """From discharge until someone records the call 30 days after it."""
    follow_ups = (
        scope.narrow(DischargeFollowUp.objects.visible_to(scope.user))
        .waiting()
        .select_related("client", "episode__primary_clinician")
    )
    return [
        Item(
            kind=Kind.DISCHARGE_FOLLOW_UP,
            staff=staff_of(follow_up.episode.primary_clinician),
            what=f"Discharged {follow_up.episode.discharged_on:%b %-d}"
            if follow_up.episode.discharged_on
            else "",
            url=reverse("referrals:client", kwargs={"client_pk": follow_up.client_id}),
            due_on=follow_up.due_on,
            overdue=follow_up.due_on < scope.now.date(),
            client_id=follow_up.client_id,
            client_name=follow_up.client.display_name,
        )
        for follow_up in follow_ups
    ]


def needs_screens_due(scope: Scope) -> list[Item]:
    """Social needs screens due at admission and every 90 days, for the case manager (else the clinician)."""
    return [
        Item(
            kind=Kind.NEEDS_SCREEN,
            staff=staff_of(line.responsible),
            what="Social needs screen",
            url=reverse("casework:screen", kwargs={"client_pk": line.episode.client_id}),
            due_on=line.due.due_on,
            overdue=line.due.state is DueState.OVERDUE,
            client_id=line.episode.client_id,
            client_name=line.episode.client.display_name,
        )
        for line in list_screens_due(user=scope.user, now=scope.now, client_id=scope.client_id)
    ]


def case_tasks_overdue(scope: Scope) -> list[Item]:
    return [
        Item(
            kind=Kind.CASE_TASK,
            staff=staff_of(task.owner),
            what=f"Case plan task due {task.due_on:%b %-d}",
            url=reverse("casework:case_plan", kwargs={"pk": task.episode_id}),
            due_on=task.due_on,
            overdue=True,
            client_id=task.episode.client_id,
            client_name=task.episode.client.display_name,
        )
        for task in list_overdue_tasks(user=scope.user, today=scope.now.date(), client_id=scope.client_id)
    ]


Source = Callable[[Scope], list[Item]]
SOURCES: tuple[Source, ...] = (
    safety_tasks,
    plans_missing,
    plan_reviews,
    group_notes_unsigned,
    individual_notes_unsigned,
    support_contacts_unsigned,
    cosignatures,
    measures_due,
    consents,
    authorizations,
    discharge_summaries,
    referral_follow_ups,
    discharge_follow_ups,
    needs_screens_due,
    case_tasks_overdue,
)
