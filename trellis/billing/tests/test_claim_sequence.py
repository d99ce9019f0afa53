"""Claims in the order of a stay: bill-type frequency (NUBC UB-04 FL4), patient status (FL17, CL1-03) and
statement periods that follow the payer's billing cycle (CMS Pub. 100-04 ch. 1 s50.2.2, ch. 25 s75)."""

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from tests import factories
from trellis.billing.capture import capture_charges
from trellis.billing.choices import ClaimType, PayerKind, PerDiemCode, UnitType
from trellis.billing.models import Claim, MedicareCertification
from trellis.billing.rules.claim_sequence import (
    BillingCycle,
    Frequency,
    Period,
    Stay,
    TedsReason,
    check_bill,
    check_correction,
    cycle_of,
    discharge_status,
    sequence,
    split_by_cycle,
    statement_period,
)
from trellis.billing.tests import billing_factories as given
from trellis.billing.tests.synthetic_claims import CONTROL, institutional_file, professional_file
from trellis.billing.tests.x12_validation import validation_errors
from trellis.billing.x12.claim_837i import render_837i
from trellis.billing.x12.claim_837p import render_837p
from trellis.episodes.models import AftercarePlan, Episode

D = dt.date
ADMITTED = D(2026, 10, 20)  # a Tuesday
MONTHLY, WEEKLY = BillingCycle.MONTHLY, BillingCycle.WEEKLY


# --- billing cycles -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "cycle", "first", "last"),
    [
        (D(2026, 10, 20), MONTHLY, D(2026, 10, 1), D(2026, 10, 31)),
        (D(2026, 10, 31), MONTHLY, D(2026, 10, 1), D(2026, 10, 31)),  # last day of a month
        (D(2026, 11, 1), MONTHLY, D(2026, 11, 1), D(2026, 11, 30)),  # first day of the next
        (D(2027, 2, 14), MONTHLY, D(2027, 2, 1), D(2027, 2, 28)),
        (D(2028, 2, 14), MONTHLY, D(2028, 2, 1), D(2028, 2, 29)),  # leap year
        (D(2026, 12, 31), MONTHLY, D(2026, 12, 1), D(2026, 12, 31)),  # year end
        (D(2026, 11, 2), WEEKLY, D(2026, 11, 2), D(2026, 11, 8)),  # a Monday starts its week
        (D(2026, 11, 8), WEEKLY, D(2026, 11, 2), D(2026, 11, 8)),  # a Sunday ends it
        (D(2026, 10, 30), WEEKLY, D(2026, 10, 26), D(2026, 11, 1)),  # a week across a month end
    ],
)
def test_it_finds_the_billing_cycle_of_a_day(day: D, cycle: BillingCycle, first: D, last: D) -> None:
    assert cycle_of(day, cycle) == Period(first, last)


def test_it_splits_services_at_every_cycle_boundary() -> None:
    days = [D(2026, 10, 29), D(2026, 10, 30), D(2026, 11, 2), D(2026, 11, 30), D(2026, 12, 1)]
    assert list(split_by_cycle(days, MONTHLY).values()) == [days[:2], days[2:4], days[4:]]
    # weekly, the week of Oct 26 holds Oct 29-30 but not Monday Nov 2
    assert list(split_by_cycle(days, WEEKLY).values()) == [days[:2], [days[2]], [days[3], days[4]]]


# --- frequency and patient status (NUBC FL4, FL17) -------------------------------------------------------

NOVEMBER = Period(D(2026, 11, 1), D(2026, 11, 30))


