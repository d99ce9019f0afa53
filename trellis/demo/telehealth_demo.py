"""Telehealth in the demo: the first portal client's next group session meets online (a virtual session), so
the portal shows a join link when it is near and the facilitator sees proposed minutes after a join."""

import datetime as dt

from trellis.episodes.models import Enrollment
from trellis.portal.models import PortalAccount
from trellis.scheduling.models import GroupSession, SessionMode
from trellis.scheduling.proposals import ProposedPlacement, ScheduleProposal


def make_virtual_session(*, mobiles: tuple[str, ...], today: dt.date) -> GroupSession | None:
    # The first portal client in a group today (an invited client may be waitlisted, with no track yet).
    accounts = PortalAccount.objects.filter(mobile__in=mobiles).order_by("mobile")
    enrolled = Enrollment.objects.on(today).order_by("starts_on", "pk")
    found = ((a, enrolled.filter(episode__client_id=a.client_id).first()) for a in accounts)
    account, enrollment = next(((a, e) for a, e in found if e is not None), (None, None))
    if account is None or enrollment is None:
        return None
    sessions = GroupSession.objects.filter(
        track_id=enrollment.track_id, date__gte=today, status=GroupSession.Status.SCHEDULED
    ).order_by("starts_at")
    # Her own next group where the published schedule places her (else the track's next one).
    placed = set(
        ProposedPlacement.objects.filter(
            client_id=account.client_id, proposal__status=ScheduleProposal.Status.PUBLISHED, date__gte=today
        ).values_list("group_id", "date")
    )
    session = next((s for s in sessions if (s.group_id, s.date) in placed), None) or sessions.first()
    if session is not None:
        session.mode_override = SessionMode.VIRTUAL
        session.save(update_fields=["mode_override", "updated_at"])
    return session
