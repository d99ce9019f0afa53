"""Riverside's records for the organization-boundary tests: one of each kind, all about Carol at Northside,
so Olga (another organization) has an object of every kind to try."""

import datetime as dt
from decimal import Decimal
from typing import Any

from conftest import World
from tests import factories as typed_factories
from trellis.accounts.models import Passkey
from trellis.accounts.outside_systems import register_outside_system
from trellis.accounts.tokens import issue_token
from trellis.billing.models import (
    Authorization,
    Charge,
    Claim,
    ClaimExport,
    ClaimFile,
    Coverage,
    Diagnosis,
    Payer,
)
from trellis.clients.models import Allergy
from trellis.clients.tests.cards import card_on_file
from trellis.episodes.models import WaitlistEntry
from trellis.intake.models import Assessment, Inquiry
from trellis.measures.models import MeasureResponse, MeasureSchedule, SafetyTask
from trellis.medications.models import DrugScreen, Medication, MedicationOrder, ScreenFlag
from trellis.notes.models import CosignRequirement, CosignRule, GroupNote, IndividualNote
from trellis.plans.models import Goal, Objective, Problem, TreatmentPlan
from trellis.privacy.models import BreachIncident, EmergencyDisclosure, RestrictionRequest
from trellis.privacy.tests.consent_pages import prepared
from trellis.programs.models import Room
from trellis.scheduling.appointments import Appointment
from trellis.scheduling.inputs import Commitment, ManualPlacement
from trellis.scheduling.proposals import ScheduleProposal
from trellis.support.models import SupportContact

factories: Any = typed_factories
NOW = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC)
DAY = dt.date(2026, 11, 23)


