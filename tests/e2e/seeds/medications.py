"""Medications seed: a client on buprenorphine with an expected and an unexpected positive screen, another on
methadone through an OTP, a prescriber on staff whose order the buprenorphine is recorded against; the others
are as reported by the client.

`dress_medications` is also used to dress the demo database for screenshots. All names are synthetic.
"""

import datetime as dt
from typing import Any

from tests import factories
from trellis.accounts.roles import Role
from trellis.core import clock
from trellis.medications import orders, services
from trellis.medications.choices import MatKind, MedicationSource, Result, Route, ScreenMethod, Specimen
from trellis.medications.services import Regimen, ResultEntry

CUP = ["amphetamines", "benzodiazepines", "cannabinoids", "cocaine", "methadone", "oxycodone"]


def _screen(
    client: Any, *, at: dt.datetime, by: Any, positives: list[str], method: str = ScreenMethod.READ_BY_EYE
) -> None:
    negatives = [ResultEntry(code, Result.NEGATIVE) for code in CUP if code not in positives]
    services.record_drug_screen(
        client=client,
        collected_at=at,
        specimen=Specimen.URINE,
        method=method,
        observed=True,
        results=[ResultEntry(code, Result.POSITIVE) for code in positives] + negatives,
        collected_by=by,
    )


def dress_medications(*, clients: list[Any], prescriber: Any, staff: Any, today: dt.date) -> None:
    """Give the first client MAT and two screens (one flagged), the second methadone from an OTP."""
    on_bup, on_methadone = clients[0], clients[1]
    started = today - dt.timedelta(days=30)
    order = orders.create_order(
        client=on_bup,
        name="Buprenorphine/naloxone",
        regimen=Regimen(dose="16 mg/4 mg", route=Route.SUBLINGUAL, frequency="once daily"),
        ordered_by=prescriber,
        ordered_on=started,
    )
    services.add_medication(
        client=on_bup,
        source=MedicationSource.ORDER,
        order=order,
        started_on=started,
        recorded_by=staff,
        indication="Opioid use disorder",
        is_mat=True,
        mat_kind=MatKind.BUPRENORPHINE,
    )
    services.add_medication(
        client=on_bup,
        name="Sertraline",
        regimen=Regimen(dose="50 mg", route=Route.ORAL, frequency="once daily"),
        started_on=started - dt.timedelta(days=90),
        recorded_by=staff,
        source=MedicationSource.CLIENT_REPORTED,
        outside_prescriber="Dr. Rowan Example, Riverside Family Medicine",
        indication="Depression",
    )
    services.add_medication(
        client=on_methadone,
        name="Methadone",
        regimen=Regimen(dose="90 mg", route=Route.ORAL, frequency="daily at the OTP"),
        started_on=started,
        recorded_by=staff,
        source=MedicationSource.CLIENT_REPORTED,
        indication="Opioid use disorder",
        is_mat=True,
        mat_kind=MatKind.METHADONE,
        otp_name="Harborview Opioid Treatment Program",
    )
    now = clock.now()
    _screen(on_bup, at=now - dt.timedelta(days=7), by=staff, positives=["buprenorphine"])
    _screen(on_bup, at=now - dt.timedelta(hours=3), by=staff, positives=["buprenorphine", "fentanyl"])
    _screen(on_methadone, at=now - dt.timedelta(days=2), by=staff, positives=["methadone"])


def seed(base: Any) -> None:
    prescriber = factories.UserFactory.create(
        username="priya",
        first_name="Priya",
        last_name="Prescriber",
        role=Role.PRESCRIBER,
        organization=base.organization,
        sites=[base.site],
        programs=[base.program],
    )
    dress_medications(clients=base.clients, prescriber=prescriber, staff=base.alice, today=base.today)
