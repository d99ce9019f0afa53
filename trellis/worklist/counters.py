"""Today's worklist figures, counted without building the worklist's lines (issue 14).

Each counter reads the same rows as its source in `sources` (same scoped queryset or shared per-page reading)
and tallies them in SQL, or from plain values rows where "due" needs a site's time zone, never building an
Item or resolving a URL. A counter must agree with its source's lines: tests/test_worklist_counters.py
checks every one.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db.models import Count, Q

from trellis.billing.selectors import list_authorizations_at_risk
from trellis.casework.querysets import may_do_casework
from trellis.casework.selectors import SCREEN_EVERY_DAYS, SCREENER, list_overdue_tasks, open_episodes
from trellis.episodes.models import Episode
from trellis.measures.choices import SafetyTaskStatus
from trellis.measures.schedule import DueState, due_status
from trellis.measures.selectors import list_due_measures, visible_safety_tasks
from trellis.notes.models import GroupNote, IndividualNote
from trellis.notes.signing import get_notes_setting
from trellis.plans.review_schedule import ReviewState
from trellis.plans.selectors import list_plans_missing, list_reviews_due
from trellis.privacy.consent_selectors import list_today_consents
from trellis.referrals.models import DischargeFollowUp, Referral
from trellis.worklist import sources
from trellis.worklist.items import UNASSIGNED, Staff
from trellis.worklist.sources import Scope, Source, Tally


def _tally(queryset: Any, *, mine: Q, overdue: Q | None) -> Tally:
    """One aggregate query; `overdue` None means every line is overdue."""
    late = mine if overdue is None else mine & overdue
    counted = queryset.aggregate(
        total=Count("pk"), mine=Count("pk", filter=mine), late=Count("pk", filter=late)
    )
    return Tally(mine=counted["mine"], mine_overdue=counted["late"], total=counted["total"])


def count_group_notes_unsigned(scope: Scope) -> Tally:
    """group_notes_unsigned's lines counted in SQL (1 query), for Today's panel: a program behind on its
    group notes has thousands, and building each line only to count it was most of Today's time.
    A note is overdue once its session ended more than the organization's note deadline ago."""
    setting = get_notes_setting(organization_id=scope.user.organization_id)
    late = scope.now - dt.timedelta(hours=setting.note_due_hours)
    mine = Q(facilitator_id=scope.user.pk)
    counted = sources._sessions_without_signed_note(scope).aggregate(
        total=Count("pk"),
        mine=Count("pk", filter=mine),
        mine_overdue=Count("pk", filter=mine & Q(ends_at__lt=late)),
    )
    return Tally(mine=counted["mine"], mine_overdue=counted["mine_overdue"], total=counted["total"])


def count_group_notes_by_facilitator(scope: Scope) -> list[tuple[Staff, int, int]]:
    """group_notes_unsigned's lines per facilitator, counted in SQL (1 query): each person, their lines and
    how many are overdue. The worklist page builds the lines of the people it shows only."""
    setting = get_notes_setting(organization_id=scope.user.organization_id)
    late = scope.now - dt.timedelta(hours=setting.note_due_hours)
    rows = (
        sources._sessions_without_signed_note(scope)
        .order_by()
        .values(
            "facilitator_id", "facilitator__first_name", "facilitator__last_name", "facilitator__username"
        )
        .annotate(total=Count("pk"), overdue=Count("pk", filter=Q(ends_at__lt=late)))
    )
    counted = []
    for row in rows:
        pk = row["facilitator_id"]
        name = f"{row['facilitator__first_name']} {row['facilitator__last_name']}".strip()
        person = UNASSIGNED if pk is None else Staff(pk=pk, name=name or row["facilitator__username"])
        counted.append((person, row["total"], row["overdue"]))
    return counted


def count_safety_tasks(scope: Scope) -> Tally:
    tasks = visible_safety_tasks(user=scope.user).filter(status=SafetyTaskStatus.OPEN)
    return _tally(tasks, mine=Q(assigned_to_id=scope.user.pk), overdue=Q(due_on__lt=scope.now.date()))


def count_plans_missing(scope: Scope) -> Tally:
    """From the page's shared reading (Today's plan panel reads the same lines), without building Items."""
    lines = list_plans_missing(user=scope.user, limit=None)
    mine = [line for line in lines if line.episode.primary_clinician_id == scope.user.pk]
    late = sum(1 for line in mine if line.due.state == ReviewState.OVERDUE)
    return Tally(mine=len(mine), mine_overdue=late, total=len(lines))


def count_discharge_summaries(scope: Scope) -> Tally:
    since = scope.now.date() - dt.timedelta(days=sources.DISCHARGE_SUMMARY_WINDOW_DAYS)
    episodes = Episode.objects.visible_to(scope.user).filter(discharged_on__gte=since, discharge_summary="")
    return _tally(episodes, mine=Q(primary_clinician_id=scope.user.pk), overdue=None)


def count_referral_follow_ups(scope: Scope) -> Tally:
    referrals = Referral.objects.visible_to(scope.user).open()
    return _tally(
        referrals, mine=Q(created_by_id=scope.user.pk), overdue=Q(follow_up_on__lt=scope.now.date())
    )


