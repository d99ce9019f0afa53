"""The group session page's body, kept rendered per reader (core.kept_pages) and shown again only while it
cannot be stale.

Its key holds the reader, the session, the organization's activity stamp (new with every audited write, in
that write's transaction: a tap, a correction, a signed note, a client joining the video room) and the UTC
day. Within the day the clock alone changes one thing: the week's hours count a session still ahead as
possible until it starts (attendance.selectors notes it with clock_marks), so the body ends then, or at the
next midnight at the session's site, whichever is first.

The body holds forms: it is kept with a random slot where each CSRF token goes and gets the request's token
when shown (kept_pages.fill_token_slot). Messages are in the frame (base.html), rendered on every request.
Every showing, kept or fresh, records a view of each client on the roster.
"""

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from trellis.accounts.roles import Capability
from trellis.attendance import corrections, telehealth
from trellis.attendance.forms import AttendanceForm
from trellis.attendance.models import AttendanceRecord
from trellis.attendance.selectors import RosterLine, get_roster_with_hours
from trellis.core import clock, clock_marks, kept_pages
from trellis.privacy import audit
from trellis.scheduling.models import GroupSession

LAYOUT = 1  # raise when session.html's body changes shape, so bodies kept by the old code are not shown
Status = AttendanceRecord.Status
# Short labels so five buttons and two times fit one row on a tablet.
TAPS = [
    (Status.PRESENT, "Present"),
    (Status.LATE, "Late"),
    (Status.LEFT_EARLY, "Left early"),
    (Status.EXCUSED, "Excused"),
    (Status.UNEXCUSED, "Unexcused"),
]


# What the page and its body show of the session besides the session itself.
SHOWN_WITH = ("group", "track__site", "track__program", "room", "facilitator", "topic")


def session_for(user: Any, pk: Any) -> GroupSession:
    """The session through the reader's gate, with all the page shows of it (for the taps' answers)."""
    session: GroupSession = get_object_or_404(
        GroupSession.objects.visible_to(user).select_related(*SHOWN_WITH), pk=pk
    )
    return session


def gated_session(user: Any, pk: Any) -> GroupSession:
    """The session through the reader's gate, with its group (the page's title) only: the activity stamps
    read first (call inside page_memo.reading_page()). A kept body needs nothing more, and PostgreSQL took
    six times longer to plan the seven-table read than to run it (1.9 ms against 0.3); body_html reads the
    rest when it renders."""
    kept_pages.activity_key(user)
    session: GroupSession = get_object_or_404(
        GroupSession.objects.visible_to(user).select_related("group"), pk=pk
    )
    return session


def body_html(request: HttpRequest, session: GroupSession) -> str:
    """The page below its frame, kept or rendered now; the views of the roster's clients recorded either way.
    `session` comes from gated_session()."""
    user: Any = request.user
    key = kept_pages.page_key(
        page="session", layout=LAYOUT, user=user, day=clock.now().date(), extra=str(session.pk)
    )
    kept = kept_pages.get_or_render(key, lambda: _render(request, session))
    audit.record_views(actor=user, client_ids=kept.shown_client_ids, detail="session roster")
    return kept_pages.fill_token_slot(kept.html, kept.extra["token_slot"], request)


def _render(request: HttpRequest, gated: GroupSession) -> kept_pages.Kept:
    session = GroupSession.objects.select_related(*SHOWN_WITH).get(pk=gated.pk)  # gated by the caller
    zone = session.track.site.timezone
    with clock_marks.watching() as watch:
        found = get_roster_with_hours(session=session, today=clock.today_in(zone))
        roster = found.lines
        locks = corrections.locks_of(line.record for line in roster)
        rows = [row(session, line, found.hours.get(line.client.pk), locks=locks) for line in roster]
        proposals = telehealth.list_proposals(session=session) if session.is_telehealth else {}
        for each in rows:
            each["proposal"] = proposals.get(each["client"].pk)
        context = {
            "session": session,
            "rows": rows,
            **tally(roster),
            "taps": TAPS,
            "can_take": request.user.can(Capability.TAKE_ATTENDANCE),  # type: ignore[union-attr]
        }
        html, slot = kept_pages.render_with_token_slot("attendance/session.html#body", context, request)
    return kept_pages.Kept(
        html=html,
        shown_client_ids=tuple(line.client.pk for line in roster),
        valid_until=clock_marks.earliest(watch.earliest, clock.next_midnight([zone])),
        extra={"token_slot": slot},
    )


def tally(roster: list[RosterLine]) -> dict[str, int]:
    return {
        "roster_size": len(roster),
        "recorded_count": sum(1 for line in roster if line.record),
        "present_count": sum(1 for line in roster if line.record and line.record.counts_as_present),
    }


def row(
    session: GroupSession,
    line: RosterLine,
    week: Any,
    form: AttendanceForm | None = None,
    *,
    locks: dict[Any, list[str]],
    problems: list[str] | None = None,
) -> dict[str, Any]:
    """A roster row. `form` is the refused tap's (keeping its times and reason); `problems` are what to say."""
    record = line.record
    return {
        "client": line.client,
        "enrollment": line.enrollment,
        "record": record,
        "week": week,
        "form": form or AttendanceForm.for_record(session=session, record=record),
        "version": record.version if record else 0,
        "behind": locks.get(record.pk, []) if record else [],
        "problems": problems or [],
    }