@pytest.mark.parametrize(
    ("admitted", "discharged", "earlier", "frequency", "status"),
    [
        (D(2026, 11, 3), None, False, "2", "30"),  # admitted this month, still in treatment: first interim
        (D(2026, 11, 1), None, False, "2", "30"),  # admitted on the period's first day (edge)
        (D(2026, 10, 20), None, True, "3", "30"),  # admitted earlier, earlier claims: continuing
        (D(2026, 10, 20), None, False, "3", "30"),  # admitted before the period: never "first"
        (D(2026, 11, 3), D(2026, 11, 20), False, "1", "01"),  # admission and discharge inside: 1
        (D(2026, 10, 20), D(2026, 11, 20), True, "4", "01"),  # discharged inside after earlier claims: 4
        (D(2026, 10, 20), D(2026, 11, 30), True, "4", "01"),  # discharged on the period's last day (edge)
        (D(2026, 10, 20), D(2026, 12, 1), True, "3", "30"),  # discharged the day after: still a patient
        (D(2026, 11, 3), D(2026, 11, 20), True, "4", "01"),  # earlier claim in the same cycle: last interim
    ],
)
def test_it_sequences_claims_of_a_stay(
    admitted: D, discharged: D | None, earlier: bool, frequency: str, status: str
) -> None:
    reason = TedsReason.COMPLETED if discharged else None
    stay = Stay(admitted_on=admitted, discharged_on=discharged, discharge_reason=reason)
    settled = sequence(period=NOVEMBER, stay=stay, earlier_claims=earlier)
    assert (settled.frequency.value, settled.patient_status) == (frequency, status)


def test_it_bills_a_service_outside_any_episode_on_its_own() -> None:
    settled = sequence(period=NOVEMBER, stay=None, earlier_claims=False)
    assert (settled.frequency, settled.patient_status) == (Frequency.ADMIT_THROUGH_DISCHARGE, "01")


@pytest.mark.parametrize(
    ("reason", "transferred_to", "status"),
    [
        (TedsReason.COMPLETED, "", "01"),  # planned completion: home or self care
        (TedsReason.DROPPED_OUT, "", "07"),  # left against medical advice or discontinued care
        (TedsReason.TERMINATED, "", "01"),
        (TedsReason.INCARCERATED, "", "21"),  # court/law enforcement
        (TedsReason.DEATH, "", "20"),  # expired
        (TedsReason.OTHER, "", "01"),
        (TedsReason.TRANSFERRED, "1", "01"),  # NUBC 01 includes outpatient chemical dependency programs
        (TedsReason.TRANSFERRED, "2.5", "01"),  # ... and partial hospitalization
        (TedsReason.TRANSFERRED, "3", "70"),  # residential treatment: another type of institution
        (TedsReason.TRANSFERRED, "4", "65"),  # inpatient psychiatric
        (TedsReason.TRANSFERRED, "", "70"),  # destination not recorded
    ],
)
def test_it_maps_the_discharge_reason_to_the_nubc_patient_status(
    reason: TedsReason, transferred_to: str, status: str
) -> None:
    stay = Stay(ADMITTED, D(2026, 12, 10), int(reason), transferred_to)
    assert discharge_status(stay) == status


@pytest.mark.parametrize(
    ("frequency", "status", "allowed"),
    [
        ("1", "30", False),  # what Medicare returned: admit through discharge, "still a patient"
        ("4", "30", False),
        ("2", "01", False),
        ("3", "07", False),
        ("1", "01", True),
        ("2", "30", True),
        ("3", "30", True),
        ("4", "07", True),
        ("7", "30", True),  # a replacement repeats the status of the claim it replaces
    ],
)
def test_it_allows_still_a_patient_only_on_interim_claims(frequency: str, status: str, allowed: bool) -> None:
    if allowed:
        check_bill("C1", frequency, status)
    else:
        with pytest.raises(ValueError, match="status 30"):
            check_bill("C1", frequency, status)


@pytest.mark.parametrize(
    ("frequency", "reference", "allowed"),
    [("1", "", True), ("7", "PAYER123", True), ("8", "PAYER123", True), ("7", "", False), ("1", "X", False)],
)
def test_it_names_the_corrected_claim_on_replacements_and_voids_only(
    frequency: str, reference: str, allowed: bool
) -> None:
    if allowed:
        check_correction("C1", frequency, reference)
    else:
        with pytest.raises(ValueError, match="replacement"):
            check_correction("C1", frequency, reference)


# --- statement periods (DTP*434) -------------------------------------------------------------------------


