"""Proposing a site's week with the solver, publishing it, and pinning clients to groups by hand.

Flow: ``request_proposal`` (queued, solved in the task queue) -> ``solve_proposal`` (ready for review, or
invalid with the reasons) -> ``publish_proposal`` (one click: becomes the week's schedule). Re-solving a
week that is already published keeps everyone's published placements unless moving them is needed, because
the solver pays for every published placement it takes away.
"""

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db import transaction

from trellis.accounts.access import require
from trellis.accounts.roles import Capability
from trellis.clients.models import Client
from trellis.core import clock
from trellis.core.errors import reject
from trellis.privacy import audit
from trellis.programs.models import Site
from trellis.scheduling import solver
from trellis.scheduling.inputs import ManualPlacement
from trellis.scheduling.models import RecurringGroup
from trellis.scheduling.proposals import ProposedPlacement, ScheduleProposal, Shortfall
from trellis.scheduling.week_problem import WeekProblem, build_week_problem

Status = ScheduleProposal.Status
# Same input + same seed -> the same proposal; ten seconds covers a 600-client site (bench/schedule.py).
SOLVE_OPTIONS = solver.SolveOptions(seed=0, time_limit_seconds=10.0, workers=2)
MAX_WEEKS_AHEAD = 8


def next_week_start(site: Site) -> dt.date:
    return clock.week_start(clock.today_in(site.timezone)) + dt.timedelta(days=7)


def _check_site(user: Any, site: Site) -> None:
    require(user, Capability.PUBLISH_SCHEDULE)
    if site.pk not in user.site_ids():
        reject("site", "You do not work at this site.")


@transaction.atomic
def request_proposal(
    *, site: Site, week_start: dt.date, requested_by: Any, reason: str = "Weekly schedule"
) -> ScheduleProposal:
    """Queue a solver run for the week; the review page shows it when the task has finished."""
    _check_site(requested_by, site)
    if week_start.weekday() != 0:
        reject("week_start", "A schedule week starts on a Monday.")
    this_week = clock.week_start(clock.today_in(site.timezone))
    if not this_week <= week_start <= this_week + dt.timedelta(weeks=MAX_WEEKS_AHEAD):
        reject("week_start", f"Propose this week or one of the next {MAX_WEEKS_AHEAD} weeks.")
    return _queue(site=site, week_start=week_start, requested_by=requested_by, reason=reason)


def _queue(*, site: Site, week_start: dt.date, requested_by: Any, reason: str) -> ScheduleProposal:
    proposal = ScheduleProposal.objects.create(
        site=site, week_start=week_start, requested_by=requested_by, reason=reason[:120]
    )
    audit.record(
        actor=requested_by, action=audit.Action.CREATE, obj=proposal, detail="schedule proposal requested"
    )
    from trellis.scheduling.tasks import solve_proposal_task

    transaction.on_commit(lambda: solve_proposal_task(str(proposal.pk)))
    return proposal


@transaction.atomic
def solve_proposal(*, proposal: ScheduleProposal) -> ScheduleProposal:
    """Run the solver for a queued proposal and store its placements and explanations (or its input errors)."""
    proposal = ScheduleProposal.objects.select_for_update().select_related("site").get(pk=proposal.pk)
    if proposal.status != Status.QUEUED:
        return proposal
    week = build_week_problem(site=proposal.site, week_start=proposal.week_start)
    try:
        schedule = solver.solve_week(week.problem, options=SOLVE_OPTIONS)
    except solver.InvalidProblem as invalid:
        proposal.status = Status.INVALID
        proposal.errors = [week.label(message) for message in invalid.problems]
        proposal.save(update_fields=["status", "errors", "updated_at"])
        audit.record(
            actor=proposal.requested_by, action=audit.Action.UPDATE, obj=proposal, detail="proposal invalid"
        )
        return proposal
    _store(proposal, week, schedule)
    audit.record(
        actor=proposal.requested_by,
        action=audit.Action.UPDATE,
        obj=proposal,
        detail=f"proposal solved: {len(schedule.placements)} placements, {len(schedule.explanations)} short",
    )
    return proposal


