"""Treatment plans and measure scores for the demo, so the plan panel, trend charts, plan reviews and the
outcome dashboards show a working program on first run.

Everything goes through the plans and measures services (versions, audit, scoring, rules), then history is
dated as it happened, like the consents demo does: the services stamp "now", the demo's past is written
with its real dates afterwards. Synthetic text only.

No PHQ-9 item 9 is ever above 0 here: a positive item 9 opens a safety task whose closing needs a documented
assessment by a clinician, which a demo must not invent.
"""

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from trellis.accounts.models import User
from trellis.accounts.roles import Capability, Role
from trellis.core import clock, context
from trellis.episodes.discharge_steps import DischargeContext
from trellis.episodes.models import Episode
from trellis.measures import services as measures
from trellis.measures.models import MeasureResponse
from trellis.plans import reviews, services, signing
from trellis.plans.choices import Modality, Progress
from trellis.plans.discharge import close_plans
from trellis.plans.models import Objective, TreatmentPlan
from trellis.programs.choices import ProgramKind
from trellis.programs.models import Organization

WITHOUT_PLAN = 0.15  # share of episodes left without a plan, so "plan missing" still shows on the worklist
SUD_KINDS = (ProgramKind.SUBSTANCE_USE, ProgramKind.CO_OCCURRING)

# (statement, ASAM dimension, goal in the client's words, objective, how it is measured, modality, frequency)
PROBLEMS: tuple[tuple[str, str, str, str, str, str, str], ...] = (
    (
        "Alcohol and drug use despite harm to health and work",
        "d5",
        "I want to stay sober and keep my job.",
        "Attend IOP groups and two mutual-help meetings a week",
        "Attendance record and BAM use score 0",
        Modality.GROUP_THERAPY,
        "3x/week",
    ),
    (
        "Depressed mood, low energy and withdrawal from others",
        "d3",
        "I want to feel like myself again and see my kids on weekends.",
        "Use two coping skills daily",
        "PHQ-9 below 10",
        Modality.INDIVIDUAL_THERAPY,
        "weekly",
    ),
    (
        "Worry and panic that keep the client from leaving home",
        "d3",
        "I want to ride the bus without panicking.",
        "Practise breathing and exposure steps",
        "GAD-7 below 10",
        Modality.PSYCHOEDUCATION,
        "2x/week",
    ),
    (
        "No stable housing since leaving a partner's home",
        "d6",
        "I need my own place that is safe and sober.",
        "Complete two housing applications",
        "Applications submitted with copies in the chart",
        Modality.CASE_MANAGEMENT,
        "weekly",
    ),
    (
        "Cravings and relapse risk at evenings and weekends",
        "d5",
        "I want a plan for Friday nights.",
        "Write and use a relapse prevention plan",
        "Plan written; cravings logged weekly",
        Modality.PEER_SUPPORT,
        "weekly",
    ),
    (
        "Ambivalence about change and missed appointments",
        "d4",
        "I want to show up for myself.",
        "Attend 90% of scheduled sessions",
        "Attendance record",
        Modality.INDIVIDUAL_THERAPY,
        "every 2 weeks",
    ),
)


def load_plans_and_measures(*, organization_name: str, seed: int, today: dt.date) -> tuple[int, int]:
    """Plans and measures for one organization's episodes; returns (plans signed, measures recorded)."""
    context.set_current(context.RequestContext(request_id=f"load_demo-seed-{seed}", ip_address=None, path=""))
    try:
        return _load(organization_name, random.Random(seed * 7919 + 15), today)
    finally:
        context.set_current(None)


@transaction.atomic
def _load(organization_name: str, rng: random.Random, today: dt.date) -> tuple[int, int]:
    organization = Organization.objects.get(name=organization_name)
    staff = User.objects.filter(organization=organization, is_active=True).order_by("username")
    clinicians = [user for user in staff if user.role == Role.CLINICIAN] or list(staff)
    director = staff.filter(role=Role.DIRECTOR).first()
    episodes = list(
        Episode.objects.filter(program__organization=organization)
        .select_related("client__site", "program", "primary_clinician")
        # Ids are random: order by what a reload reproduces, so the same seed draws the same plans.
        .order_by(
            "admitted_on", "client__legal_last_name", "client__legal_first_name", "client__date_of_birth"
        )
    )
    plans = measured = 0
    for episode in episodes:
        clinician = _clinician(episode, clinicians, rng)
        if rng.random() >= WITHOUT_PLAN and _plan(episode, clinician, director, rng, today):
            plans += 1
        measured += _measures(episode, clinician, rng, today)
    return plans, measured


