"""When the clock alone next changes the worklist: the `valid_until` of a kept worklist page or panel.

Every write that adds, removes or changes a line is audited and so renews the organization's activity stamp
(core.kept_pages); what is left is time. Each source's lines turn due or overdue, or start to be lines, at
one of these instants, and nowhere else:

- a midnight. Safety tasks, referrals, follow-ups, case tasks, authorizations and discharge summaries compare
  dates with the UTC day; measures, screens, plans and consents with the day in the client's site's zone.
  Rather than ask each source for its next date, the bound is the next midnight in UTC or in the zone of any
  of the organization's sites (conservative: a kept page at most ends a little early, never late).
- a note's deadline (`notes.signing.due_at`: the service's end plus the organization's hours). Group notes of
  held sessions, individual notes and support contacts still unsigned and not yet late: the earliest deadline.
- a group session starting. A held session with someone marked present becomes a note owed once it starts
  (attendance can be taken ahead of the start); the earliest such start still ahead.

At most four queries, paid only when a part is rendered, never when a kept one is shown.
"""

import datetime as dt
from typing import Any

from django.db.models import Exists, Min, OuterRef, Q

from trellis.attendance.models import PRESENT_STATUSES, AttendanceRecord
from trellis.core import clock, page_memo
from trellis.notes.models import IndividualNote
from trellis.notes.signing import due_at, get_notes_setting
from trellis.programs.models import Site
from trellis.scheduling.models import GroupSession
from trellis.support.models import SupportContact
from trellis.worklist.sources import Scope

# A service date this many days before today may still end in the future somewhere (zones span about a day).
ZONE_SLACK_DAYS = 2


def next_change(scope: Scope) -> dt.datetime:
    """The earliest instant after `scope.now` at which the clock alone changes a line `scope` would list."""
    candidates = [_next_midnight(scope), *_note_deadlines(scope), *_session_starts(scope)]
    return min(moment for moment in candidates if moment > scope.now)


def _site_zones(organization_id: Any) -> list[str]:
    def read() -> list[str]:
        found = Site.objects.filter(organization_id=organization_id).values_list("timezone", flat=True)
        return sorted(set(found))

    return page_memo.remember(("site_zones", organization_id), read)


def _next_midnight(scope: Scope) -> dt.datetime:
    return clock.next_midnight(_site_zones(scope.user.organization_id), after=scope.now)


def _note_deadlines(scope: Scope) -> list[dt.datetime]:
    """The earliest deadline still ahead of each kind of unsigned note the sources list."""
    setting = get_notes_setting(organization_id=scope.user.organization_id)
    hours = dt.timedelta(hours=setting.note_due_hours)
    since = scope.now.date() - hours - dt.timedelta(days=ZONE_SLACK_DAYS)
    found: list[dt.datetime] = []
    notes = scope.narrow(IndividualNote.objects.visible_to(scope.user).unsigned())
    for service_date, zone in notes.filter(service_date__gte=since).values_list(
        "service_date", "client__site__timezone"
    ):
        ended = clock.local_datetime(service_date + dt.timedelta(days=1), dt.time(0), zone)
        found.append(due_at(service_ended_at=ended, setting=setting))
    contacts = scope.narrow(SupportContact.objects.visible_to(scope.user).unsigned())
    for service_date, starts_at, minutes, zone in contacts.filter(service_date__gte=since).values_list(
        "service_date", "starts_at", "minutes", "client__site__timezone"
    ):
        ended = clock.local_datetime(service_date, starts_at, zone) + dt.timedelta(minutes=minutes)
        found.append(due_at(service_ended_at=ended, setting=setting))
    return [moment for moment in found if moment > scope.now]


def _session_starts(scope: Scope) -> list[dt.datetime]:
    """Group notes (none on a client's panel): the next start of a held session with someone present, and
    the earliest deadline of a started one whose note is not signed."""
    if scope.client_id is not None:
        return []
    setting = get_notes_setting(organization_id=scope.user.organization_id)
    late = scope.now - dt.timedelta(hours=setting.note_due_hours)
    present = AttendanceRecord.objects.filter(session=OuterRef("pk"), status__in=PRESENT_STATUSES)
    unsigned = Q(group_note__isnull=True) | Q(group_note__signed_at__isnull=True)
    found = (
        GroupSession.objects.visible_to(scope.user)
        .held()
        .filter(unsigned, Exists(present), ends_at__gt=late)
        .aggregate(
            starts=Min("starts_at", filter=Q(starts_at__gt=scope.now)),
            ends=Min("ends_at", filter=Q(starts_at__lte=scope.now)),
        )
    )
    moments = []
    if found["starts"] is not None:
        moments.append(found["starts"])
    if found["ends"] is not None:
        moments.append(due_at(service_ended_at=found["ends"], setting=setting))
    return moments