def _store(proposal: ScheduleProposal, week: WeekProblem, schedule: solver.Schedule) -> None:
    manual = {(c.id, g) for c in week.problem.clients for g in c.manual_group_ids}
    ProposedPlacement.objects.bulk_create(
        [
            ProposedPlacement(
                proposal=proposal,
                client_id=p.client_id,
                group=week.occurrences[p.group_id].group,
                date=week.occurrences[p.group_id].date,
                is_manual=(p.client_id, p.group_id) in manual,
            )
            for p in schedule.placements
        ],
        batch_size=500,
    )
    Shortfall.objects.bulk_create(
        [
            Shortfall(
                proposal=proposal,
                client_id=e.client_id,
                reason=week.label(e.reason),
                fixes=[week.label(fix) for fix in e.fixes],
                minutes_short=e.minutes_short,
                days_short=e.days_short,
            )
            for e in schedule.explanations
        ],
        batch_size=500,
    )
    proposal.status = Status.READY
    proposal.solve_status = schedule.status.value
    proposal.solve_seconds = round(schedule.solve_seconds, 3)
    proposal.objective = schedule.objective
    proposal.best_bound = schedule.best_bound
    proposal.save(
        update_fields=[
            "status",
            "solve_status",
            "solve_seconds",
            "objective",
            "best_bound",
            "updated_at",
        ]
    )


def _placements_by_client(proposal: ScheduleProposal | None) -> dict[Any, set[tuple[Any, dt.date]]]:
    by_client: dict[Any, set[tuple[Any, dt.date]]] = defaultdict(set)
    if proposal is not None:
        for client_id, group_id, day in proposal.placements.values_list("client_id", "group_id", "date"):
            by_client[client_id].add((group_id, day))
    return by_client


@transaction.atomic
def publish_proposal(*, proposal: ScheduleProposal, published_by: Any) -> ScheduleProposal:
    """Make a reviewed proposal the site's schedule for its week, replacing the one published before."""
    proposal = ScheduleProposal.objects.select_for_update().select_related("site").get(pk=proposal.pk)
    _check_site(published_by, proposal.site)
    if proposal.status != Status.READY:
        reject("status", f"Only a proposal ready for review can be published; this one is {proposal.status}.")
    current = (
        ScheduleProposal.objects.select_for_update()
        .filter(site_id=proposal.site_id, week_start=proposal.week_start, status=Status.PUBLISHED)
        .first()
    )
    before, after = _placements_by_client(current), _placements_by_client(proposal)
    if current is not None:
        current.status = Status.SUPERSEDED
        current.save(update_fields=["status", "updated_at"])
    ScheduleProposal.objects.filter(
        site_id=proposal.site_id, week_start=proposal.week_start, status=Status.READY
    ).exclude(pk=proposal.pk).update(status=Status.DISCARDED)
    proposal.status = Status.PUBLISHED
    proposal.published_at = clock.now()
    proposal.published_by = published_by
    proposal.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    audit.record(actor=published_by, action=audit.Action.UPDATE, obj=proposal, detail="schedule published")
    changed = [c for c in sorted(set(before) | set(after), key=str) if before[c] != after[c]]
    audit.record_changes(
        actor=published_by,
        action=audit.Action.UPDATE,
        changes=[(client_id, proposal, "weekly schedule changed") for client_id in changed],
    )
    return proposal


@transaction.atomic
def pin_client(*, client: Client, group: RecurringGroup, weekday: int, pinned_by: Any) -> ManualPlacement:
    """Keep a client in a group on a weekday in every proposal from now on (replaces that day's pin)."""
    if group.track.site_id != client.site_id:
        reject("group", "This group runs at another site than the client's.")
    if weekday not in group.weekdays:
        reject("weekday", f"{group.name} does not meet on that day.")
    ManualPlacement.objects.filter(client=client, weekday=weekday).delete()
    pin = ManualPlacement.objects.create(client=client, group=group, weekday=weekday, pinned_by=pinned_by)
    audit.record(
        actor=pinned_by, action=audit.Action.CREATE, client_id=client.pk, obj=pin, detail="pinned to group"
    )
    return pin


@transaction.atomic
def unpin_client(*, pin: ManualPlacement, unpinned_by: Any) -> None:
    audit.record(
        actor=unpinned_by, action=audit.Action.DELETE, client_id=pin.client_id, obj=pin, detail="pin removed"
    )
    pin.delete()


@transaction.atomic
def request_resolve_after_change(*, site: Site, requested_by: Any, reason: str) -> list[ScheduleProposal]:
    """After an admission or a step-down: re-propose each published week from this one on, moving few people.

    The caller has already been allowed the enrollment change; publishing the result still needs a person
    allowed to publish, on the review page.
    """
    this_week = clock.week_start(clock.today_in(site.timezone))
    weeks = (
        ScheduleProposal.objects.filter(site=site, status=Status.PUBLISHED, week_start__gte=this_week)
        .values_list("week_start", flat=True)
        .order_by("week_start")
    )
    return [_queue(site=site, week_start=week, requested_by=requested_by, reason=reason) for week in weeks]
