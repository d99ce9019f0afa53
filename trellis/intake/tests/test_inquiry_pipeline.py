"""The intake pipeline's services: taking an inquiry, crisis flags, allowed moves, booking, admitting, closing."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from conftest import World
from trellis.clients.models import Client
from trellis.intake import services
from trellis.intake.choices import InquiryEventKind, InquiryStatus, Urgency
from trellis.intake.models import Inquiry, InquiryEvent
from trellis.intake.tests.factories import InquiryFactory
from trellis.privacy.models import AuditEvent

NOW = dt.datetime(2026, 11, 24, 14, 0, tzinfo=dt.UTC)


def _take(world: World, concern: str, **extra: object) -> Inquiry:
    return services.create_inquiry(
        site=world.site_a,
        caller_name="Pat Synthetic",
        caller_relation="mother",
        phone="555-0199",
        referral_source="family",
        presenting_concern=concern,
        created_by=world.amy,
        **extra,  # type: ignore[arg-type]
    )


@time_machine.travel(NOW, tick=False)
def test_it_flags_a_crisis_at_once_and_makes_it_urgent(world: World) -> None:
    # given a caller whose son "can't stay safe"
    # when the inquiry is taken as routine
    inquiry = _take(world, "Son says he can't stay safe, took pills before", urgency=Urgency.ROUTINE)
    # then it is a crisis, urgent, due now, with the crisis step in its history
    assert inquiry.is_crisis
    assert inquiry.crisis_terms == ["can't stay safe"]
    assert inquiry.urgency == Urgency.URGENT
    assert inquiry.next_action_due == NOW
    assert inquiry.next_action.startswith("Crisis: call back now")
    kinds = list(InquiryEvent.objects.filter(inquiry=inquiry).values_list("kind", flat=True))
    assert kinds == [InquiryEventKind.CREATED, InquiryEventKind.CRISIS]


@time_machine.travel(NOW, tick=False)
def test_it_audits_the_inquiry_without_copying_the_caller(world: World) -> None:
    # when an inquiry is taken
    inquiry = _take(world, "Drinking daily, wants help")
    # then one create event names the inquiry, not the caller or the concern
    event = AuditEvent.objects.get(object_id=str(inquiry.pk))
    assert event.actor == world.amy
    assert event.detail == "inquiry taken"
    assert "Pat" not in event.detail


@pytest.mark.parametrize(
    ("urgency", "due_in"),
    [
        (Urgency.URGENT, dt.timedelta(hours=1)),
        (Urgency.SOON, dt.timedelta(hours=24)),
        (Urgency.ROUTINE, dt.timedelta(hours=48)),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_it_schedules_the_first_call_by_urgency(world: World, urgency: str, due_in: dt.timedelta) -> None:
    inquiry = _take(world, "Wants evening groups", urgency=urgency)
    assert (inquiry.is_crisis, inquiry.next_action, inquiry.next_action_due) == (
        False,
        "Screening call",
        NOW + due_in,
    )


def test_it_refuses_an_inquiry_without_a_caller_and_saves_nothing(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        services.create_inquiry(
            site=world.site_a,
            caller_name=" ",
            referral_source="self",
            presenting_concern="Help",
            created_by=world.amy,
        )
    assert "caller_name" in refused.value.message_dict
    assert not Inquiry.objects.exists()


def test_it_refuses_an_assignee_from_another_site(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        _take(world, "Help", assigned_to=world.bob)
    assert "assigned_to" in refused.value.message_dict


@pytest.mark.parametrize(
    ("start", "to", "allowed"),
    [
        (InquiryStatus.NEW, InquiryStatus.SCREENED, True),
        (InquiryStatus.SCREENED, InquiryStatus.NEW, False),
        (InquiryStatus.NEW, InquiryStatus.ASSESSMENT_BOOKED, False),
        (InquiryStatus.NEW, InquiryStatus.ADMITTED, False),
        (InquiryStatus.ASSESSMENT_BOOKED, InquiryStatus.SCREENED, True),
        (InquiryStatus.LOST, InquiryStatus.SCREENED, False),
        (InquiryStatus.REFERRED_ELSEWHERE, InquiryStatus.SCREENED, False),
    ],
)
def test_it_allows_only_the_pipelines_moves(world: World, start: str, to: str, allowed: bool) -> None:
    # given an inquiry at `start`
    inquiry = InquiryFactory.create(
        site=world.site_a, status=start, referred_to="Elsewhere", lost_reason="No answer"
    )
    # when it is moved to `to`
    if allowed:
        moved = services.advance_inquiry(inquiry=inquiry, to_status=to, advanced_by=world.amy)
        # then it moved and the history says from where to where
        assert moved.status == to
        event = InquiryEvent.objects.get(inquiry=inquiry)
        assert (event.from_status, event.to_status) == (start, to)
    else:
        with pytest.raises(ValidationError) as refused:
            services.advance_inquiry(inquiry=inquiry, to_status=to, advanced_by=world.amy)
        # then the error names the status and says what is possible
        assert "status" in refused.value.message_dict
        inquiry.refresh_from_db()
        assert inquiry.status == start


@time_machine.travel(NOW, tick=False)
def test_it_books_the_assessment_as_the_next_action(world: World) -> None:
    inquiry = InquiryFactory.create(site=world.site_a, status=InquiryStatus.SCREENED)
    starts = NOW + dt.timedelta(days=2)
    booked = services.book_assessment(
        inquiry=inquiry, starts_at=starts, assessor=world.alice, booked_by=world.amy
    )
    assert (booked.status, booked.next_action_due, booked.assessor) == (
        InquiryStatus.ASSESSMENT_BOOKED,
        starts,
        world.alice,
    )


@time_machine.travel(NOW, tick=False)
def test_it_refuses_an_assessment_in_the_past(world: World) -> None:
    inquiry = InquiryFactory.create(site=world.site_a, status=InquiryStatus.SCREENED)
    with pytest.raises(ValidationError) as refused:
        services.book_assessment(
            inquiry=inquiry, starts_at=NOW - dt.timedelta(hours=2), assessor=world.alice, booked_by=world.amy
        )
    assert "starts_at" in refused.value.message_dict


def test_it_admits_by_registering_the_client_at_the_inquirys_site(world: World) -> None:
    # given a booked inquiry from someone calling for themselves
    inquiry = InquiryFactory.create(
        site=world.site_a, status=InquiryStatus.ASSESSMENT_BOOKED, caller_relation="self", phone="555-0142"
    )
    # when admitted
    client = services.convert_inquiry(
        inquiry=inquiry, legal_first_name="Robin", legal_last_name="Synth", converted_by=world.amy
    )
    # then a client exists at site A, visible to Alice, linked to the closed inquiry
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.client, inquiry.closed_at is not None) == (
        InquiryStatus.ADMITTED,
        client,
        True,
    )
    assert client.phone == "555-0142"
    assert Client.objects.visible_to(world.alice).filter(pk=client.pk).exists()


def test_it_needs_a_place_to_refer_to_and_a_reason_to_lose(world: World) -> None:
    inquiry = InquiryFactory.create(site=world.site_a, status=InquiryStatus.SCREENED)
    with pytest.raises(ValidationError) as no_place:
        services.refer_elsewhere(inquiry=inquiry, referred_to="", referred_by=world.amy)
    with pytest.raises(ValidationError) as no_reason:
        services.mark_lost(inquiry=inquiry, reason=" ", marked_by=world.amy)
    assert "referred_to" in no_place.value.message_dict
    assert "lost_reason" in no_reason.value.message_dict
    referred = services.refer_elsewhere(
        inquiry=inquiry, referred_to="Residential, Hilltop", referred_by=world.amy
    )
    assert (referred.status, referred.referred_to) == (
        InquiryStatus.REFERRED_ELSEWHERE,
        "Residential, Hilltop",
    )


@pytest.mark.parametrize(
    ("persona", "sees_a", "sees_b"),
    [
        ("alice", True, False),
        ("bob", False, True),
        ("amy", True, False),
        ("dana", True, True),
        ("nora", False, False),
        ("bill", False, False),
        ("adam", False, False),
    ],
)
def test_it_shows_inquiries_only_to_intake_roles_at_their_sites(
    world: World, persona: str, sees_a: bool, sees_b: bool
) -> None:
    # given one inquiry at each site
    at_a = InquiryFactory.create(site=world.site_a)
    at_b = InquiryFactory.create(site=world.site_b)
    # when the persona lists inquiries
    visible = set(Inquiry.objects.visible_to(world.staff()[persona]))
    # then they see those of their sites, if their role works intake
    assert (at_a in visible, at_b in visible) == (sees_a, sees_b)
