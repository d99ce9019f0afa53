"""Payer rules as dated settings, applied at capture: the per diem follows the diagnoses, the weekly minimum,
G0410 units from therapy time (breaks excluded), Medicare IOP tiers and counted services, bundling.

Sources: HCPCS H0015 "Alcohol and/or drug services; intensive outpatient (treatment program that operates at
least 3 hours/day and at least 3 days/week and is based on an individualized treatment plan)"; HCPCS S9480
"Intensive outpatient psychiatric services, per diem"; NUBC UB-04 revenue codes 0905 (IOP psychiatric) and
0906 (IOP chemical dependency); ICD-10-CM F10-F19 (disorders due to psychoactive substance use); CMS CY2024
OPPS final rule (88 FR 81540): Medicare IOP paid per diem for days with 3 services and days with 4 or more,
counting the PHP/IOP services list (G0410/G0411, G0129, G0176 activity therapy, G0177 patient education,
psychotherapy); HCPCS G0410 "approximately 45 to 50 minutes". REFERENCE.md s3, s4, s4b.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from trellis.billing.capture import capture_charges
from trellis.billing.choices import (
    HOLD_DETAILS,
    HOLD_LABELS,
    ChargeStatus,
    ClaimType,
    PayerKind,
    PerDiemCode,
    UnitType,
)
from trellis.billing.models import Charge, MedicareCertification, PayerRuleSet
from trellis.billing.payer_settings import change_payer_rules
from trellis.billing.rules.effective import EffectivePeriod, in_effect
from trellis.billing.rules.holds import HoldReason
from trellis.billing.rules.medicare_iop import (
    DeliveredService,
    IopTier,
    day_tier,
    group_units,
    qualifying_services_by_day,
    settings_from,
)
from trellis.billing.rules.payers import Focus, PayerRules
from trellis.billing.rules.per_diem import (
    ProgramFocus,
    choose_per_diem,
    diagnosis_facts,
    is_mental_health_diagnosis,
    is_substance_use_diagnosis,
    meets_days_per_week,
)
from trellis.billing.rules.units import Rounding
from trellis.billing.tests import billing_factories as given
from trellis.notes.models import IndividualNote
from trellis.programs.choices import ProgramKind

DEFAULTS = PayerRules(effective=EffectivePeriod(dt.date(2024, 1, 1)))
NOV = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
MONDAY = dt.date(2026, 11, 2)
SUD, MH, COD = ProgramFocus.SUBSTANCE_USE, ProgramFocus.MENTAL_HEALTH, ProgramFocus.CO_OCCURRING


# --- Pure rules ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "substance_use", "mental_health"),
    [
        ("F10.20", True, False),  # alcohol dependence: the first of F10-F19
        ("F19.99", True, False),  # the last of F10-F19
        ("f11.20", True, False),
        ("F1120", True, False),  # dots are optional on a claim
        ("F09", False, True),  # just below the band: mental health
        ("F20.9", False, True),  # just above the band: schizophrenia
        ("F33.1", False, True),
        ("F41.1", False, True),
        ("Z63.0", False, False),  # a Z code is neither
        ("", False, False),
    ],
)
def test_it_classifies_icd10_codes_as_substance_use_or_mental_health(
    code: str, substance_use: bool, mental_health: bool
) -> None:
    assert (is_substance_use_diagnosis(code), is_mental_health_diagnosis(code)) == (
        substance_use,
        mental_health,
    )


@pytest.mark.parametrize(
    ("program", "codes", "co_occurring", "expected"),
    [
        (SUD, ("F10.20",), Focus.SUBSTANCE_USE, ("H0015", "0906", None)),
        (SUD, ("F41.1",), Focus.SUBSTANCE_USE, ("H0015", "0906", HoldReason.NEEDS_SUBSTANCE_USE_DIAGNOSIS)),
        (SUD, ("Z63.0",), Focus.SUBSTANCE_USE, ("H0015", "0906", HoldReason.NEEDS_SUBSTANCE_USE_DIAGNOSIS)),
        (SUD, (), Focus.SUBSTANCE_USE, ("H0015", "0906", None)),  # no diagnosis: the missing-diagnosis hold
        (MH, ("F33.1",), Focus.SUBSTANCE_USE, ("S9480", "0905", None)),
        (MH, ("F11.20",), Focus.SUBSTANCE_USE, ("S9480", "0905", HoldReason.NEEDS_MENTAL_HEALTH_DIAGNOSIS)),
        (COD, ("F10.20",), Focus.MENTAL_HEALTH, ("H0015", "0906", None)),
        (COD, ("F41.1",), Focus.SUBSTANCE_USE, ("S9480", "0905", None)),
        (COD, ("F10.20", "F33.1"), Focus.SUBSTANCE_USE, ("H0015", "0906", None)),  # the payer decides
        (COD, ("F10.20", "F33.1"), Focus.MENTAL_HEALTH, ("S9480", "0905", None)),
    ],
)
def test_it_picks_the_per_diem_from_the_program_and_the_diagnoses(
    program: ProgramFocus, codes: tuple[str, ...], co_occurring: Focus, expected: tuple[str, str, Any]
) -> None:
    rules = PayerRules(effective=DEFAULTS.effective, co_occurring_focus=co_occurring)
    choice = choose_per_diem(program=program, diagnoses=diagnosis_facts(codes), rules=rules)
    assert (choice.code, choice.revenue_code, choice.problem) == expected


@pytest.mark.parametrize(
    ("attended", "break_minutes", "rules", "units"),
    [
        (180, 0, {}, 4),  # a 3-hour group with no break: 4 whole 45-minute units
        (180, 15, {}, 3),  # the same with a 15-minute break: 165 minutes of therapy, 3 units
        (135, 0, {}, 3),  # exactly 3 units
        (134, 0, {}, 2),  # a minute short of the third
        (180, 15, {"breaks_count_as_therapy": True}, 4),  # a payer that counts the break
        (150, 0, {"group_unit_minutes": 50}, 3),  # 50-minute units: the top of "45 to 50 minutes"
        (149, 0, {"group_unit_minutes": 50}, 2),
        (165, 0, {"group_unit_rounding": Rounding.CMS_EIGHT_MINUTE}, 4),  # 30 left: over half a unit
    ],
)
def test_it_counts_g0410_units_from_therapy_time(
    attended: int, break_minutes: int, rules: dict[str, Any], units: int
) -> None:
    payer_rules = PayerRules(effective=DEFAULTS.effective, **rules)
    therapy = payer_rules.therapy_minutes(attended=attended, break_minutes=break_minutes)
    assert group_units(therapy, settings_from(payer_rules)) == units


@pytest.mark.parametrize(
    ("codes", "tier"),
    [
        (("G0410", "G0410"), IopTier.NOT_PAYABLE),
        (("G0410", "G0176", "G0177"), IopTier.THREE_SERVICES),  # activity therapy and education count
        (("G0410", "G0410", "G0410"), IopTier.THREE_SERVICES),  # exactly 3
        (("G0410", "G0410", "G0410", "G0177"), IopTier.FOUR_OR_MORE),  # exactly 4
        (("G0410", "G0129", "90834", "80305"), IopTier.THREE_SERVICES),  # a drug screen is not an IOP service
    ],
)
def test_it_tiers_a_medicare_day_by_the_cy2024_counted_services(
    codes: tuple[str, ...], tier: IopTier
) -> None:
    settings = settings_from(DEFAULTS)
    counts = qualifying_services_by_day([DeliveredService(MONDAY, code) for code in codes], settings)
    assert day_tier(counts.get(MONDAY, 0), settings) is tier


def test_a_payer_that_moves_its_tiers_changes_where_a_day_lands() -> None:
    settings = settings_from(PayerRules(effective=DEFAULTS.effective, iop_upper_tier_services=5))
    assert day_tier(4, settings) is IopTier.THREE_SERVICES
    assert day_tier(5, settings) is IopTier.FOUR_OR_MORE


@pytest.mark.parametrize(
    ("days", "minimum", "meets"), [(2, 3, False), (3, 3, True), (4, 3, True), (0, 0, True)]
)
def test_it_checks_the_days_a_week(days: int, minimum: int, meets: bool) -> None:
    assert meets_days_per_week(qualifying_days=days, minimum_days=minimum) is meets


def test_a_version_changed_on_a_date_applies_from_that_date_only() -> None:
    old = PayerRules(effective=EffectivePeriod(dt.date(2024, 1, 1), dt.date(2026, 11, 3)))
    new = PayerRules(effective=EffectivePeriod(dt.date(2026, 11, 4)), substance_use_days_per_week=0)
    assert in_effect([old, new], on=dt.date(2026, 11, 3)) is old
    assert in_effect([old, new], on=dt.date(2026, 11, 4)) is new


def test_every_new_hold_has_words_a_biller_understands() -> None:
    for reason in (
        HoldReason.NEEDS_SUBSTANCE_USE_DIAGNOSIS,
        HoldReason.NEEDS_MENTAL_HEALTH_DIAGNOSIS,
        HoldReason.BELOW_DAYS_PER_WEEK,
        HoldReason.BUNDLED_IN_PER_DIEM,
    ):
        assert HOLD_LABELS[reason]
        assert HOLD_DETAILS[reason].endswith(".")


# --- At capture ---------------------------------------------------------------------------------------------


def capture(world: Any) -> list[Charge]:
    capture_charges(first=NOV[0], last=NOV[1], organization=world.organization)
    return list(Charge.objects.order_by("service_date", "code"))


def per_diem_payer(world: Any, **rules: Any) -> Any:
    payer = given.PayerFactory.create(
        organization=world.organization, **{f"rules__{k}": v for k, v in rules.items()}
    )
    given.FeeFactory.create(payer=payer, code="H0015", revenue_code="0906")
    given.FeeFactory.create(payer=payer, code="S9480", rate=Decimal(310), revenue_code="0905")
    return payer


def diagnosed(world: Any, payer: Any, *codes: str) -> None:
    """Carol insured and authorized, with exactly `codes` on her record."""
    given.insure(world.carol, payer, by=world.bill)
    world.carol.diagnoses.all().delete()
    for number, code in enumerate(codes):
        given.DiagnosisFactory.create(
            client=world.carol, code=code, is_primary=number == 0, recorded_by=world.bill
        )


def test_an_sud_per_diem_for_a_client_with_only_anxiety_is_held_in_words(world: Any) -> None:
    # given Carol in the substance use program with only generalized anxiety on her record
    diagnosed(world, per_diem_payer(world), "F41.1")
    given.billable_day(world, world.carol, MONDAY)
    # when captured
    [charge] = capture(world)
    # then H0015 is held: the diagnoses do not back a substance use day
    assert (charge.code, charge.revenue_code, charge.status) == ("H0015", "0906", ChargeStatus.HELD)
    assert charge.hold_reasons == ["needs_substance_use_diagnosis"]
    assert "F10-F19" in HOLD_DETAILS[charge.hold_reasons[0]]


@pytest.mark.parametrize(
    ("codes", "co_occurring", "code", "revenue"),
    [
        (("F33.1",), Focus.SUBSTANCE_USE, "S9480", "0905"),
        (("F11.20",), Focus.MENTAL_HEALTH, "H0015", "0906"),
        (("F11.20", "F33.1"), Focus.SUBSTANCE_USE, "H0015", "0906"),
        (("F11.20", "F33.1"), Focus.MENTAL_HEALTH, "S9480", "0905"),
    ],
)
def test_a_co_occurring_program_bills_the_per_diem_the_diagnoses_call_for(
    world: Any, codes: tuple[str, ...], co_occurring: Focus, code: str, revenue: str
) -> None:
    # given the program treats co-occurring disorders and the payer's rule for clients with both
    world.program.kind = ProgramKind.CO_OCCURRING
    world.program.save(update_fields=["kind"])
    diagnosed(world, per_diem_payer(world, co_occurring_focus=co_occurring), *codes)
    given.billable_day(world, world.carol, MONDAY)
    # then the code and revenue code follow them, released
    [charge] = capture(world)
    assert (charge.code, charge.revenue_code, charge.status) == (code, revenue, ChargeStatus.RELEASED)


@pytest.mark.parametrize(
    ("offsets", "status", "reasons"),
    [
        ((0, 2), ChargeStatus.HELD, ["below_days_per_week"]),  # 2 days in the week
        ((0, 2, 4), ChargeStatus.RELEASED, []),  # 3 days: H0015's minimum
    ],
)
def test_h0015_needs_three_days_in_the_week(
    world: Any, offsets: tuple[int, ...], status: str, reasons: list[str]
) -> None:
    # given a payer with H0015's 3-days-a-week minimum (REFERENCE.md's default)
    diagnosed(world, per_diem_payer(world, substance_use_days_per_week=3), "F10.20")
    for offset in offsets:
        given.billable_day(world, world.carol, MONDAY + dt.timedelta(days=offset))
    # then every day of the week is held, or none is
    charges = capture(world)
    assert [(c.status, c.hold_reasons) for c in charges] == [(status, reasons)] * len(offsets)


def test_a_short_day_does_not_count_toward_the_week_and_days_outside_the_period_do(world: Any) -> None:
    diagnosed(world, per_diem_payer(world, substance_use_days_per_week=3), "F10.20")
    given.billable_day(world, world.carol, MONDAY + dt.timedelta(days=-1), minutes=180)  # Sunday: last week
    given.billable_day(world, world.carol, MONDAY, minutes=180)
    given.billable_day(world, world.carol, MONDAY + dt.timedelta(days=1), minutes=120)
    given.billable_day(world, world.carol, MONDAY + dt.timedelta(days=2), minutes=180)
    # when only Wednesday is captured, its week still counts Monday and Tuesday
    capture_charges(
        first=MONDAY + dt.timedelta(days=2),
        last=MONDAY + dt.timedelta(days=2),
        organization=world.organization,
    )
    [charge] = Charge.objects.all()
    assert charge.hold_reasons == ["below_days_per_week"]  # Tuesday was under 3 hours: 2 days count
    given.billable_day(world, world.carol, MONDAY + dt.timedelta(days=4), minutes=180)
    capture_charges(
        first=MONDAY + dt.timedelta(days=2),
        last=MONDAY + dt.timedelta(days=2),
        organization=world.organization,
    )
    charge.refresh_from_db()
    assert (charge.status, charge.hold_reasons) == (ChargeStatus.RELEASED, [])


def test_a_break_is_not_per_diem_time(world: Any) -> None:
    diagnosed(world, per_diem_payer(world), "F10.20")
    record = given.billable_day(world, world.carol, MONDAY, minutes=180)
    record.session.break_minutes = 15
    record.session.save(update_fields=["break_minutes"])
    [charge] = capture(world)
    assert (charge.minutes, charge.hold_reasons) == (165, ["below_per_diem_minimum"])


def test_a_break_is_not_time_billed_by_the_15_minutes(world: Any) -> None:
    payer = given.PayerFactory.create(organization=world.organization, per_diem_code=PerDiemCode.NONE)
    given.FeeFactory.create(payer=payer, code="90853", rate=20, unit_type=UnitType.PER_15_MIN)
    given.insure(world.carol, payer, by=world.bill)
    record = given.billable_day(world, world.carol, MONDAY, minutes=60)
    record.session.break_minutes = 15
    record.session.save(update_fields=["break_minutes"])
    [charge] = capture(world)
    assert (charge.code, charge.minutes, charge.units) == ("90853", 45, 3)


def test_a_setting_changed_on_a_date_applies_from_that_date_only(world: Any) -> None:
    # given a payer that lowers its hours a day to 2.5 from Wednesday
    payer = per_diem_payer(world)
    diagnosed(world, payer, "F10.20")
    change_payer_rules(
        payer=payer,
        starts_on=MONDAY + dt.timedelta(days=2),
        changed_by=world.bill,
        per_diem_minimum_minutes=150,
    )
    for offset in (0, 1, 2):
        given.billable_day(
            world, world.carol, MONDAY + dt.timedelta(days=offset), minutes=[160, 179, 150][offset]
        )
    # then Monday and Tuesday keep the old 3 hours, Wednesday has the new minimum
    charges = capture(world)
    assert [c.hold_reasons for c in charges] == [["below_per_diem_minimum"], ["below_per_diem_minimum"], []]
    versions = list(PayerRuleSet.objects.filter(payer=payer).order_by("starts_on"))
    assert [(v.ends_on, v.per_diem_minimum_minutes) for v in versions] == [
        (MONDAY + dt.timedelta(days=1), 180),
        (None, 150),
    ]


def test_bad_rule_changes_change_nothing(world: Any) -> None:
    payer = per_diem_payer(world)
    with pytest.raises(ValidationError):
        change_payer_rules(
            payer=payer, starts_on=MONDAY, changed_by=world.bill, substance_use_days_per_week=8
        )
    with pytest.raises(ValidationError):
        change_payer_rules(payer=payer, starts_on=MONDAY, changed_by=world.bill, iop_upper_tier_services=2)
    with pytest.raises(PermissionDenied):
        change_payer_rules(payer=payer, starts_on=MONDAY, changed_by=world.alice, per_diem_minimum_minutes=60)
    assert list(PayerRuleSet.objects.filter(payer=payer).values_list("starts_on", "ends_on")) == [
        (given.RULES_FROM, None)
    ]


def test_individual_therapy_is_held_as_bundled_only_where_the_payer_says_so(world: Any) -> None:
    payer = per_diem_payer(world, individual_therapy_bundled=True)
    given.FeeFactory.create(payer=payer, code="90834", rate=Decimal(100), unit_type=UnitType.PER_SESSION)
    diagnosed(world, payer, "F10.20")
    given.billable_day(world, world.carol, MONDAY)
    for day in (MONDAY, MONDAY + dt.timedelta(days=1)):  # a per-diem day, then a day without one
        IndividualNote.objects.create(
            client=world.carol, episode=world.carol_enrollment.episode, author=world.alice, service_date=day,
            duration_minutes=45, format="dap", sections={}, signed_at=dt.datetime(2026, 11, 4, tzinfo=dt.UTC),
        )  # fmt: skip
    charges = capture(world)
    assert [(c.service_date, c.code, c.hold_reasons) for c in charges] == [
        (MONDAY, "90834", ["bundled_in_per_diem"]),
        (MONDAY, "H0015", []),
        (MONDAY + dt.timedelta(days=1), "90834", []),
    ]


def medicare(world: Any, **rules: Any) -> Any:
    payer = given.PayerFactory.create(
        organization=world.organization, kind=PayerKind.MEDICARE, per_diem_code=PerDiemCode.MEDICARE_IOP,
        claim_type=ClaimType.INSTITUTIONAL, requires_authorization=False,
        **{f"rules__{k}": v for k, v in rules.items()},
    )  # fmt: skip
    given.FeeFactory.create(
        payer=payer, code="G0410", rate=40, unit_type=UnitType.PER_SESSION, revenue_code="0915"
    )
    given.insure(world.carol, payer, by=world.bill)
    prescriber = factories.UserFactory.create(role="prescriber", npi="1234567893", sites=[world.site_a])
    signed_on = MONDAY - dt.timedelta(days=3)
    MedicareCertification.objects.create(
        client=world.carol, kind="initial", certified_hours_per_week=9, signed_on=signed_on,
        signed_at=dt.datetime.combine(signed_on, dt.time(15), tzinfo=dt.UTC), signed_by=prescriber,
        signer_npi=prescriber.npi, attestation="I certify...",
    )  # fmt: skip
    return payer


@pytest.mark.parametrize(
    ("break_minutes", "rules", "units"),
    [
        (0, {}, 4),  # 180 minutes of therapy: the 4-or-more tier
        (15, {}, 3),  # a 15-minute break: 165 minutes, 3 units, the 3-service tier
        (15, {"breaks_count_as_therapy": True}, 4),
        (0, {"group_unit_minutes": 50}, 3),  # a MAC that reads G0410 as 50 minutes
    ],
)
def test_a_medicare_group_day_lands_in_the_tier_its_therapy_time_earns(
    world: Any, break_minutes: int, rules: dict[str, Any], units: int
) -> None:
    # given a certified Medicare client at a 3-hour group with `break_minutes` of breaks
    medicare(world, **rules)
    record = given.billable_day(world, world.carol, MONDAY, minutes=180)
    record.session.break_minutes = break_minutes
    record.session.save(update_fields=["break_minutes"])
    # then G0410's units come from therapy time, and count toward the day's services
    [charge] = capture(world)
    assert (charge.code, charge.units, charge.qualifying_services, charge.hold_reasons) == (
        "G0410",
        units,
        units,
        [],
    )
    assert charge.minutes == 180 - (0 if rules.get("breaks_count_as_therapy") else break_minutes)


def test_a_medicare_payer_that_raises_its_lower_tier_holds_a_three_service_day(world: Any) -> None:
    medicare(world, iop_lower_tier_services=4)
    given.billable_day(world, world.carol, MONDAY, minutes=135)  # exactly 3 units
    [charge] = capture(world)
    assert (charge.units, charge.hold_reasons) == (3, ["below_iop_services"])


# --- The payers page ----------------------------------------------------------------------------------------


def payers_page_queries(client: Any, user: Any) -> tuple[int, str]:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("billing:payers"))
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_payers_page_shows_each_dated_version_in_the_same_queries(world: Any, client: Any) -> None:
    # given one payer, then two more, one of which changed its weekly minimum on a date
    payer = per_diem_payer(world, substance_use_days_per_week=3)
    few, _ = payers_page_queries(client, world.bill)
    per_diem_payer(world)
    change_payer_rules(payer=payer, starts_on=MONDAY, changed_by=world.bill, substance_use_days_per_week=0)
    many, page = payers_page_queries(client, world.bill)
    # then both versions read in words, and the page reads no more for more payers or versions
    assert many == few
    assert "Nov 1, 2026" in page  # the old version ends the day before the change
    assert "3 days a week" in page
    assert "no weekly minimum" in page
    assert "45 minutes a unit" in page


def test_a_biller_changes_a_rule_from_a_date_on_the_page(world: Any, client: Any) -> None:
    payer = per_diem_payer(world)
    client.force_login(world.bill)
    url = reverse("billing:change_payer_rules", args=[payer.pk])
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None and value is not False}
    data.update({"starts_on": MONDAY.isoformat(), "individual_therapy_bundled": "on"})
    response = client.post(url, data)
    assert response.status_code == 302
    versions = PayerRuleSet.objects.filter(payer=payer).order_by("starts_on")
    assert [(v.starts_on, v.individual_therapy_bundled) for v in versions] == [
        (given.RULES_FROM, False),
        (MONDAY, True),
    ]


def test_a_bad_rule_on_the_page_is_explained_and_changes_nothing(world: Any, client: Any) -> None:
    payer = per_diem_payer(world)
    client.force_login(world.bill)
    url = reverse("billing:change_payer_rules", args=[payer.pk])
    data = {
        name: value for name, value in client.get(url).context["form"].initial.items() if value is not None
    }
    data.update(
        {
            "starts_on": MONDAY.isoformat(),
            "iop_counted_services": "G0410, group",
            "iop_lower_tier_services": 5,
        }
    )
    page = client.post(url, data).content.decode()
    assert "Not a CPT or HCPCS code: GROUP." in page
    assert PayerRuleSet.objects.filter(payer=payer).count() == 1


def test_only_billing_staff_change_payer_rules(world: Any, client: Any) -> None:
    payer = per_diem_payer(world)
    client.force_login(world.alice)
    assert client.get(reverse("billing:change_payer_rules", args=[payer.pk])).status_code == 403


def test_upgrading_gives_every_payer_the_default_rules_with_its_own_hours(migrated_back: None) -> None:
    # given a payer from before payer rules, whose per diem needed 150 minutes
    from django.db.migrations.executor import MigrationExecutor

    before, after = (
        [("billing", "0008_asam_levels_both_editions")],
        [("billing", "0011_per_diem_hours_in_payer_rules")],
    )
    organization = factories.OrganizationFactory.create()
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    payer = old.get_model("billing", "Payer").objects.create(
        organization_id=organization.pk, name="Old Mutual", kind="commercial", per_diem_code="H0015",
        per_diem_minimum_minutes=150,
    )  # fmt: skip
    # when the database is upgraded
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    # then it has one open version of the defaults, keeping its 150 minutes
    new = executor.loader.project_state(after).apps
    [rules] = new.get_model("billing", "PayerRuleSet").objects.filter(payer_id=payer.pk)
    assert (rules.ends_on, rules.per_diem_minimum_minutes, rules.substance_use_days_per_week) == (
        None,
        150,
        3,
    )
    assert "G0177" in rules.iop_counted_services