def test_it_starts_the_first_claim_on_the_admission_and_ends_the_last_on_the_discharge() -> None:
    stay = Stay(ADMITTED, D(2026, 12, 10), int(TedsReason.DROPPED_OUT))
    october = statement_period(
        service_dates=[D(2026, 10, 22), D(2026, 10, 27)], stay=stay, cycle=MONTHLY, earlier_through=None
    )
    december = statement_period(
        service_dates=[D(2026, 12, 1), D(2026, 12, 3)],
        stay=stay,
        cycle=MONTHLY,
        earlier_through=D(2026, 11, 24),
    )
    assert october == Period(ADMITTED, D(2026, 10, 27))
    assert december == Period(D(2026, 12, 1), D(2026, 12, 10))


def test_it_never_widens_a_period_over_an_earlier_claim() -> None:
    # given an earlier claim of the same cycle that already covers the admission day
    stay = Stay(ADMITTED)
    period = statement_period(
        service_dates=[D(2026, 10, 27)], stay=stay, cycle=MONTHLY, earlier_through=D(2026, 10, 22)
    )
    assert period == Period(D(2026, 10, 27), D(2026, 10, 27))


def test_it_refuses_a_period_across_two_cycles() -> None:
    with pytest.raises(ValueError, match="two billing cycles"):
        statement_period(
            service_dates=[D(2026, 10, 30), D(2026, 11, 2)], stay=None, cycle=MONTHLY, earlier_through=None
        )


# --- the writers -----------------------------------------------------------------------------------------


def test_the_837i_writer_refuses_still_a_patient_on_an_admit_through_discharge_claim() -> None:
    claim_file = institutional_file()
    wrong = dataclasses.replace(claim_file.claims[0], frequency="1", patient_status="30")
    with pytest.raises(ValueError, match="TRL-I-0001: bill type frequency 1"):
        render_837i(dataclasses.replace(claim_file, claims=(wrong,)), control=CONTROL)


def test_the_writers_name_the_replaced_claim_after_the_prior_authorization() -> None:
    institutional = institutional_file()
    replacement = dataclasses.replace(institutional.claims[1], frequency="7", payer_claim_number="MCR555")
    text = render_837i(dataclasses.replace(institutional, claims=(replacement,)), control=CONTROL)
    text = text.replace("\n", "")
    assert "76:A:7" in text
    assert "REF*G1*MCR-0042~REF*F8*MCR555~" in text
    professional = render_837p(professional_file(), control=CONTROL).replace("\n", "")
    assert "11:B:7*Y*A*Y*Y~REF*F8*PMH2026110400123~" in professional


def test_the_837p_writer_refuses_an_interim_frequency() -> None:
    claim_file = professional_file()
    wrong = dataclasses.replace(claim_file.claims[0], frequency="2")
    with pytest.raises(ValueError, match="original \\(1\\), replacement \\(7\\) or void \\(8\\)"):
        render_837p(dataclasses.replace(claim_file, claims=(wrong,)), control=CONTROL)


# --- exported claims -------------------------------------------------------------------------------------

AFTER_DECEMBER = dt.datetime(2027, 1, 6, 15, tzinfo=dt.UTC)  # every service below is in the past


