"""The demo's published schedule: this week's and next week's groups, solved and published as the director
would, so the client's week (the portal's "next two weeks", the printed schedule, the calendar feed) has
something in it on any day the demo is loaded, a Sunday included."""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from trellis.accounts.models import User
from trellis.core import clock, context
from trellis.programs.models import Site
from trellis.scheduling.proposals import ScheduleProposal
from trellis.scheduling.publishing import publish_proposal, solve_proposal

WEEKS = 2


@contextmanager
def _as_demo_job(seed: int) -> Iterator[None]:
    """The demo load's one request id, so the audit log shows these events as part of it."""
    context.set_current(context.RequestContext(request_id=f"load_demo-seed-{seed}", ip_address=None, path=""))
    try:
        yield
    finally:
        context.set_current(None)


def publish_demo_weeks(*, organization_name: str, seed: int, today: dt.date) -> int:
    """Returns how many site-weeks were published (a week the solver finds no schedule for is left out)."""
    with _as_demo_job(seed):
        return _publish(organization_name, today)


def _publish(organization_name: str, today: dt.date) -> int:
    director = User.objects.get(username="director")
    published = 0
    for site in Site.objects.filter(organization__name=organization_name).order_by("name"):
        for week in range(WEEKS):
            week_start = clock.week_start(today) + dt.timedelta(weeks=week)
            proposal = ScheduleProposal.objects.create(
                site=site, week_start=week_start, requested_by=director, reason="Demo schedule"
            )
            proposal = solve_proposal(proposal=proposal)
            if proposal.status == ScheduleProposal.Status.READY:
                publish_proposal(proposal=proposal, published_by=director)
                published += 1
    return published


# PHQ-9 and GAD-7 every two weeks, the BAM monthly in substance-use programs: the demo's measure series were given
# every 14 to 28 days, so on any day some clients have a check-in due (on Today, the worklist and the portal).
MEASURE_EVERY_DAYS = {"phq9": 14, "gad7": 14}
SUD_MEASURE_EVERY_DAYS = {"bam": 30}


def schedule_demo_measures(*, organization_name: str, seed: int) -> int:
    """Returns how many measure schedules were set."""
    with _as_demo_job(seed):
        return _schedule_measures(organization_name)


def _schedule_measures(organization_name: str) -> int:
    from trellis.demo.plans_measures_demo import SUD_KINDS
    from trellis.measures.services import set_measure_schedule
    from trellis.programs.models import Program

    director = User.objects.get(username="director")
    count = 0
    for program in Program.objects.filter(organization__name=organization_name):
        rules = {**MEASURE_EVERY_DAYS, **(SUD_MEASURE_EVERY_DAYS if program.kind in SUD_KINDS else {})}
        for instrument, every_days in rules.items():
            set_measure_schedule(
                program=program, instrument=instrument, every_days=every_days, set_by=director
            )
            count += 1
    return count
