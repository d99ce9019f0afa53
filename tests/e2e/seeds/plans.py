"""Treatment plans for the browser tests: Avery's signed plan (review due in 4 days), Blake's draft."""

import datetime as dt
from typing import Any

from tests import factories
from trellis.accounts.roles import Role
from trellis.episodes.models import Episode
from trellis.plans import services, signing
from trellis.plans.choices import Modality
from trellis.plans.models import TreatmentPlan

PROBLEMS = [
    (
        "Drinks 6-8 beers most evenings to manage work stress; two failed attempts to cut down on their own.",
        "d5",
        "I want to come home from work and not need a drink to calm down.",
        [
            (
                "Use one coping skill from group when cravings hit",
                "craving log reviewed weekly",
                21,
                [
                    (Modality.GROUP_THERAPY, "3x/week", "alice"),
                    (Modality.PSYCHOEDUCATION, "weekly", "alice"),
                ],
            ),
            (
                "Attend mutual-help meetings",
                "3 meetings a week, signed sheet",
                45,
                [
                    (Modality.TWELVE_STEP, "weekly", "pat"),
                    (Modality.PEER_SUPPORT, "2x/week", "pat"),
                ],
            ),
        ],
    ),
    (
        "Low mood and poor sleep since the layoff; PHQ-9 of 14 at intake.",
        "d3",
        "I want to sleep through the night and feel like myself again.",
        [
            (
                "Lower depressive symptoms",
                "PHQ-9 below 10",
                60,
                [
                    (Modality.INDIVIDUAL_THERAPY, "weekly", "alice"),
                    (Modality.MEDICATION_MANAGEMENT, "every 2 weeks", "nina"),
                ],
            ),
        ],
    ),
]


def _staff(base: Any, username: str, first: str, last: str, role: str) -> Any:
    return factories.UserFactory.create(
        username=username,
        first_name=first,
        last_name=last,
        role=role,
        organization=base.organization,
        sites=[base.site],
        programs=[base.program],
    )


def _write(plan: TreatmentPlan, staff: dict[str, Any], today: dt.date) -> None:
    author = staff["alice"]
    for statement, dimension, words, objectives in PROBLEMS:
        problem = services.add_problem(
            plan=plan, statement=statement, asam_dimension=dimension, added_by=author
        )
        goal = services.add_goal(problem=problem, client_words=words, added_by=author)
        for text, measure, days, interventions in objectives:
            objective = services.add_objective(
                goal=goal,
                text=text,
                measure=measure,
                target_on=today + dt.timedelta(days=days),
                added_by=author,
            )
            for modality, frequency, who in interventions:
                services.add_intervention(
                    objective=objective,
                    modality=modality,
                    frequency=frequency,
                    responsible=staff[who],
                    added_by=author,
                )


def seed(base: Any) -> None:
    staff = {
        "alice": base.alice,
        "nina": _staff(base, "nina.plans", "Nina", "Okafor", Role.NURSE),
        "pat": _staff(base, "pat.plans", "Pat", "Rivera", Role.CASE_MANAGER),
    }
    avery, blake = base.clients[0], base.clients[1]
    signed = services.create_plan(episode=Episode.objects.get(client=avery), created_by=base.alice)
    _write(signed, staff, base.today)
    signing.sign_as_client(plan=signed, typed_name="Avery Example", attested=True, witnessed_by=base.alice)
    signing.sign_as_clinician(plan=signed, clinician=base.alice)
    # Signed 26 days ago, so its 30-day review is due in four days.
    signed_on = base.today - dt.timedelta(days=26)
    signed_at = dt.datetime.combine(signed_on, dt.time(15, 30), tzinfo=dt.UTC)
    TreatmentPlan.objects.filter(pk=signed.pk).update(
        effective_on=signed_on,
        client_signed_at=signed_at,
        clinician_signed_at=signed_at + dt.timedelta(minutes=4),
    )
    draft = services.create_plan(episode=Episode.objects.get(client=blake), created_by=base.alice)
    problem = services.add_problem(
        plan=draft,
        statement="Daily cannabis use; missed work twice this month.",
        asam_dimension="d5",
        added_by=base.alice,
    )
    services.add_goal(
        problem=problem, client_words="I want to keep my job and be present for my kids.", added_by=base.alice
    )