def medicare_stay(world: Any, *, admitted: D, days: list[D], cycle: BillingCycle = MONTHLY) -> Any:
    """A certified Medicare IOP client admitted on `admitted` with three G0410 groups on each day."""
    given.BillingProfileFactory.create(organization=world.organization)
    medicare = given.PayerFactory.create(
        organization=world.organization, name="Fictional Medicare Contractor", kind=PayerKind.MEDICARE,
        per_diem_code=PerDiemCode.MEDICARE_IOP, claim_type=ClaimType.INSTITUTIONAL, requires_authorization=False,
        billing_cycle=cycle.value,
    )  # fmt: skip
    given.FeeFactory.create(payer=medicare, code="G0410", rate=95, unit_type=UnitType.PER_SESSION)
    client = factories.ClientFactory.create(
        site=world.site_a, legal_first_name="Gus", legal_last_name="Example",
        address_line1="12 Elm Street", city="Springfield", state="IL", postal_code="62702",
    )  # fmt: skip
    episode = factories.EpisodeFactory.create(client=client, program=world.program, admitted_on=admitted)
    factories.EnrollmentFactory.create(episode=episode, track=world.track_a, phase=world.phase3)
    given.insure(client, medicare, by=world.bill)
    prescriber = factories.UserFactory.create(role="prescriber", npi="1234567893", sites=[world.site_a])
    MedicareCertification.objects.create(
        client=client, kind="initial", certified_hours_per_week=9, signed_on=admitted - dt.timedelta(days=1),
        signed_at=dt.datetime.combine(admitted, dt.time(15), tzinfo=dt.UTC) - dt.timedelta(days=1),
        signed_by=prescriber, signer_npi=prescriber.npi, attestation="I certify...",
    )  # fmt: skip
    groups = [
        factories.RecurringGroupFactory.create(
            track=world.track_a, facilitator=world.alice, starts_at=dt.time(hour), duration_minutes=60
        )
        for hour in (9, 11, 13)
    ]
    for day in days:
        for group in groups:
            given.billable_day(world, client, day, minutes=60, group=group)
    capture_charges(first=min(days), last=max(days), organization=world.organization)
    return episode


def discharge(episode: Episode, on: D, reason: TedsReason) -> None:
    Episode.objects.filter(pk=episode.pk).update(discharged_on=on, discharge_reason=int(reason))


def exported(world: Any, first: str, last: str, out: Path) -> list[list[str]]:
    """Export the period and return each claim's CLM05, DTP*434 period and CL1-03 by date, pyx12-checked."""
    given.export(world.organization, first, last, out)
    claims = []
    for path in sorted(out.glob("*_837i_*.x12")):
        assert validation_errors(path) == [], path.name
        segments = [s.strip().split("*") for s in path.read_text().split("~")]
        for index, segment in enumerate(segments):
            if segment[0] == "CLM":
                period = next(s[3] for s in segments[index:] if s[:2] == ["DTP", "434"])
                status = next(s[3] for s in segments[index:] if s[0] == "CL1")
                claims.append([segment[5], period, status])
    return sorted(claims, key=lambda claim: claim[1])  # in a file, claims follow their random CLM01


def test_it_bills_a_stay_across_month_ends_as_first_continuing_and_last_interim_claims(
    world: Any, tmp_path: Path
) -> None:
    with time_machine.travel(AFTER_DECEMBER, tick=False):
        # given a Medicare client admitted on October 20 and still in treatment at the end of November
        days = [
            D(2026, 10, 20),
            D(2026, 10, 22),
            D(2026, 11, 3),
            D(2026, 11, 17),
            D(2026, 12, 1),
            D(2026, 12, 8),
        ]
        episode = medicare_stay(world, admitted=ADMITTED, days=days)
        # when October and November are billed, then her discharge on December 10, then December
        october = exported(world, "2026-10-01", "2026-10-31", tmp_path / "oct")
        november = exported(world, "2026-11-01", "2026-11-30", tmp_path / "nov")
        discharge(episode, D(2026, 12, 10), TedsReason.COMPLETED)
        december = exported(world, "2026-12-01", "2026-12-31", tmp_path / "dec")
    # then bill types 762, 763 and 764: still a patient until the last, which carries "discharged home"
    assert october == [["76:A:2", "20261020-20261022", "30"]]
    assert november == [["76:A:3", "20261103-20261117", "30"]]
    assert december == [["76:A:4", "20261201-20261210", "01"]]
    assert list(Claim.objects.order_by("statement_from").values_list("frequency", "patient_status")) == [
        ("2", "30"),
        ("3", "30"),
        ("4", "01"),
    ]


