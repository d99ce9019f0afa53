"""Factories and set-ups for the billing app's Django tests: fictional payers, fees and coverage."""

import datetime as dt
from decimal import Decimal
from typing import Any

import factory
import time_machine
from django.core.management import call_command

from tests import factories, part2
from trellis.attendance.models import AttendanceRecord
from trellis.billing.choices import ClaimType, PayerKind, PerDiemCode, UnitType
from trellis.billing.models import (
    Authorization,
    BillingProfile,
    Coverage,
    Diagnosis,
    FeeScheduleEntry,
    Payer,
    PayerRuleSet,
)
from trellis.demo.npi import npi_with_check_digit
from trellis.notes.models import GroupNote, ParticipantEntry
from trellis.privacy.consent_models import Consent
from trellis.scheduling.models import GroupSession

FEES_FROM = dt.date(2026, 1, 1)
RULES_FROM = dt.date(2000, 1, 1)


class BillingProfileFactory(factory.django.DjangoModelFactory[BillingProfile]):  # type: ignore[misc]
    class Meta:
        model = BillingProfile
        django_get_or_create = ("organization",)

    organization = factory.SubFactory(factories.OrganizationFactory)
    legal_name = "Riverside Recovery IOP"
    npi = npi_with_check_digit("123456789")
    tin = "990000001"
    taxonomy_code = "261QR0405X"
    address_line1 = "100 Trellis Way"
    city = "Springfield"
    state = "IL"
    postal_code = "627010001"
    submitter_id = "TRELLIS01"
    receiver_id = "FAKECLEAR"
    receiver_name = "Fictional Clearinghouse"
    contact_name = "Bill Biller"
    contact_phone = "5555550100"


class PayerFactory(factory.django.DjangoModelFactory[Payer]):  # type: ignore[misc]
    class Meta:
        model = Payer
        skip_postgeneration_save = True

    organization = factory.SubFactory(factories.OrganizationFactory)
    name = factory.Sequence(lambda n: f"Prairie Mutual {n} (fictional)")
    kind = PayerKind.COMMERCIAL
    payer_id = factory.Sequence(lambda n: f"99{n:03d}")
    address_line1 = "PO Box 4000"
    city = "Peoria"
    state = "IL"
    postal_code = "61601"
    claim_type = ClaimType.PROFESSIONAL
    per_diem_code = PerDiemCode.H0015

    @factory.post_generation  # type: ignore[untyped-decorator]  # factory_boy is untyped
    def rules(self, create: bool, extracted: Any, **changes: Any) -> None:
        """One open version of REFERENCE.md's default rules, except that most tests bill a single day, so the
        factory's payer sets no days-a-week minimum: pass rules__substance_use_days_per_week=3 (or any rule)
        to change it, rules=False for a payer with no rules of its own (the defaults apply)."""
        if create and extracted is not False:
            PayerRuleSet.objects.create(
                payer=self, starts_on=RULES_FROM, **{"substance_use_days_per_week": 0, **changes}
            )


class FeeFactory(factory.django.DjangoModelFactory[FeeScheduleEntry]):  # type: ignore[misc]
    class Meta:
        model = FeeScheduleEntry

    payer = factory.SubFactory(PayerFactory)
    code = "H0015"
    rate = Decimal("250.00")
    unit_type = UnitType.PER_DIEM
    starts_on = FEES_FROM


class CoverageFactory(factory.django.DjangoModelFactory[Coverage]):  # type: ignore[misc]
    class Meta:
        model = Coverage

    client = factory.SubFactory(factories.ClientFactory)
    payer = factory.SubFactory(PayerFactory)
    member_id = factory.Sequence(lambda n: f"PMH{n:08d}")
    starts_on = dt.date(2026, 1, 1)
    sex = "F"


class AuthorizationFactory(factory.django.DjangoModelFactory[Authorization]):  # type: ignore[misc]
    class Meta:
        model = Authorization

    coverage = factory.SubFactory(CoverageFactory)
    number = factory.Sequence(lambda n: f"AUTH{n:06d}")
    starts_on = dt.date(2026, 11, 1)
    ends_on = dt.date(2026, 11, 30)
    units_authorized = 20


class DiagnosisFactory(factory.django.DjangoModelFactory[Diagnosis]):  # type: ignore[misc]
    class Meta:
        model = Diagnosis

    client = factory.SubFactory(factories.ClientFactory)
    code = "F10.20"
    description = "Alcohol dependence, uncomplicated"
    is_primary = True
    recorded_by = factory.SubFactory(factories.UserFactory)


# Consents for billing tests are signed before any date the tests travel to (their months are late 2026),
# whatever the wall clock says: a consent signed "later" than the test's moment would not be in force yet.
CONSENTED_AT = dt.datetime(2026, 1, 2, 15, tzinfo=dt.UTC)


def consent_to_billing(client: Any, *, by: Any) -> None:
    """The client's signed TPO consent, once: without it the disclosure gate holds every claim (42 CFR 2.33)."""
    if not Consent.objects.filter(client=client).exists():
        with time_machine.travel(CONSENTED_AT, tick=False):
            part2.tpo_consent(client, by)


def insure(
    client: Any, payer: Any, *, by: Any, units: int = 20, consent: bool = True, **auth: Any
) -> Coverage:
    """Coverage with a diagnosis, a November authorization and the client's TPO consent: a client whose days
    bill cleanly."""
    if consent:
        consent_to_billing(client, by=by)
    coverage: Coverage = CoverageFactory.create(client=client, payer=payer)
    DiagnosisFactory.create(client=client, recorded_by=by)
    AuthorizationFactory.create(coverage=coverage, units_authorized=units, **auth)
    return coverage


def attend(
    world: Any, client: Any, day: dt.date, *, minutes: int = 180, group: Any = None
) -> AttendanceRecord:
    group = group or world.group_a
    session = GroupSession.objects.filter(group=group, date=day).first()
    session = session or factories.GroupSessionFactory.create(group=group, date=day)
    return AttendanceRecord.objects.create(
        session=session, client=client, status="present", minutes_attended=minutes, recorded_by=world.alice
    )


def document(record: AttendanceRecord, author: Any, *, signed: bool = True) -> ParticipantEntry:
    """A group note entry for the attendance, signed or still a draft."""
    at = record.session.ends_at + dt.timedelta(hours=1) if signed else None
    note, _ = GroupNote.objects.get_or_create(
        session=record.session, defaults={"author": author, "topic": "Coping with cravings", "signed_at": at}
    )
    return ParticipantEntry.objects.create(
        note=note, client=record.client, attendance=record, participation="active", response="Engaged.",
        objective_addressed="Name three triggers", risk_level="none", signed_at=at,
    )  # fmt: skip


def billable_day(world: Any, client: Any, day: dt.date, **kwargs: Any) -> AttendanceRecord:
    record = attend(world, client, day, **kwargs)
    document(record, world.alice)
    return record


def export(organization: Any, first: str, last: str, out: Any) -> None:
    """`manage.py export_claims` for one organization's claims of a period, as an operator runs it."""
    call_command(
        "export_claims", "--organization", organization.name, "--from", first, "--to", last, "--out", str(out)
    )