def _clinician(episode: Episode, clinicians: list[User], rng: random.Random) -> User:
    primary = episode.primary_clinician
    if primary is not None and primary.can(Capability.VIEW_CLINICAL):
        return primary
    return rng.choice(clinicians)


def _plan(
    episode: Episode, clinician: User, director: User | None, rng: random.Random, today: dt.date
) -> bool:
    last_day = min(today, episode.discharged_on or today) - dt.timedelta(days=1)
    if (last_day - episode.admitted_on).days < 3:
        return False  # still being written: the worklist shows the plan as due
    signed_on = episode.admitted_on + dt.timedelta(
        days=rng.randint(1, min(20, (last_day - episode.admitted_on).days))
    )
    discharged_on = episode.discharged_on
    # The services write a plan for an episode in care; a discharged one was in care when it was written.
    episode.discharged_on = None
    plan = services.create_plan(episode=episode, created_by=clinician)
    episode.discharged_on = discharged_on
    _fill(plan, episode, clinician, rng, today)
    plan = signing.sign_as_client(
        plan=plan,
        typed_name=f"{episode.client.legal_first_name} {episode.client.legal_last_name}",
        attested=True,
        witnessed_by=clinician,
    )
    plan = signing.sign_as_clinician(plan=plan, clinician=clinician)
    if plan.requires_supervisor_signature and director is not None:
        plan = signing.sign_as_supervisor(plan=plan, supervisor=director)
    _date(plan, episode, signed_on, rng)
    if discharged_on is not None:
        close_plans(DischargeContext(episode=episode, discharged_on=discharged_on, discharged_by=clinician))
    elif (today - signed_on).days > 45 and rng.random() < 0.5:
        _review(plan, clinician, signed_on + dt.timedelta(days=30), rng)
    return True


def _fill(plan: TreatmentPlan, episode: Episode, clinician: User, rng: random.Random, today: dt.date) -> None:
    sud = episode.program.kind in SUD_KINDS
    pool = [p for p in PROBLEMS if sud or p[1] != "d5"]
    for statement, dimension, words, text, measure, modality, frequency in rng.sample(
        pool, rng.randint(1, 3)
    ):
        problem = services.add_problem(
            plan=plan, statement=statement, asam_dimension=dimension, added_by=clinician
        )
        goal = services.add_goal(problem=problem, client_words=words, added_by=clinician)
        # Added with a future date (the service refuses a passed one); dated from the signing in _date.
        objective = services.add_objective(
            goal=goal, text=text, measure=measure, target_on=today + dt.timedelta(days=30), added_by=clinician
        )
        services.add_intervention(
            objective=objective, modality=modality, frequency=frequency, responsible=clinician,
            added_by=clinician,
        )  # fmt: skip


def _date(plan: TreatmentPlan, episode: Episode, signed_on: dt.date, rng: random.Random) -> None:
    """Write the plan's history with the days it happened: drafted, signed and in force on `signed_on`."""
    zone = episode.client.site.timezone
    drafted = clock.local_datetime(signed_on - dt.timedelta(days=rng.randint(0, 2)), dt.time(11), zone)
    signed = clock.local_datetime(signed_on, dt.time(14, rng.randint(0, 59)), zone)
    TreatmentPlan.objects.filter(pk=plan.pk).update(
        created_at=drafted, client_signed_at=signed, clinician_signed_at=signed, effective_on=signed_on,
        supervisor_signed_at=signed if plan.supervisor_signed_at else None,
    )  # fmt: skip
    for objective in Objective.objects.filter(goal__problem__plan=plan):
        objective.target_on = signed_on + dt.timedelta(days=rng.choice((30, 45, 60, 90)))
        objective.save(update_fields=["target_on"])
    plan.effective_on = signed_on