def test_it_splits_one_export_at_the_month_ends(world: Any, tmp_path: Path) -> None:
    with time_machine.travel(AFTER_DECEMBER, tick=False):
        # given a stay from October 20 to a transfer to residential care on December 10
        days = [D(2026, 10, 30), D(2026, 11, 2), D(2026, 11, 30), D(2026, 12, 1), D(2026, 12, 8)]
        episode = medicare_stay(world, admitted=ADMITTED, days=days)
        discharge(episode, D(2026, 12, 10), TedsReason.TRANSFERRED)
        AftercarePlan.objects.create(episode=episode, next_level_of_care="3", recorded_by=world.alice)
        # when the whole quarter is exported at once
        claims = exported(world, "2026-10-01", "2026-12-31", tmp_path)
    # then one claim a month, none across a month end, the last with the transfer's status
    assert claims == [
        ["76:A:2", "20261020-20261030", "30"],
        ["76:A:3", "20261102-20261130", "30"],
        ["76:A:4", "20261201-20261210", "70"],
    ]


def test_it_ends_the_period_at_a_discharge_mid_cycle(world: Any, tmp_path: Path) -> None:
    with time_machine.travel(AFTER_DECEMBER, tick=False):
        # given a client admitted on November 3 who stopped coming after November 10 and was discharged
        episode = medicare_stay(world, admitted=D(2026, 11, 3), days=[D(2026, 11, 3), D(2026, 11, 10)])
        discharge(episode, D(2026, 11, 12), TedsReason.DROPPED_OUT)
        # when November is exported
        claims = exported(world, "2026-11-01", "2026-11-30", tmp_path)
    # then one admit-through-discharge claim ending on the discharge day: left against advice
    assert claims == [["76:A:1", "20261103-20261112", "07"]]


def test_it_bills_a_weekly_payer_one_claim_a_week(world: Any, tmp_path: Path) -> None:
    with time_machine.travel(AFTER_DECEMBER, tick=False):
        # given a payer that takes weekly claims and a client in treatment since Monday November 2
        days = [D(2026, 11, 2), D(2026, 11, 4), D(2026, 11, 9), D(2026, 11, 11), D(2026, 11, 16)]
        episode = medicare_stay(world, admitted=D(2026, 11, 2), days=days, cycle=WEEKLY)
        discharge(episode, D(2026, 11, 18), TedsReason.COMPLETED)
        # when November is exported
        claims = exported(world, "2026-11-01", "2026-11-30", tmp_path)
    # then a claim for each Monday-to-Sunday week: first, continuing, last with the discharge
    assert claims == [
        ["76:A:2", "20261102-20261104", "30"],
        ["76:A:3", "20261109-20261111", "30"],
        ["76:A:4", "20261116-20261118", "01"],
    ]


def test_it_shows_each_payers_billing_cycle_to_the_biller(world: Any, client: Any) -> None:
    # given a payer billed monthly (the default) and one that takes weekly claims
    given.PayerFactory.create(organization=world.organization, name="Prairie Mutual (fictional)")
    given.PayerFactory.create(
        organization=world.organization, name="Lakeshore Weekly (fictional)", billing_cycle=WEEKLY.value
    )
    # when Bill opens the payers page
    client.force_login(world.bill)
    page = client.get(reverse("billing:payers")).content.decode()
    # then each says how its claims are cut
    assert page.count("billed monthly") == 1
    assert page.count("billed weekly") == 1


def test_it_bills_a_readmission_in_the_same_month_as_a_new_stay(world: Any, tmp_path: Path) -> None:
    with time_machine.travel(AFTER_DECEMBER, tick=False):
        # given a client discharged home on November 5 and admitted again on November 16
        days = [D(2026, 11, 2), D(2026, 11, 4), D(2026, 11, 16), D(2026, 11, 18)]
        first_stay = medicare_stay(world, admitted=D(2026, 11, 2), days=days)
        discharge(first_stay, D(2026, 11, 5), TedsReason.COMPLETED)
        factories.EpisodeFactory.create(
            client=first_stay.client, program=world.program, admitted_on=D(2026, 11, 16)
        )
        # when November is exported
        claims = exported(world, "2026-11-01", "2026-11-30", tmp_path)
    # then each stay has its own claim: the first admit through discharge, the second a first interim claim
    assert claims == [["76:A:1", "20261102-20261105", "01"], ["76:A:2", "20261116-20261118", "30"]]