def count_discharge_follow_ups(scope: Scope) -> Tally:
    follow_ups = DischargeFollowUp.objects.visible_to(scope.user).waiting()
    return _tally(
        follow_ups,
        mine=Q(episode__primary_clinician_id=scope.user.pk),
        overdue=Q(due_on__lt=scope.now.date()),
    )


def count_case_tasks_overdue(scope: Scope) -> Tally:
    tasks = list_overdue_tasks(user=scope.user, today=scope.now.date())
    return Tally(
        mine=sum(1 for t in tasks if t.owner_id == scope.user.pk),
        mine_overdue=sum(1 for t in tasks if t.owner_id == scope.user.pk),
        total=len(tasks),
    )


def count_needs_screens_due(scope: Scope) -> Tally:
    """Plain rows (1 query): whether a screen is due needs the site's zone, so it is judged here, as
    casework.selectors.list_screens_due judges it, but without loading four models per episode."""
    if not may_do_casework(scope.user):  # open_episodes is then none(), without the screen annotation
        return Tally(mine=0, mine_overdue=0, total=0)
    rows = open_episodes(user=scope.user).values_list(
        "admitted_on",
        "last_screened_at",
        "client__site__timezone",
        "case_assignment__pk",
        "case_assignment__case_manager_id",
        "primary_clinician_id",
    )
    mine = late = total = 0
    for admitted_on, last_screened_at, zone, assignment, case_manager, clinician in rows:
        due = due_status(
            instrument=SCREENER,
            admitted_on=admitted_on,
            last_given_at=last_screened_at,
            every_days=SCREEN_EVERY_DAYS,
            now=scope.now,
            zone=zone,
        )
        if not due.needs_giving:
            continue
        total += 1
        if (case_manager if assignment is not None else clinician) == scope.user.pk:
            mine += 1
            late += due.state is DueState.OVERDUE
    return Tally(mine=mine, mine_overdue=late, total=total)


def _count_lines(scope: Scope, lines: list[tuple[Any, bool]]) -> Tally:
    """(client id, overdue) pairs, each in the name of the client's primary clinician, as the source lists them."""
    mine = [overdue for client_id, overdue in lines if scope.clinician_of(client_id).pk == scope.user.pk]
    return Tally(mine=len(mine), mine_overdue=sum(mine), total=len(lines))


def count_plan_reviews(scope: Scope) -> Tally:
    lines = list_reviews_due(user=scope.user, limit=sources.EVERYTHING)
    return _count_lines(
        scope, [(line.plan.episode.client_id, line.due.state == ReviewState.OVERDUE) for line in lines]
    )


def count_measures_due(scope: Scope) -> Tally:
    lines = list_due_measures(user=scope.user, now=scope.now)
    return _count_lines(scope, [(line.client.pk, line.due.state is DueState.OVERDUE) for line in lines])


def count_consents(scope: Scope) -> Tally:
    found = list_today_consents(user=scope.user, limit=sources.EVERYTHING)
    return _count_lines(
        scope,
        [(client.pk, True) for client in found.missing]
        + [(line.consent.client_id, False) for line in found.expiring],
    )


def count_cosignatures(scope: Scope) -> Tally:
    """Group and individual notes waiting for a co-signature (2 queries); the reader's own are those in their
    name and a pool's they may give. None is ever overdue."""
    mine = Q(cosign_any_supervisor=False, cosign_supervisor_id=scope.user.pk) | Q(for_me=True)
    waiting = (
        sources._waiting_cosignature(GroupNote, scope, "session__track__site_id"),
        sources._waiting_cosignature(IndividualNote, scope, "client__site_id"),
    )
    counted = [notes.aggregate(total=Count("pk"), mine=Count("pk", filter=mine)) for notes in waiting]
    return Tally(mine=sum(c["mine"] for c in counted), mine_overdue=0, total=sum(c["total"] for c in counted))


def count_authorizations(scope: Scope) -> Tally:
    """From billing's shared reading: the lines whose review is due or which expired, as the source lists."""
    lines = list_authorizations_at_risk(user=scope.user, today=scope.now.date())
    due = [(line, [a for a in line.alerts if a in ("concurrent review due", "expired")]) for line in lines]
    return _count_lines(
        scope,
        [(line.authorization.coverage.client_id, "expired" in alerts) for line, alerts in due if alerts],
    )


# Sources that count their lines without building them; a count must agree with the lines the source lists.
COUNTERS: dict[Source, Callable[[Scope], Tally]] = {
    sources.group_notes_unsigned: count_group_notes_unsigned,
    sources.safety_tasks: count_safety_tasks,
    sources.plans_missing: count_plans_missing,
    sources.discharge_summaries: count_discharge_summaries,
    sources.referral_follow_ups: count_referral_follow_ups,
    sources.discharge_follow_ups: count_discharge_follow_ups,
    sources.case_tasks_overdue: count_case_tasks_overdue,
    sources.needs_screens_due: count_needs_screens_due,
    sources.plan_reviews: count_plan_reviews,
    sources.measures_due: count_measures_due,
    sources.consents: count_consents,
    sources.cosignatures: count_cosignatures,
    sources.authorizations: count_authorizations,
}