def riverside_records(world: World) -> dict[str, Any]:
    carol, alice, episode = world.carol, world.alice, world.carol_enrollment.episode
    session = factories.GroupSessionFactory(group=world.group_a, date=DAY)
    record = _attendance(session, carol, alice)
    plan = TreatmentPlan.objects.create(episode=episode, created_by=alice)
    problem = Problem.objects.create(plan=plan, position=1, statement="Drinking daily")
    goal = Goal.objects.create(problem=problem, position=1, client_words="Stay sober")
    response = MeasureResponse.objects.create(
        client=carol, instrument="phq9", answers=[0] * 9, administered_at=NOW, administered_by=alice
    )
    screen = DrugScreen.objects.create(
        client=carol, collected_at=NOW, specimen="urine", method="read_by_eye", collected_by=alice
    )
    payer = Payer.objects.create(
        organization=world.organization, name="Prairie Mutual (fictional)", payer_id="99001"
    )
    coverage = Coverage.objects.create(client=carol, payer=payer, member_id="M1", starts_on=DAY)
    charge = Charge.objects.create(
        client=carol,
        program=world.program,
        source_key="k1",
        service_date=DAY,
        code="H0015",
        attendance=record,
    )
    return {
        **_privacy_records(world),
        **_referral_records(world),
        **_casework_records(world),
        "carol": carol,
        "alice": alice,
        "channel_consent": _channel_consent(carol, alice),
        "portal_account": _portal_account(carol),
        "alumni_event": _alumni_event(world),
        "family_access": _family_access(carol),
        "message_thread": _message_thread(carol),
        "api_token": issue_token(user=alice, name="Riverside export")[0],
        "passkey": Passkey.objects.create(user=alice, name="Alice's key", credential_id="a1", public_key=b"k"),
        "outside_system": register_outside_system(
            name="Riverside partner clinic", recipient_kind="provider", purpose="treatment",
            registered_by=world.dana,
        )[0],
        "episode": episode,
        "enrollment": world.carol_enrollment,
        "site": world.site_a,
        "program": world.program,
        "track": world.track_a,
        "group": world.group_a,
        "session": session,
        "record": record,
        "room": Room.objects.get(pk=world.group_a.room_id),
        "waitlist": WaitlistEntry.objects.create(
            track=world.track_a, episode=episode, phase=world.phase1, requested_on=DAY
        ),
        "proposal": ScheduleProposal.objects.create(site=world.site_a, week_start=DAY, requested_by=world.dana),
        "commitment": Commitment.objects.create(
            client=carol, weekday=1, starts_at=dt.time(9), ends_at=dt.time(10)
        ),
        "pin": ManualPlacement.objects.create(client=carol, group=world.group_a, weekday=1, pinned_by=alice),
        "appointment": Appointment.objects.create(
            site=world.site_a, kind="individual", staff=alice, client=carol, booked_by=alice,
            starts_at=NOW + dt.timedelta(days=1), ends_at=NOW + dt.timedelta(days=1, minutes=50),
        ),
        "inquiry": Inquiry.objects.create(
            site=world.site_a, caller_name="Carol Northcott", caller_relation="self", phone="555-0100",
            referral_source="self", presenting_concern="Drinking", next_action="Screening call",
            next_action_due=NOW,
        ),
        "assessment": Assessment.objects.create(
            client=carol, assessed_on=DAY, assessed_by=alice, recommended_level="2.1"
        ),
        "schedule": MeasureSchedule.objects.create(program=world.program, instrument="phq9", every_days=14),
        "task": SafetyTask.objects.create(
            client=carol, response=response, kind="phq9_item9", reason="Item 9", assigned_to=alice, due_on=DAY
        ),
        "plan": plan,
        "problem": problem,
        "goal": goal,
        "objective": Objective.objects.create(
            goal=goal, position=1, text="Attend groups", measure="attendance", target_on=DAY
        ),
        "note": IndividualNote.objects.create(
            author=alice, client=carol, episode=episode, service_date=DAY, duration_minutes=50, format="dap"
        ),
        "group_note": GroupNote.objects.create(author=alice, session=session),
        "cosign_rule": CosignRule.objects.create(
            organization=world.organization, role="clinician", kinds=["group"], created_by=world.dana
        ),
        "cosign_named": CosignRequirement.objects.create(user=alice, supervisor=world.dana),
        "medication": Medication.objects.create(
            client=carol, name="Buprenorphine", dose="8 mg", route="sublingual", frequency="daily",
            started_on=DAY, recorded_by=alice, outside_prescriber="Dr. Example Outside",
        ),
        "flag": ScreenFlag.objects.create(client=carol, screen=screen),
        "order": MedicationOrder.objects.create(
            client=carol, name="Naltrexone", dose="50 mg", route="oral", frequency="daily",
            ordered_by=world.dana, ordered_on=DAY,
        ),
        "payer": payer,
        "charge": charge,
        "claim": Claim.objects.create(
            organization=world.organization, client=carol, payer=payer, coverage=coverage, claim_type="837p",
            control_number="000000001",
            statement_from=DAY, statement_through=DAY, total=Decimal("250.00"),
        ),
        "claim_file": _claim_file(world, payer),
        "authorization": Authorization.objects.create(
            coverage=coverage, number="A1", starts_on=DAY, ends_on=DAY, units_authorized=10
        ),
        "consent": prepared(carol, alice),
        "allergy": Allergy.objects.create(client=carol, substance="Penicillin", recorded_by=alice),
        "card": card_on_file(carol),
        "diagnosis": Diagnosis.objects.create(client=carol, code="F10.20", is_primary=True, recorded_by=alice),
        "support_contact": SupportContact.objects.create(
            client=carol, episode=episode, kind="case_management", author=alice, service_date=DAY,
            starts_at=dt.time(10), minutes=30, mode="phone", summary="Housing call",
        ),
    }  # fmt: skip


def _claim_file(world: World, payer: Payer) -> ClaimFile:
    """An 837 Riverside exported, with Carol's claim in it."""
    export = ClaimExport.objects.create(
        organization=world.organization, payer=payer, claim_type="837p", control_number=7,
        file_name="99001_837p_20261123_20261123_000000007.x12", period_from=DAY, period_to=DAY, claim_count=1,
        total=Decimal("250.00"),
    )  # fmt: skip
    return ClaimFile.objects.create(export=export, x12_text="ISA*00*", notice_text="Notice")


