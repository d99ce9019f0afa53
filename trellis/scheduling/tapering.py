"""Tapering: moving a client to the program's next phase (fewer days) or back up after a relapse, then
re-proposing the published weeks so the schedule follows, moving as few other clients as possible.

Intensity is highest at the start and tapers; it goes back up after a relapse (REFERENCE.md section 1).
Plan reviews decide when; this module only carries the decision out.
"""

import datetime as dt
from typing import Any

from django.db import transaction

from trellis.accounts.access import require
from trellis.accounts.roles import Capability
from trellis.core.errors import reject
from trellis.episodes import services as episodes
from trellis.episodes.choices import EnrollmentEndReason
from trellis.episodes.models import Enrollment, Episode
from trellis.programs.models import Phase
from trellis.scheduling.publishing import request_resolve_after_change


def _current(episode: Episode) -> Enrollment:
    enrollment: Enrollment | None = (
        Enrollment.objects.filter(episode=episode, ends_on__isnull=True)
        .select_related("phase", "track")
        .first()
    )
    if enrollment is None:
        reject("episode", "The client has no current enrollment to change.")
    return enrollment


def _change(
    *, episode: Episode, phase: Phase, starts_on: dt.date, reason: str, changed_by: Any
) -> Enrollment:
    require(changed_by, Capability.MANAGE_ENROLLMENT)
    current = _current(episode)
    enrollment = episodes.change_enrollment(
        episode=episode,
        track=current.track,
        phase=phase,
        starts_on=starts_on,
        reason=reason,
        changed_by=changed_by,
    )
    label = "step-down" if reason == EnrollmentEndReason.STEP_DOWN else "step-up"
    request_resolve_after_change(site=current.track.site, requested_by=changed_by, reason=f"After a {label}")
    return enrollment


@transaction.atomic
def step_down_client(*, episode: Episode, starts_on: dt.date, changed_by: Any) -> Enrollment:
    """Advance the client to the program's next phase (fewer days a week) from ``starts_on``."""
    current = _current(episode)
    following = Phase.objects.filter(program_id=episode.program_id, number__gt=current.phase.number).first()
    if following is None:
        reject("phase", f"{current.phase.name} is the program's last phase; consider discharge planning.")
    return _change(
        episode=episode,
        phase=following,
        starts_on=starts_on,
        reason=EnrollmentEndReason.STEP_DOWN,
        changed_by=changed_by,
    )


@transaction.atomic
def step_up_client(*, episode: Episode, starts_on: dt.date, changed_by: Any) -> Enrollment:
    """Return the client to the previous, more intensive phase from ``starts_on`` (e.g. after a relapse)."""
    current = _current(episode)
    earlier = (
        Phase.objects.filter(program_id=episode.program_id, number__lt=current.phase.number)
        .order_by("-number")
        .first()
    )
    if earlier is None:
        reject("phase", f"{current.phase.name} is already the program's most intensive phase.")
    return _change(
        episode=episode,
        phase=earlier,
        starts_on=starts_on,
        reason=EnrollmentEndReason.STEP_UP,
        changed_by=changed_by,
    )
