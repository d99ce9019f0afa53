"""Adding, changing and stopping medications: bad input names the field and writes nothing; changes are audited."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from trellis.medications import services
from trellis.medications.choices import MatKind, Route
from trellis.medications.models import Medication
from trellis.medications.services import Regimen
from trellis.privacy.models import AuditEvent

BUP_REGIMEN = Regimen(dose="16 mg", route=Route.SUBLINGUAL, frequency="once daily")


def _add(world: Any, **overrides: Any) -> Medication:
    arguments: dict[str, Any] = {
        "client": world.carol,
        "name": "Buprenorphine/naloxone",
        "regimen": BUP_REGIMEN,
        "started_on": dt.date(2026, 10, 1),
        "recorded_by": world.nora,
        "prescriber": world.dana,
        "indication": "Opioid use disorder",
        "is_mat": True,
        "mat_kind": MatKind.BUPRENORPHINE,
    }
    arguments.update(overrides)
    return services.add_medication(**arguments)


def test_it_adds_a_mat_medication_and_audits_it(world: Any) -> None:
    # when
    medication = _add(world)
    # then
    assert medication.is_mat
    assert medication.prescribed_by == "Dana Test"
    event = AuditEvent.objects.get(object_id=str(medication.pk))
    assert (event.action, event.actor, event.client_id) == ("create", world.nora, world.carol.pk)
    assert "Buprenorphine" not in event.detail


def test_it_names_the_otp_as_prescriber_for_methadone(world: Any) -> None:
    medication = _add(
        world,
        name="Methadone",
        regimen=Regimen(dose="80 mg", route=Route.ORAL, frequency="daily at the OTP"),
        prescriber=None,
        mat_kind=MatKind.METHADONE,
        otp_name="Harbor Opioid Treatment Program",
    )
    assert medication.prescribed_by == "Harbor Opioid Treatment Program"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": "  "}, "name"),
        ({"regimen": Regimen(dose="", route=Route.ORAL, frequency="daily")}, "dose"),
        ({"regimen": Regimen(dose="8 mg", route="by post", frequency="daily")}, "route"),
        ({"regimen": Regimen(dose="8 mg", route=Route.ORAL, frequency=" ")}, "frequency"),
        ({"prescriber": None, "outside_prescriber": ""}, "prescriber"),
        ({"is_mat": True, "mat_kind": ""}, "mat_kind"),
        ({"is_mat": False, "mat_kind": MatKind.BUPRENORPHINE}, "mat_kind"),
        ({"mat_kind": MatKind.METHADONE, "otp_name": ""}, "otp_name"),
    ],
)
def test_it_refuses_an_incomplete_medication_and_writes_nothing(
    world: Any, overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        _add(world, **overrides)
    assert field in refused.value.message_dict
    assert not Medication.objects.exists()
    assert not AuditEvent.objects.exists()


def test_it_refuses_a_prescriber_from_another_organization(world: Any) -> None:
    from tests import factories

    other = factories.UserFactory.create(organization=factories.OrganizationFactory.create(name="Elsewhere"))
    with pytest.raises(ValidationError) as refused:
        _add(world, prescriber=other)
    assert "prescriber" in refused.value.message_dict


def test_it_stops_a_medication_once(world: Any) -> None:
    # given
    medication = _add(world)
    # when
    services.stop_medication(
        medication=medication,
        stopped_on=dt.date(2026, 11, 1),
        reason="Completed taper",
        stopped_by=world.alice,
    )
    # then
    medication.refresh_from_db()
    assert medication.stopped_on == dt.date(2026, 11, 1)
    assert AuditEvent.objects.filter(object_id=str(medication.pk), action="update").count() == 1
    with pytest.raises(ValidationError) as refused:
        services.stop_medication(
            medication=medication, stopped_on=dt.date(2026, 11, 2), reason="again", stopped_by=world.alice
        )
    assert "medication" in refused.value.message_dict


@pytest.mark.parametrize(
    ("stopped_on", "reason", "field"),
    [(dt.date(2026, 9, 30), "Side effects", "stopped_on"), (dt.date(2026, 11, 1), " ", "reason")],
)
def test_it_refuses_a_bad_stop(world: Any, stopped_on: dt.date, reason: str, field: str) -> None:
    medication = _add(world)
    with pytest.raises(ValidationError) as refused:
        services.stop_medication(
            medication=medication, stopped_on=stopped_on, reason=reason, stopped_by=world.alice
        )
    assert field in refused.value.message_dict
    medication.refresh_from_db()
    assert medication.stopped_on is None


def test_it_changes_a_dose_and_keeps_the_history(world: Any) -> None:
    # given
    medication = _add(world)
    # when
    successor = services.change_medication(
        medication=medication,
        regimen=Regimen(dose="24 mg", route=Route.SUBLINGUAL, frequency="once daily"),
        changed_on=dt.date(2026, 10, 20),
        reason="Cravings persist",
        changed_by=world.dana,
    )
    # then
    medication.refresh_from_db()
    assert (medication.stopped_on, medication.stop_reason) == (
        dt.date(2026, 10, 20),
        "Changed: Cravings persist",
    )
    assert (successor.dose, successor.started_on, successor.replaces) == (
        "24 mg",
        dt.date(2026, 10, 20),
        medication,
    )
    assert successor.mat_kind == MatKind.BUPRENORPHINE
    assert list(Medication.objects.current_on(dt.date(2026, 10, 20))) == [successor]
    assert AuditEvent.objects.get(object_id=str(successor.pk)).detail == "medication changed: dose"


def test_it_refuses_a_change_that_changes_nothing(world: Any) -> None:
    medication = _add(world)
    with pytest.raises(ValidationError) as refused:
        services.change_medication(
            medication=medication,
            regimen=BUP_REGIMEN,
            changed_on=dt.date(2026, 10, 20),
            reason="Review",
            changed_by=world.dana,
        )
    assert "dose" in refused.value.message_dict
    assert Medication.objects.count() == 1
    medication.refresh_from_db()
    assert medication.stopped_on is None