def _casework_records(world: World) -> dict[str, Any]:
    """Carol's social needs screen (housing positive), a need and a task on her case plan."""
    from trellis.casework import services as casework
    from trellis.casework.tests.given import screened

    episode = world.carol_enrollment.episode
    return {
        "needs_screening": screened(client=world.carol, by=world.alice, living_situation="no_steady"),
        "case_need": casework.add_need(
            episode=episode, domain="legal", description="Court", added_by=world.alice
        ),
        "case_task": casework.add_task(
            episode=episode,
            goal=None,
            description="Call",
            owner=world.alice,
            due_on=DAY,
            added_by=world.alice,
        ),
    }


def _privacy_records(world: World) -> dict[str, Any]:
    """Riverside's Part 2 records about Carol: a restriction request, an emergency disclosure, an incident."""
    carol, dana = world.carol, world.dana
    incident = BreachIncident.objects.create(
        organization=world.organization,
        title="Roster e-mailed to the wrong address",
        description="Misdirected",
        discovered_on=DAY,
        conclusion="breach",
        recorded_by=dana,
    )
    incident.affected_clients.add(carol)
    return {
        "restriction": RestrictionRequest.objects.create(
            organization=world.organization, client=carol, kind="health_plan", description="Self-pay",
            requested_on=DAY, recorded_by=dana,
        ),
        "emergency": EmergencyDisclosure.objects.create(
            organization=world.organization, client=carol, medical_personnel="Dr. Example", facility="Mercy ED",
            nature_of_emergency="Overdose", information=["identity"], disclosed_at=NOW, disclosed_by=dana,
        ),
        "incident": incident,
    }  # fmt: skip


def _referral_records(world: World) -> dict[str, Any]:
    """Riverside's directory entry, a referral of Carol's to it and a follow-up after a discharge."""
    from trellis.referrals.models import DischargeFollowUp
    from trellis.referrals.tests import given

    resource = given.resource(world.dana)
    follow_up = DischargeFollowUp.objects.create(
        organization=world.organization,
        episode=world.carol_enrollment.episode,
        client=world.carol,
        due_on=DAY,
    )
    referral = given.drafted(world.dana, world.carol, resource, follow_up_on=DAY)
    return {"resource": resource, "referral": referral, "follow_up": follow_up}


def _attendance(session: Any, client: Any, by: Any) -> Any:
    from trellis.attendance import services

    return services.record_attendance(session=session, client=client, status="present", recorded_by=by)


def _channel_consent(client: Any, actor: Any) -> Any:
    from trellis.notifications.services import record_opt_in

    return record_opt_in(
        client=client, channel="sms", address="555-555-0123", how="verbal", recorded_by=actor
    )


def _portal_account(client: Any) -> Any:
    from trellis.core import clock
    from trellis.portal.models import PortalAccount

    return PortalAccount.objects.create(
        client=client, email="carol.portal@example.org", invited_at=clock.now()
    )


def _alumni_event(world: World) -> Any:
    """A Northside alumni event: Olga's events page must not list it."""
    from trellis.alumni.models import AlumniEvent

    return AlumniEvent.objects.create(
        organization=world.organization, site=world.site_a, title="Riverside alumni picnic",
        starts_at=NOW + dt.timedelta(days=7), location="Northside lawn", created_by=world.dana,
    )  # fmt: skip


def _family_access(client: Any) -> Any:
    from trellis.clients.models import ClientContact
    from trellis.core import clock
    from trellis.portal.models import FamilyAccess

    contact = ClientContact.objects.create(client=client, name="Fran Test", relationship="Sister")
    return FamilyAccess.objects.create(
        client=client, contact=contact, email="fran.portal@example.org", invited_at=clock.now()
    )


def _message_thread(client: Any) -> Any:
    from trellis.messaging.services import start_thread

    return start_thread(client=client, subject="Northcott question", body="Riverside rides?")
