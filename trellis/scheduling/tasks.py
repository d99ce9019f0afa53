"""Queue work for scheduling: sessions are generated in the background, never in a request."""

import datetime as dt

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from trellis.core import clock
from trellis.programs.models import Track
from trellis.scheduling import services

WEEKS_AHEAD = 4


@db_task()
def generate_track_sessions(track_id: str) -> int:
    today = clock.now().date()
    tracks = list(Track.objects.filter(pk=track_id))
    return services.generate_sessions(
        first=today, last=today + dt.timedelta(weeks=WEEKS_AHEAD), tracks=tracks
    )


@db_periodic_task(crontab(hour="2", minute="15"))
def generate_upcoming_sessions() -> int:
    """Nightly: keep four weeks of sessions ahead for every active group."""
    today = clock.now().date()
    return services.generate_sessions(first=today, last=today + dt.timedelta(weeks=WEEKS_AHEAD))


@db_task()
def solve_proposal_task(proposal_id: str) -> str:
    """Solve a queued schedule proposal; a request never waits for the solver."""
    from trellis.scheduling.models import ScheduleProposal

    proposal = ScheduleProposal.objects.filter(pk=proposal_id).first()
    if proposal is None:
        return "missing"
    return str(services.solve_proposal(proposal=proposal).status)
