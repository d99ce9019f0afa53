"""Telehealth in the demo: the first portal client's next group session meets online (a virtual session), so
the portal shows a join link when it is near and the facilitator sees proposed minutes after a join."""

import datetime as dt

from trellis.episodes.models import Enrollment
from trellis.portal.models import PortalAccount
from trellis.scheduling.models import GroupSession, SessionMode


def make_virtual_session(*, mobiles: tuple[str, ...], today: dt.date) -> GroupSession | None:
    account = PortalAccount.objects.filter(mobile__in=mobiles).order_by("mobile").first()
    if account is None:
        return None
    enrollment = Enrollment.objects.on(today).filter(episode__client_id=account.client_id).first()
    if enrollment is None:
        return None
    session = (
        GroupSession.objects.filter(
            track_id=enrollment.track_id, date__gte=today, status=GroupSession.Status.SCHEDULED
        )
        .order_by("starts_at")
        .first()
    )
    if session is not None:
        session.mode_override = SessionMode.VIRTUAL
        session.save(update_fields=["mode_override", "updated_at"])
    return session