def _review(plan: TreatmentPlan, clinician: User, reviewed_on: dt.date, rng: random.Random) -> None:
    objectives = Objective.objects.filter(goal__problem__plan=plan)
    statuses = (Progress.PROGRESSING, Progress.PROGRESSING, Progress.ACHIEVED, Progress.NO_PROGRESS)
    entries = [reviews.ProgressEntry(objective_id=o.pk, status=rng.choice(statuses)) for o in objectives]
    reviews.record_review(
        plan=plan, entries=entries, reviewed_by=clinician, reviewed_on=reviewed_on,
        summary="Reviewed with the client; plan continues.",
    )  # fmt: skip


def _measure_days(episode: Episode, today: dt.date, rng: random.Random, low: int, high: int) -> list[dt.date]:
    end = min(today - dt.timedelta(days=1), episode.discharged_on or today)
    days, day = [], episode.admitted_on
    while day <= end:
        days.append(day)
        day += dt.timedelta(days=rng.randint(low, high))
    return days


def _trajectory(rng: random.Random) -> float:
    """How far the last score lands from the first: most improve, some stay flat, a few worsen."""
    draw = rng.random()
    if draw < 0.7:
        return rng.uniform(0.25, 0.6)
    return rng.uniform(0.9, 1.1) if draw < 0.9 else rng.uniform(1.15, 1.4)


def _spread(total: int, items: int, top: int, rng: random.Random) -> list[int]:
    """Answers for `items` items (0..top each) summing to `total` (capped at the maximum)."""
    answers = [0] * items
    for _ in range(min(total, items * top)):
        answers[rng.choice([i for i in range(items) if answers[i] < top])] += 1
    return answers


def _measures(episode: Episode, clinician: User, rng: random.Random, today: dt.date) -> int:
    ids: list[Any] = []
    for instrument, items, start in (("phq9", 8, rng.randint(8, 21)), ("gad7", 7, rng.randint(6, 18))):
        days = _measure_days(episode, today, rng, 14, 28)
        factor = _trajectory(rng)
        for n, day in enumerate(days):
            share = n / max(len(days) - 1, 1)
            total = round(start * (1 + (factor - 1) * share)) + rng.randint(-1, 1)
            answers = _spread(max(total, 0), items, 3, rng)
            ids.append(
                _record(episode, clinician, instrument, answers + ([0] if instrument == "phq9" else []), day)
            )
    if episode.program.kind in SUD_KINDS:
        ids.extend(_bam(episode, clinician, rng, today))
    # The service files a score under the client's open episode; history belongs to the episode it was given in.
    MeasureResponse.objects.filter(pk__in=ids).update(episode=episode)
    return len(ids)


def _bam(episode: Episode, clinician: User, rng: random.Random, today: dt.date) -> list[Any]:
    days = _measure_days(episode, today, rng, 28, 31)
    use = rng.randint(4, 10)
    factor = _trajectory(rng)
    ids = []
    for n, day in enumerate(days):
        share = n / max(len(days) - 1, 1)
        drinking, heavy, drugs = _spread(round(use * (1 + (factor - 1) * share)), 3, 4, rng)
        answers: list[int | None] = [rng.randint(1, 3), rng.randint(0, 3), rng.randint(0, 3), drinking]
        answers += [heavy if drinking else None, drugs, rng.randint(0, drugs) if drugs else None]
        answers += [rng.randint(0, 3) for _ in range(10)]
        answers[13] = rng.choice((0, 4))  # item 14, enough income: no or yes
        ids.append(_record(episode, clinician, "bam", answers, day))
    return ids


def _record(
    episode: Episode, clinician: User, instrument: str, answers: Sequence[int | None], day: dt.date
) -> Any:
    at = clock.local_datetime(day, dt.time(9, 30), episode.client.site.timezone)
    response = measures.record_measure(
        client=episode.client, instrument=instrument, answers=answers, administered_by=clinician,
        administered_at=at,
    )  # fmt: skip
    return response.pk
