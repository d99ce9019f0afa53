"""The demo program for `make run`: it loads, and it looks like a clinic on a Monday morning."""

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count

from trellis.accounts.models import User
from trellis.accounts.roles import Role
from trellis.attendance.compliance import WeekStatus
from trellis.attendance.models import AttendanceRecord
from trellis.attendance.selectors import list_week_compliance
from trellis.clients.models import Client
from trellis.demo.npi import is_valid_npi
from trellis.demo.structure import DEMO_PASSWORD
from trellis.episodes.choices import DischargeReason, WaitlistStatus
from trellis.episodes.models import Enrollment, Episode, WaitlistEntry
from trellis.privacy.models import AuditEvent
from trellis.programs.models import Holiday, Organization, Site, Track
from trellis.scheduling.models import GroupSession

# Monday 16 November 2026, 11:00 in New York and 10:00 in Chicago: day groups are under way, evening ones ahead.
MONDAY_MORNING = dt.datetime(2026, 11, 16, 16, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 16)


def _load(clients: int = 20, seed: int = 3) -> str:
    out = StringIO()
    call_command("load_demo", "--clients", str(clients), "--seed", str(seed), stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def loaded(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """One demo for the whole module, rolled back at its end: loading it is the slow part."""
    with django_db_blocker.unblock(), time_machine.travel(MONDAY_MORNING, tick=False), transaction.atomic():
        yield _load()
        transaction.set_rollback(True)


@pytest.fixture
def demo(loaded: str, db: None) -> str:
    return loaded


def test_it_loads_a_program_with_two_sites_in_their_time_zones(demo: str) -> None:
    # then
    assert "20 clients" in demo
    riverside = Organization.objects.get(name="Riverside Recovery")
    assert dict(Site.objects.filter(organization=riverside).values_list("name", "timezone")) == {
        "Northside": "America/New_York",
        "Lakeside": "America/Chicago",
    }
    assert Track.objects.filter(program__organization=riverside).count() == 6
    assert Client.objects.filter(organization=riverside).count() == 20
    closed = Holiday.objects.filter(
        site__organization=riverside, date=dt.date(2026, 11, 26), name="Thanksgiving"
    )
    assert closed.count() == 2


def test_it_has_todays_sessions_with_attendance_only_for_those_under_way(demo: str) -> None:
    # given
    today = GroupSession.objects.filter(date=TODAY).select_related("track")
    # then
    assert {s.track.time_of_day for s in today} == {"day", "evening"}
    taken = {s.track.time_of_day for s in today if AttendanceRecord.objects.filter(session=s).exists()}
    assert taken == {"day"}
    assert not GroupSession.objects.filter(date__gt=TODAY, attendance__isnull=False).exists()


def test_it_has_every_kind_of_attendance(demo: str) -> None:
    # then
    statuses = Counter(AttendanceRecord.objects.values_list("status", flat=True))
    assert statuses.most_common(1)[0][0] == AttendanceRecord.Status.PRESENT
    assert {"late", "excused", "unexcused"} <= set(statuses)
    late = AttendanceRecord.objects.filter(status="late").first()
    assert late is not None
    assert late.arrived_at is not None
    assert late.minutes_attended < 180


def test_it_has_a_full_track_with_a_waitlist_and_discharges_with_teds_reasons(demo: str) -> None:
    # given
    waiting = WaitlistEntry.objects.filter(status=WaitlistStatus.WAITING).select_related("track")
    # then
    assert waiting.count() >= 1
    track = waiting[0].track
    assert Enrollment.objects.filter(track=track).on(TODAY).count() == track.capacity
    reasons = set(
        Episode.objects.filter(discharged_on__isnull=False).values_list("discharge_reason", flat=True)
    )
    assert {DischargeReason.COMPLETED, DischargeReason.DROPPED_OUT} <= reasons
    assert Enrollment.objects.filter(end_reason="step_down").exists()


def test_it_leaves_some_clients_below_their_weekly_minimum(demo: str) -> None:
    # given
    last_monday = TODAY - dt.timedelta(days=7)
    # when
    weeks = list_week_compliance(
        client_ids=list(Client.objects.values_list("pk", flat=True)), monday=last_monday, today=TODAY
    )
    # then
    statuses = Counter(week.status for week in weeks.values())
    assert statuses[WeekStatus.BELOW] >= 1
    assert statuses[WeekStatus.MET] >= 1


def test_it_gives_every_client_an_audit_trail(demo: str) -> None:
    # then
    for client in Client.objects.all():
        details = set(AuditEvent.objects.filter(client=client).values_list("detail", flat=True))
        assert {"client", "admitted"} <= details, client.pk
    assert set(AuditEvent.objects.values_list("request_id", flat=True)) == {"load_demo-seed-3"}


def test_it_has_a_login_for_every_role_with_valid_npis(demo: str) -> None:
    # when
    out = StringIO()
    call_command("print_logins", stdout=out)
    # then
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    director = User.objects.get(username="director")
    assert director.check_password(DEMO_PASSWORD)
    assert all(is_valid_npi(npi) for npi in User.objects.exclude(npi="").values_list("npi", flat=True))
    assert User.objects.get(username="clinician2").sites.get().name == "Lakeside"
    assert "http://127.0.0.1:8000" in out.getvalue()
    assert "casemanager" in out.getvalue()
    assert DEMO_PASSWORD in out.getvalue()


def test_it_loads_only_into_an_empty_database(demo: str) -> None:
    # when
    out = StringIO()
    call_command("load_demo", "--if-empty", stdout=out)
    # then
    assert "not loaded" in out.getvalue()
    assert Organization.objects.count() == 2
    with pytest.raises(CommandError):
        _load()


def test_it_has_a_second_organization_that_sees_nothing_of_the_first(demo: str) -> None:
    # given the second organization's director and clinician
    harbor = Organization.objects.get(name="Harbor Light Health")
    director = User.objects.get(username="harbor.director")
    clinician = User.objects.get(username="harbor.clinician")
    out = StringIO()
    call_command("print_logins", stdout=out)
    # then it has its own site, track and clients, whom its staff see, and none of Riverside's
    assert "Harbor Light Health" in demo
    assert list(Site.objects.filter(organization=harbor).values_list("name", flat=True)) == ["Harborview"]
    assert Track.objects.filter(program__organization=harbor).count() == 1
    own = set(Client.objects.filter(organization=harbor).values_list("pk", flat=True))
    assert 4 <= len(own) <= 10
    assert AttendanceRecord.objects.filter(client__organization=harbor).exists()
    for user in (director, clinician):
        assert user.check_password(DEMO_PASSWORD)
        assert set(Client.objects.visible_to(user).values_list("pk", flat=True)) == own
    # and its logins are listed under its name
    assert "Harbor Light Health" in out.getvalue()
    assert "harbor.director" in out.getvalue()
    assert "harbor.clinician" in out.getvalue()


def test_it_has_a_note_waiting_for_the_directors_cosignature(demo: str) -> None:
    from trellis.notes import cosign

    director = User.objects.get(username="director", organization__name="Riverside Recovery")
    waiting = cosign.waiting_for(director)
    assert [row.kind for row in waiting] == ["SOAP note"]
    assert waiting[0].author == str(User.objects.get(username="casemanager"))


def test_it_has_a_resource_directory_with_open_and_closed_referrals(demo: str) -> None:
    from trellis.referrals.models import DischargeFollowUp, Referral, Resource

    riverside = Organization.objects.get(name="Riverside Recovery")
    assert Resource.objects.filter(organization=riverside, kind="sober_living").count() == 2
    states = set(Referral.objects.filter(organization=riverside).values_list("state", flat=True))
    assert {"drafted", "sent", "accepted", "completed", "declined"} <= states
    waiting = Referral.objects.get(aftercare=True, state="accepted", first_appointment_kept__isnull=True)
    assert waiting.episode is not None
    assert waiting.episode.discharged_on is not None
    assert DischargeFollowUp.objects.filter(episode=waiting.episode, recorded_on__isnull=True).exists()
    assert not Referral.objects.filter(organization=riverside, state="sent", disclosure__isnull=True).exists()


def test_it_shows_whole_person_care(demo: str) -> None:
    from trellis.billing.models import Charge
    from trellis.scheduling.models import RecurringGroup
    from trellis.support.models import OutsideMeeting, SupportContact

    # then contacts of both kinds, one of them waiting for the peer specialist's signature
    contacts = SupportContact.objects.all()
    assert set(contacts.values_list("kind", flat=True)) == {"case_management", "peer_support"}
    assert contacts.filter(signed_at__isnull=True, author__username="peer").count() == 1
    # and H0006 and H0038 charges from them, some released, outside meetings, and the experiential groups
    charges = Charge.objects.filter(support_contact__isnull=False)
    assert set(charges.values_list("code", flat=True)) == {"H0006", "H0038"}
    assert charges.filter(status="released").exists()
    assert OutsideMeeting.objects.count() >= 6
    kinds = set(RecurringGroup.objects.values_list("session_kind", flat=True))
    assert {"art_therapy", "life_skills"} <= kinds


def test_it_shows_casework_with_positive_screens_needs_and_a_caseload(demo: str) -> None:
    from trellis.casework.models import CaseAssignment, CaseNeed, CaseTask, NeedsScreening

    riverside = Organization.objects.get(name="Riverside Recovery")
    screens = NeedsScreening.objects.filter(client__organization=riverside)
    assert screens.count() == 8
    assert screens.exclude(positive_domains=[]).count() == 6
    assert CaseNeed.objects.filter(status="open").count() >= 6
    assert CaseAssignment.objects.filter(case_manager__username="casemanager").count() == 5
    assert CaseTask.objects.filter(done_on=None, due_on__lt=TODAY).count() == 1


def test_it_has_clients_opted_in_to_neutral_reminders(demo: str) -> None:
    from trellis.notifications.models import ChannelConsent, Notification
    from trellis.notifications.wording import reveals_treatment

    consents = ChannelConsent.objects.filter(client__organization__name="Riverside Recovery")
    assert sorted(consents.values_list("channel", flat=True)) == ["email", "email", "sms", "sms"]
    assert not any(reveals_treatment(body) for body in Notification.objects.values_list("body", flat=True))


def test_two_demo_clients_can_sign_in_to_the_portal(demo: str, settings: Any) -> None:
    from trellis.portal.models import PortalAccount

    # given the demo, and a developer's machine
    settings.DEBUG = True
    out = StringIO()
    # when the logins are printed and a code is asked for
    call_command("print_logins", stdout=out)
    mobile = PortalAccount.objects.order_by("mobile").first().mobile  # type: ignore[union-attr]
    code = StringIO()
    call_command("portal_code", mobile, stdout=code)
    # then
    assert PortalAccount.objects.count() == 2
    assert "Client portal at /me/" in out.getvalue()
    assert code.getvalue().strip().isdigit()


def test_it_has_signed_plans_and_measure_series_that_show_change(demo: str) -> None:
    from trellis.measures.models import MeasureResponse, SafetyTask
    from trellis.outcomes.measures import RULES, get_measure_change
    from trellis.outcomes.scope import build_scope
    from trellis.plans.models import PlanReview, TreatmentPlan

    riverside = Organization.objects.get(name="Riverside Recovery")
    episodes = Episode.objects.filter(program__organization=riverside)
    # then most episodes have a plan signed by client and clinician within 20 days of admission
    signed = TreatmentPlan.objects.filter(episode__in=episodes, effective_on__isnull=False).select_related(
        "episode"
    )
    assert signed.count() > episodes.count() / 2
    assert all(plan.client_signed_at and plan.clinician_signed_at for plan in signed)
    assert all(1 <= (plan.effective_on - plan.episode.admitted_on).days <= 20 for plan in signed)
    assert signed.filter(status="discharged").exists()
    assert PlanReview.objects.filter(plan__in=signed).exists()
    # and PHQ-9 series of two or more scores, with no item 9 positive left for a clinician to assess
    phq9 = MeasureResponse.objects.filter(instrument="phq9", episode__in=episodes)
    assert phq9.values("episode").annotate(n=Count("pk")).filter(n__gte=2).exists()
    assert not SafetyTask.objects.exists()
    # and the outcome dashboard's PHQ-9 change counts episodes, some of them improved reliably
    director = User.objects.get(organization=riverside, role=Role.DIRECTOR)
    scope = build_scope(user=director, first=TODAY - dt.timedelta(days=365), last=TODAY, today=TODAY)
    change = get_measure_change(scope, next(rule for rule in RULES if rule.instrument == "phq9"))
    assert change.episodes > 0
    assert change.improved > 0


def test_a_demo_portal_client_has_a_virtual_session(demo: str) -> None:
    from trellis.episodes.models import Enrollment
    from trellis.portal.models import PortalAccount
    from trellis.scheduling.models import GroupSession, SessionMode

    [virtual] = GroupSession.objects.filter(mode_override=SessionMode.VIRTUAL)
    clients = PortalAccount.objects.values_list("client_id", flat=True)
    assert (
        Enrollment.objects.on(virtual.date).filter(track=virtual.track, episode__client__in=clients).exists()
    )
