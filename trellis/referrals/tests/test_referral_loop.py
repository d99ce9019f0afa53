"""A referral's loop through the services: each change a ReferralEvent and an audit event without PHI, sending
only through the disclosure gate, scoping to the organization and sites, and the worklist line until it closes."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError

from trellis.privacy import gate
from trellis.privacy.disclosure_models import Disclosure
from trellis.privacy.models import AuditEvent
from trellis.privacy.part2 import NOTICE, InfoKind
from trellis.referrals import services
from trellis.referrals.choices import ReferralState, ResourceKind
from trellis.referrals.models import Referral, Resource
from trellis.referrals.tests import given
from trellis.worklist import sources
from trellis.worklist.items import Kind

NOW = dt.datetime(2026, 11, 20, 15, tzinfo=dt.UTC)
TODAY = NOW.date()

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _lines(user: Any, kind: Kind) -> list[Any]:
    scope = sources.Scope(user=user, now=NOW)
    return [
        item
        for item in (sources.referral_follow_ups(scope) + sources.discharge_follow_ups(scope))
        if item.kind is kind
    ]


def test_it_sends_with_consent_and_records_the_disclosure(world: Any, support_staff: Any) -> None:
    cami = support_staff.cami
    home = given.resource(cami)
    given.consent_to(world.carol, world.amy)
    referral = given.drafted(cami, world.carol, home, follow_up_on=TODAY + dt.timedelta(days=3))

    release = services.send_referral(actor=cami, referral=referral)

    referral.refresh_from_db()
    assert referral.state == ReferralState.SENT
    assert referral.disclosure == release.disclosure
    disclosure = Disclosure.objects.get(client=world.carol)
    assert disclosure.recipient_name == given.SOBER_LIVING
    assert disclosure.information == [InfoKind.IDENTITY]  # a referral with no records still names the client
    assert NOTICE in release.notice


def test_without_consent_nothing_is_sent_and_the_attempt_is_audited(world: Any, support_staff: Any) -> None:
    cami = support_staff.cami
    referral = given.drafted(cami, world.carol, given.resource(cami), follow_up_on=TODAY)

    with pytest.raises(gate.DisclosureRefused) as refused:
        services.send_referral(actor=cami, referral=referral)

    assert "consent" in refused.value.message
    referral.refresh_from_db()
    assert referral.state == ReferralState.DRAFTED
    assert not Disclosure.objects.exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DISCLOSURE_REFUSED, client=world.carol).exists()


def test_records_beyond_the_consent_are_refused(world: Any, support_staff: Any) -> None:
    cami = support_staff.cami
    given.consent_to(world.carol, world.amy)
    referral = given.drafted(
        cami, world.carol, given.resource(cami), follow_up_on=TODAY, records=(InfoKind.DIAGNOSIS,)
    )
    with pytest.raises(gate.DisclosureRefused):
        services.send_referral(actor=cami, referral=referral)
    assert not Disclosure.objects.exists()


def test_every_change_is_an_event_and_an_audit_without_phi(world: Any, support_staff: Any) -> None:
    cami = support_staff.cami
    given.consent_to(world.carol, world.amy)
    referral = given.drafted(cami, world.carol, given.resource(cami), follow_up_on=TODAY)
    services.send_referral(actor=cami, referral=referral)
    for state in (ReferralState.RECEIVED, ReferralState.ACCEPTED, ReferralState.COMPLETED):
        services.change_referral_state(
            actor=cami, referral=referral, to=state, note="Spoke with the house manager"
        )

    events = list(referral.events.values_list("from_state", "to_state"))
    assert events == [
        ("", "drafted"), ("drafted", "sent"), ("sent", "received"), ("received", "accepted"),
        ("accepted", "completed"),
    ]  # fmt: skip
    details = list(
        AuditEvent.objects.filter(object_id=str(referral.pk))
        .order_by("sequence")
        .values_list("detail", flat=True)
    )
    assert [d for d in details if d.startswith("referral")] == [
        "referral drafted", "referral drafted -> sent", "referral sent -> received",
        "referral received -> accepted", "referral accepted -> completed",
    ]  # fmt: skip
    everything = " ".join(AuditEvent.objects.values_list("detail", flat=True))
    for phi in ("Carol", "Northcott", given.SOBER_LIVING, "sober place", "house manager"):
        assert phi not in everything


def test_a_refused_change_changes_nothing(world: Any, support_staff: Any) -> None:
    cami = support_staff.cami
    referral = given.drafted(cami, world.carol, given.resource(cami), follow_up_on=TODAY)
    with pytest.raises(ValidationError) as refused:
        services.change_referral_state(actor=cami, referral=referral, to=ReferralState.COMPLETED)
    assert "cannot become completed" in str(refused.value)
    with pytest.raises(ValidationError):
        services.change_referral_state(actor=cami, referral=referral, to=ReferralState.SENT)
    assert Referral.objects.get().state == ReferralState.DRAFTED
    assert referral.events.count() == 1


def test_an_open_referral_needs_a_follow_up_date(world: Any, support_staff: Any) -> None:
    cami = support_staff.cami
    with pytest.raises(ValidationError) as refused:
        given.drafted(cami, world.carol, given.resource(cami), follow_up_on=None)  # type: ignore[arg-type]
    assert "follow_up_on" in refused.value.message_dict
    assert not Referral.objects.exists()


def test_another_organization_s_resource_is_refused(world: Any, support_staff: Any) -> None:
    elsewhere = given.resource(world.olga, name="Harbor House")
    with pytest.raises(ValidationError):
        given.drafted(support_staff.cami, world.carol, elsewhere, follow_up_on=TODAY)
    assert not Referral.objects.exists()


def test_referrals_and_the_directory_are_scoped(world: Any, support_staff: Any) -> None:
    cami = support_staff.cami
    given.resource(world.olga, name="Harbor House")
    mine = given.resource(cami)
    given.drafted(cami, world.carol, mine, follow_up_on=TODAY)
    given.drafted(world.dana, world.dave, mine, follow_up_on=TODAY)

    assert list(Resource.objects.visible_to(cami)) == [mine]
    assert list(Resource.objects.visible_to(world.olga).values_list("name", flat=True)) == ["Harbor House"]
    assert [r.client for r in Referral.objects.visible_to(cami)] == [world.carol]  # Dave is at Lakeside
    assert [r.client for r in Referral.objects.visible_to(world.bob)] == [world.dave]
    assert not Referral.objects.visible_to(world.olga).exists()


def test_the_worklist_shows_the_follow_up_until_the_loop_closes(world: Any, support_staff: Any) -> None:
    cami = support_staff.cami
    given.consent_to(world.carol, world.amy)
    referral = given.drafted(
        cami, world.carol, given.resource(cami), follow_up_on=TODAY + dt.timedelta(days=2)
    )
    services.send_referral(actor=cami, referral=referral)
    services.change_referral_state(actor=cami, referral=referral, to=ReferralState.ACCEPTED)

    [line] = _lines(cami, Kind.REFERRAL_FOLLOW_UP)
    assert line.due_on == TODAY + dt.timedelta(days=2)
    assert line.staff.pk == cami.pk
    assert not line.overdue
    assert not _lines(world.bob, Kind.REFERRAL_FOLLOW_UP)  # Carol is not Bob's to see

    services.change_referral_state(actor=cami, referral=referral, to=ReferralState.COMPLETED)
    assert not _lines(cami, Kind.REFERRAL_FOLLOW_UP)


def test_an_aftercare_referral_stays_open_until_the_first_appointment_is_kept(
    world: Any, support_staff: Any
) -> None:
    cami = support_staff.cami
    clinic = given.resource(cami, name="Riverbend Outpatient", kind=ResourceKind.OUTPATIENT)
    from tests import part2 as consents_for

    consents_for.tpo_consent(world.carol, world.amy)
    terms = services.ReferralTerms(
        resource=clinic, domain="treatment", reason="Aftercare", records=(), follow_up_on=TODAY
    )
    referral = services.draft_referral(actor=cami, client=world.carol, terms=terms, aftercare=True)
    services.send_referral(actor=cami, referral=referral)
    services.record_first_appointment(
        actor=cami, referral=referral, on=TODAY + dt.timedelta(days=5), kept=None
    )
    assert referral.state == ReferralState.ACCEPTED
    with pytest.raises(ValidationError):
        services.change_referral_state(actor=cami, referral=referral, to=ReferralState.COMPLETED)

    services.record_first_appointment(
        actor=cami, referral=referral, on=TODAY + dt.timedelta(days=5), kept=True
    )

    referral.refresh_from_db()
    assert referral.state == ReferralState.COMPLETED
    assert not _lines(cami, Kind.REFERRAL_FOLLOW_UP)
