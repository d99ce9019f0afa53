"""The disclosure gate's decisions: consent, revocation, expiry, separate consents, court orders, restrictions."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import DatabaseError, transaction

from tests import part2 as consents_for
from trellis.core import clock
from trellis.privacy import consents, gate, paths
from trellis.privacy.consent_models import CourtOrder, RestrictionKind, RestrictionRequest, RestrictionState
from trellis.privacy.disclosure_models import Authority, Disclosure
from trellis.privacy.models import AuditEvent
from trellis.privacy.part2 import NOTICE, ConsentKind, InfoKind, Purpose, RecipientKind
from trellis.programs.choices import ProgramKind

PAYER = gate.Recipient(RecipientKind.HEALTH_PLAN, "Blue Ridge Health Plan")
CLAIM_INFO = (InfoKind.IDENTITY, InfoKind.ATTENDANCE, InfoKind.DIAGNOSIS, InfoKind.BILLING)


def _claim(world: Any, client: Any, recipient: gate.Recipient = PAYER) -> gate.Release:
    return gate.disclose(
        path=paths.CLAIMS_EXPORT,
        client=client,
        recipient=recipient,
        purpose=Purpose.PAYMENT,
        information=CLAIM_INFO,
        description="837P claim file",
        actor=world.bill,
    )


def test_without_consent_nothing_leaves_and_the_refusal_names_what_is_missing(world: Any) -> None:
    with pytest.raises(gate.DisclosureRefused) as refused:
        _claim(world, world.carol)
    assert refused.value.reason == "no_consent"
    assert "Blue Ridge Health Plan" in refused.value.message
    assert "payment" in refused.value.message
    assert not Disclosure.objects.exists()
    assert (
        AuditEvent.objects.filter(action=AuditEvent.Action.DISCLOSURE_REFUSED, client=world.carol).count()
        == 1
    )


def test_a_tpo_consent_lets_a_claim_go_with_the_notice_and_one_disclosure_row(world: Any) -> None:
    consent = consents_for.tpo_consent(world.carol, world.alice)
    release = _claim(world, world.carol)
    assert release.notice.startswith(NOTICE)
    assert "Payment" in release.notice or "payment" in release.notice
    assert release.security_labels == ("R", "42CFRPart2")
    row = Disclosure.objects.get()
    assert (row.client, row.consent, row.authority) == (world.carol, consent, Authority.CONSENT)
    assert row.general_designation
    assert row.part2
    assert row.disclosed_by == world.bill
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DISCLOSE, client=world.carol).count() == 1


def test_revocation_stops_the_next_disclosure_at_once(world: Any) -> None:
    consent = consents_for.tpo_consent(world.carol, world.alice)
    _claim(world, world.carol)
    consents.revoke(consent=consent, method="in writing", note="", actor=world.alice)
    with pytest.raises(gate.DisclosureRefused) as refused:
        _claim(world, world.carol)
    assert refused.value.reason == "revoked"
    assert "revoked on" in refused.value.message
    assert Disclosure.objects.count() == 1


def test_a_named_consent_ends_the_day_after_its_expiry_date(world: Any) -> None:
    today = clock.today_in(world.carol.site.timezone)
    consents_for.named_consent(
        world.carol, world.alice, recipient_kind=RecipientKind.HEALTH_PLAN, recipient_name="Blue Ridge Health Plan",
        purposes=(Purpose.PAYMENT,), information=CLAIM_INFO, expires_on=today + dt.timedelta(days=3),
    )  # fmt: skip
    noon = clock.local_datetime(today + dt.timedelta(days=3), dt.time(12), world.carol.site.timezone)
    with time_machine.travel(noon, tick=False):
        _claim(world, world.carol)  # the last day it is in force
    with (
        time_machine.travel(noon + dt.timedelta(days=1), tick=False),
        pytest.raises(gate.DisclosureRefused) as refused,
    ):
        _claim(world, world.carol)
    assert refused.value.reason == "expired"


def test_a_named_consent_covers_only_the_recipient_it_names(world: Any) -> None:
    consents_for.named_consent(
        world.carol, world.alice, recipient_kind=RecipientKind.FAMILY, recipient_name="Robin  Northcott",
        purposes=(Purpose.FAMILY,),
    )  # fmt: skip
    sister = gate.Recipient(RecipientKind.FAMILY, "robin northcott")
    stranger = gate.Recipient(RecipientKind.FAMILY, "Sam Other")
    info = (InfoKind.IDENTITY,)
    gate.check(
        path=paths.PLAN_PDF, client=world.carol, recipient=sister, purpose=Purpose.FAMILY, information=info
    )
    with pytest.raises(gate.DisclosureRefused):
        gate.check(
            path=paths.PLAN_PDF,
            client=world.carol,
            recipient=stranger,
            purpose=Purpose.FAMILY,
            information=info,
        )


def test_counseling_notes_need_their_own_consent_and_a_tpo_consent_cannot_hold_them(world: Any) -> None:
    with pytest.raises(consents.ConsentInvalid, match="separate consent"):
        consents_for.tpo_consent(
            world.carol, world.alice, information=(InfoKind.COUNSELING_NOTES, InfoKind.IDENTITY)
        )
    with pytest.raises(consents.ConsentInvalid, match="cannot be combined"):
        consents_for.named_consent(
            world.carol, world.alice, kind=ConsentKind.COUNSELING_NOTES, recipient_kind=RecipientKind.PROVIDER,
            recipient_name="Dr. Lee", purposes=(Purpose.TREATMENT,),
            information=(InfoKind.COUNSELING_NOTES, InfoKind.IDENTITY),
        )  # fmt: skip


def test_use_in_a_proceeding_needs_a_court_order_or_a_legal_consent(world: Any) -> None:
    court = gate.Recipient(RecipientKind.COURT, "County Court")
    info = (InfoKind.IDENTITY, InfoKind.ATTENDANCE)
    consents_for.tpo_consent(world.carol, world.alice)
    with pytest.raises(gate.DisclosureRefused) as refused:
        gate.check(
            path=paths.DISCHARGE_PDF,
            client=world.carol,
            recipient=court,
            purpose=Purpose.LEGAL,
            information=info,
        )
    assert refused.value.reason == "legal"
    assert "2.64" in refused.value.message
    CourtOrder.objects.create(
        organization=world.organization, client=world.carol, court_name="County Court", order_reference="CV-1",
        issued_on=clock.today_in(world.carol.site.timezone), recipient_name="County Court",
        information=list(info), scope="Attendance records for the hearing.", recorded_by=world.dana,
    )  # fmt: skip
    decision = gate.check(
        path=paths.DISCHARGE_PDF, client=world.carol, recipient=court, purpose=Purpose.LEGAL, information=info
    )
    assert decision.authority == Authority.COURT_ORDER


def test_an_agreed_self_pay_restriction_keeps_the_health_plan_from_being_told(world: Any) -> None:
    consents_for.tpo_consent(world.carol, world.alice)
    RestrictionRequest.objects.create(
        organization=world.organization, client=world.carol, kind=RestrictionKind.HEALTH_PLAN,
        description="Paying for this episode myself.", requested_on=clock.today_in(world.carol.site.timezone),
        state=RestrictionState.AGREED, recorded_by=world.dana,
    )  # fmt: skip
    with pytest.raises(gate.DisclosureRefused) as refused:
        _claim(world, world.carol)
    assert refused.value.reason == "restricted"
    assert "2.26" in refused.value.message


def test_records_of_a_mental_health_only_program_go_for_payment_without_a_part2_notice(world: Any) -> None:
    world.program.kind = ProgramKind.MENTAL_HEALTH
    world.program.save()
    release = _claim(world, world.carol)
    assert release.notice == ""
    assert not release.part2
    assert Disclosure.objects.get().authority == Authority.HIPAA_TPO


def test_a_director_may_mark_a_substance_use_program_as_not_part2(world: Any) -> None:
    world.program.is_part2 = False
    world.program.save()
    assert _claim(world, world.carol).part2 is False
    world.program.is_part2 = None
    world.program.save()
    with pytest.raises(gate.DisclosureRefused):
        _claim(world, world.carol)


def test_an_unregistered_or_overreaching_path_is_a_programming_error(world: Any) -> None:
    with pytest.raises(KeyError):
        gate.check(
            path="fax", client=world.carol, recipient=PAYER, purpose=Purpose.PAYMENT, information=CLAIM_INFO
        )
    with pytest.raises(ValueError, match="carries only"):
        gate.check(
            path=paths.CLAIMS_EXPORT, client=world.carol, recipient=PAYER, purpose=Purpose.PAYMENT,
            information=(InfoKind.MEASURES,),
        )  # fmt: skip


def test_the_database_refuses_to_change_or_delete_a_disclosure(world: Any) -> None:
    consents_for.tpo_consent(world.carol, world.alice)
    _claim(world, world.carol)
    with pytest.raises(DatabaseError), transaction.atomic():
        Disclosure.objects.update(recipient_name="Someone else")
    with pytest.raises(DatabaseError), transaction.atomic():
        Disclosure.objects.all().delete()
    assert Disclosure.objects.get().recipient_name == "Blue Ridge Health Plan"
