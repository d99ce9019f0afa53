"""Intake seed: a working pipeline (one crisis, some overdue, some closed) and an assessment awaiting decision.

`seed_intake` is also used to dress the demo database for screenshots. All names and stories are synthetic.
"""

import datetime as dt
from typing import Any

from trellis.core import clock
from trellis.intake import assessment_services, services
from trellis.intake.models import Inquiry

H = dt.timedelta(hours=1)
D = dt.timedelta(days=1)

# (caller, relation, first, last, source, referrer, concern, urgency, payer, next action, due from now)
OPEN = [
    (
        "Morgan Vale",
        "self",
        "Morgan",
        "Vale",
        "self",
        "",
        "Drinking most nights since a layoff; wants evening groups so he can keep job hunting.",
        "routine",
        "Aetna",
        "Screening call",
        -5 * H,
    ),
    (
        "Jordan Pike",
        "mother",
        "Tyler",
        "Pike",
        "family",
        "",
        "Son, 24, using pills; says he overdosed once last spring and is scared it will happen again.",
        "routine",
        "",
        "",
        0 * H,
    ),
    (
        "Dr. Ana Ruiz",
        "physician",
        "Casey",
        "Lind",
        "physician",
        "Northside Family Medicine",
        "Elevated liver enzymes, daily alcohol use, patient agrees to IOP.",
        "soon",
        "Blue Cross",
        "Call the patient",
        3 * H,
    ),
    (
        "Officer Sam Byrd",
        "probation officer",
        "Drew",
        "Hale",
        "court",
        "County Probation",
        "Court-ordered treatment after second DUI; needs proof of attendance.",
        "routine",
        "Medicaid",
        "Screening call",
        2 * D,
    ),
    (
        "Riley Shaw",
        "self",
        "Riley",
        "Shaw",
        "employer",
        "Acme EAP",
        "Cocaine on weekends, missing Mondays; EAP referral.",
        "soon",
        "Cigna",
        "Verify benefits",
        20 * H,
    ),
]
SCREENED = [
    (
        "Quinn Ames",
        "self",
        "Quinn",
        "Ames",
        "therapist",
        "L. Fox, LCSW",
        "Depression and daily cannabis; therapist recommends more structure than weekly sessions.",
        "routine",
        "Aetna",
        "Book the assessment",
        -1 * D,
    ),
    (
        "Pat Noor",
        "wife",
        "Eli",
        "Noor",
        "family",
        "",
        "Husband drinking a fifth a day, shaky in the mornings.",
        "soon",
        "United",
        "Book the assessment",
        5 * H,
    ),
]
BOOKED = [
    (
        "ED social work",
        "hospital",
        "Avery",
        "Cole",
        "hospital",
        "St. Luke's ED",
        "Seen in the ED for alcohol poisoning; medically cleared, wants outpatient help.",
        "soon",
        "Medicaid",
        1 * D,
    ),
    (
        "Jamie Fox",
        "self",
        "Jamie",
        "Fox",
        "school",
        "State University counseling",
        "Student, binge drinking, failing classes.",
        "routine",
        "",
        2 * D,
    ),
]


def _take(row: tuple[Any, ...], *, site: Any, by: Any, coordinator: Any) -> Inquiry:
    caller, relation, first, last, source, referrer, concern, urgency, payer = row[:9]
    return services.create_inquiry(
        site=site,
        caller_name=caller,
        caller_relation=relation,
        phone="555-01" + str(sum(map(ord, caller)) % 90 + 10),
        prospect_first_name=first,
        prospect_last_name=last,
        referral_source=source,
        referrer_name=referrer,
        presenting_concern=concern,
        urgency=urgency,
        payer_name=payer,
        member_id="SYN" + str(sum(map(ord, last)) * 7919 % 900000 + 100000) if payer else "",
        assigned_to=coordinator,
        created_by=by,
    )


def _due(inquiry: Inquiry, action: str, due: dt.datetime, by: Any) -> None:
    if action:
        services.set_next_action(
            inquiry=inquiry, next_action=action, due=due, assigned_to=inquiry.assigned_to, set_by=by
        )


def seed_intake(*, site: Any, coordinator: Any, clinician: Any, client: Any | None) -> None:
    now = clock.now()
    for row in OPEN:
        inquiry = _take(row, site=site, by=coordinator, coordinator=coordinator)
        if not inquiry.is_crisis:
            _due(inquiry, row[9], now + row[10], coordinator)
    for row in SCREENED:
        inquiry = _take(row, site=site, by=coordinator, coordinator=coordinator)
        services.advance_inquiry(
            inquiry=inquiry, to_status="screened", advanced_by=coordinator, note="Phone screen done"
        )
        _due(inquiry, row[9], now + row[10], coordinator)
    for booked in BOOKED:
        inquiry = _take(booked, site=site, by=coordinator, coordinator=coordinator)
        services.advance_inquiry(inquiry=inquiry, to_status="screened", advanced_by=coordinator)
        # at 08:00 UTC that day, clear of the seed's groups (00:00-03:00 UTC daily): `now + offset` itself
        # overlapped them whenever the suite ran between 21:00 and 03:00 UTC
        day = (now + booked[9]).astimezone(dt.UTC).date()
        starts_at = dt.datetime.combine(day, dt.time(8, 0), tzinfo=dt.UTC)
        services.book_assessment(
            inquiry=inquiry, starts_at=starts_at, assessor=clinician, booked_by=coordinator
        )
    _closed(site=site, coordinator=coordinator)
    if client is not None:
        _assessment(client=client, clinician=clinician, today=now.date())


def _closed(*, site: Any, coordinator: Any) -> None:
    base = (
        "Closed caller",
        "self",
        "Sam",
        "Example",
        "self",
        "",
        "Asked about evening groups.",
        "routine",
        "",
    )
    referred = _take(base, site=site, by=coordinator, coordinator=coordinator)
    services.refer_elsewhere(
        inquiry=referred, referred_to="Hilltop residential (3.5)", referred_by=coordinator
    )
    lost = _take((*base[:4], "court", *base[5:]), site=site, by=coordinator, coordinator=coordinator)
    services.mark_lost(inquiry=lost, reason="No answer after three calls", marked_by=coordinator)


def _assessment(*, client: Any, clinician: Any, today: dt.date) -> None:
    narratives = {
        "D1": "Last drink 4 days ago; no tremor, no withdrawal history.",
        "D2": "Controlled hypertension; sees PCP.",
        "D3": "Anxiety most days (GAD-7 pending); no thoughts of self-harm.",
        "D4": "Wants to stay sober for his kids; some ambivalence about groups.",
        "D5": "Two relapses after outpatient counselling; cravings in the evenings.",
        "D6": "Lives with a supportive sister; drinking friends at work.",
    }
    assessment_services.record_assessment(
        client=client,
        edition="3",
        assessed_on=today,
        ratings={"D1": 1, "D2": 1, "D3": 2, "D4": 2, "D5": 2, "D6": 1},
        narratives=narratives,
        failed_level="1",
        severity="moderate",
        readiness="ambivalent",
        assessed_by=clinician,
    )


def seed(base: Any) -> None:
    seed_intake(site=base.site, coordinator=base.alice, clinician=base.alice, client=base.clients[0])
