"""Telehealth in the demo: the first portal client's next group session meets online (a virtual session), so
the portal shows a join link when it is near and the facilitator sees proposed minutes after a join."""

import datetime as dt

from trellis.episodes.models import Enrollment
from trellis.portal.models import PortalAccount
from trellis.scheduling.models import GroupSession, SessionMode
from trellis.scheduling.proposals import ProposedPlacement, ScheduleProposal


def make_virtual_session(*, mobiles: tuple[str, ...], today: dt.date) -> GroupSession | None:
    account = PortalAccount.objects.filter(mobile__in=mobiles).order_by("mobile").first()
    if account is None:
        return None
    enrollment = Enrollment.objects.on(today).filter(episode__client_id=account.client_id).first()
    if enrollment is None:
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
