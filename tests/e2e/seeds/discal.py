"""Discharge and one-calendar seed, at a site of its own (Westside) so no other feature's pages change.

Cal (clinician) facilitates the Westside process group every day 14:00-16:00 and has Xan on his caseload:
admitted ten days ago, a signed plan, one current medication, and a published schedule this week and next.
Wren (admissions) has a screened inquiry from Yael to book an assessment for.
"""

import datetime as dt
from typing import Any

from tests import factories
from tests.e2e.seed import PASSWORD
from trellis.accounts.roles import Role
from trellis.intake.models import Inquiry
from trellis.medications import services as medications
from trellis.plans.tests.given import signed_plan
from trellis.scheduling.models import ProposedPlacement, ScheduleProposal


def _staff(base: Any, site: Any, username: str, last_name: str, role: str) -> Any:
    return factories.UserFactory.create(
        username=username,
        first_name=username.capitalize(),
        last_name=last_name,
        role=role,
        organization=base.organization,
        sites=[site],
        programs=[base.program],
        password=PASSWORD,
    )


def _published(site: Any, group: Any, client: Any, monday: dt.date, by: Any) -> None:
    proposal = ScheduleProposal.objects.create(
        site=site, week_start=monday, status=ScheduleProposal.Status.PUBLISHED, requested_by=by
    )
    for offset in range(5):
        ProposedPlacement.objects.create(
            proposal=proposal, client=client, group=group, date=monday + dt.timedelta(days=offset)
        )


def seed(base: Any) -> None:
    site = factories.SiteFactory.create(organization=base.organization, name="Westside", timezone="UTC")
    cal = _staff(base, site, "cal", "Clinician", Role.CLINICIAN)
    wren = _staff(base, site, "wren", "Admissions", Role.ADMISSIONS)
    track = factories.TrackFactory.create(program=base.program, site=site, name="Westside day")
    group = factories.RecurringGroupFactory.create(
        track=track,
        room=factories.RoomFactory.create(site=site, name="Cedar room", capacity=12),
        facilitator=cal,
        name="Westside process group",
        weekdays=list(range(7)),
        starts_at=dt.time(14, 0),
        duration_minutes=120,
        active_from=base.today - dt.timedelta(days=14),
    )
    xan = factories.ClientFactory.create(site=site, legal_first_name="Xan", legal_last_name="Westfield")
    admitted = base.today - dt.timedelta(days=10)
    episode = factories.EpisodeFactory.create(client=xan, program=base.program, admitted_on=admitted)
    factories.EnrollmentFactory.create(episode=episode, track=track, phase=base.phase, starts_on=admitted)
    signed_plan(episode=episode, author=cal)
    medications.add_medication(
        client=xan,
        name="Naltrexone",
        regimen=medications.Regimen(dose="50 mg", route="oral", frequency="once daily"),
        started_on=admitted,
        source="client_reported",
        outside_prescriber="Dr. Example Outside",
        recorded_by=cal,
    )
    monday = base.today - dt.timedelta(days=base.today.weekday())
    for week in (monday, monday + dt.timedelta(days=7)):
        _published(site, group, xan, week, cal)
    Inquiry.objects.create(
        site=site,
        caller_name="Yael Prospect",
        caller_relation="self",
        phone="555-0177",
        prospect_first_name="Yael",
        prospect_last_name="Prospect",
        referral_source="self",
        presenting_concern="Drinking every night; wants help.",
        status="screened",
        next_action="Book the assessment",
        assigned_to=wren,
    )
