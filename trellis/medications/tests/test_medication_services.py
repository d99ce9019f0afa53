"""Adding, changing and stopping medications: bad input names the field and writes nothing; changes are audited."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from tests import factories
from trellis.medications import orders, services
from trellis.medications.choices import MatKind, MedicationSource, OrderStatus, Route
from trellis.medications.models import Medication, MedicationOrder
from trellis.medications.services import Regimen
from trellis.medications.tests.factories import order_for, prescriber_at
from trellis.privacy.models import AuditEvent

BUP_REGIMEN = Regimen(dose="16 mg", route=Route.SUBLINGUAL, frequency="once daily")


def _add(world: Any, **overrides: Any) -> Medication:
    """Nora, the nurse, records Carol's buprenorphine against Priya's order, unless told otherwise."""
    arguments: dict[str, Any] = {
        "client": world.carol,
        "started_on": dt.date(2026, 10, 1),
        "recorded_by": world.nora,
        "source": MedicationSource.ORDER,
        "indication": "Opioid use disorder",
        "is_mat": True,
        "mat_kind": MatKind.BUPRENORPHINE,
    }
    arguments.update(overrides)
    if arguments["source"] == MedicationSource.ORDER and "order" not in arguments:
        arguments["order"] = order_for(world.carol, prescriber_at(world))
    return services.add_medication(**arguments)


def _reported(world: Any, **overrides: Any) -> Medication:
    arguments = {"source": MedicationSource.CLIENT_REPORTED, "name": "Sertraline", "regimen": BUP_REGIMEN}
    return _add(world, **{**arguments, "is_mat": False, "mat_kind": "", **overrides})


def test_it_records_against_an_order_with_the_orders_drug_and_prescriber(world: Any) -> None:
    # given Priya's order for Carol
    order = order_for(world.carol, prescriber_at(world), dose="16 mg")
    # when Nora records it, typing another drug and dose that the order overrides
    medication = _add(world, order=order, name="Something else", regimen=Regimen("99 mg", "oral", "hourly"))
    # then
    assert (medication.name, medication.dose, medication.source) == (
        "Buprenorphine/naloxone",
        "16 mg",
        "order",
    )
    assert (medication.order, medication.prescribed_by) == (order, "Priya Test")
    event = AuditEvent.objects.get(object_id=str(medication.pk))
    assert (event.action, event.actor, event.client_id) == ("create", world.nora, world.carol.pk)
    assert "Buprenorphine" not in event.detail


def test_it_refuses_a_nurse_naming_a_prescriber_without_an_order(world: Any) -> None:
    priya = prescriber_at(world)
    for source in (MedicationSource.ORDER, MedicationSource.CLIENT_REPORTED):
        with pytest.raises(ValidationError) as refused:
            _reported(world, source=source, order=None, prescriber=priya)
        assert "only through their order" in refused.value.message_dict["prescriber"][0]
    assert not Medication.objects.exists()
    assert not MedicationOrder.objects.exists()


def test_it_records_what_the_client_reports_without_a_prescriber_on_staff(world: Any) -> None:
    medication = _reported(world, outside_prescriber="Dr. Rowan Example")
    assert (medication.source, medication.prescriber, medication.order) == ("client_reported", None, None)
    assert medication.outside_prescriber == "Dr. Rowan Example"
    assert (
        AuditEvent.objects.get(object_id=str(medication.pk)).detail
        == "medication added as reported by the client"
    )
    assert _reported(world, name="Ibuprofen", outside_prescriber="").outside_prescriber == ""


def test_a_prescriber_records_under_their_own_name_as_their_order(world: Any) -> None:
    priya = prescriber_at(world)
    medication = _reported(
        world, source=MedicationSource.ORDER, order=None, recorded_by=priya, prescriber=priya
    )
    order: Any = medication.order
    assert (medication.prescriber, order.ordered_by, order.name) == (
        priya,
        priya,
        "Sertraline",
    )


def test_only_a_prescriber_of_the_clients_site_and_organization_orders(world: Any) -> None:
    regimen = BUP_REGIMEN
    lakeside = prescriber_at(world, site=world.site_b, username="lakeside")
    elsewhere = factories.UserFactory.create(
        role="prescriber",
        organization=world.organization_b,
        sites=[world.site_harbor],
        programs=[world.program_b],
    )
    for who in (world.nora, world.dana, world.alice, lakeside, elsewhere):
        with pytest.raises(ValidationError) as refused:
            orders.create_order(client=world.carol, name="Naltrexone", regimen=regimen, ordered_by=who)
        assert "Only a prescriber" in refused.value.message_dict["ordered_by"][0]
    assert not MedicationOrder.objects.exists()
    assert not AuditEvent.objects.exists()


def test_it_refuses_an_order_of_another_client_or_a_discontinued_one(world: Any) -> None:
    priya = prescriber_at(world, site=None)
    priya.sites.add(world.site_b)
    daves = order_for(world.dave, priya)
    carols = order_for(world.carol, priya)
    services.discontinue_order(order=carols, discontinued_by=priya)
    for order, message in ((daves, "another client"), (carols, "discontinued")):
        with pytest.raises(ValidationError) as refused:
            _add(world, order=order)
        assert message in refused.value.message_dict["order"][0]
    assert not Medication.objects.exists()


def test_a_nurse_choosing_an_order_must_pick_one(world: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        _add(world, order=None, name="Naltrexone", regimen=BUP_REGIMEN)
    assert "order" in refused.value.message_dict
    assert not Medication.objects.exists()


def test_discontinuing_an_order_stops_what_was_given_against_it(world: Any) -> None:
    medication = _add(world)
    given: Any = medication.order
    order = services.discontinue_order(order=given, discontinued_by=given.ordered_by)
    medication.refresh_from_db()
    assert order.status == OrderStatus.DISCONTINUED
    assert (medication.stopped_on, medication.stop_reason) == (order.discontinued_on, "Order discontinued")


def test_it_names_the_otp_as_prescriber_for_methadone(world: Any) -> None:
    medication = _reported(
        world,
        name="Methadone",
        regimen=Regimen(dose="80 mg", route=Route.ORAL, frequency="daily at the OTP"),
        is_mat=True,
        mat_kind=MatKind.METHADONE,
        otp_name="Harbor Opioid Treatment Program",
    )
    assert medication.prescribed_by == "Harbor Opioid Treatment Program"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"source": "", "order": None}, "source"),
        ({"source": MedicationSource.CLIENT_REPORTED, "name": "  "}, "name"),
        (
            {
                "source": MedicationSource.CLIENT_REPORTED,
                "name": "X",
                "regimen": Regimen("", "oral", "daily"),
            },
            "dose",
        ),
        (
            {
                "source": MedicationSource.CLIENT_REPORTED,
                "name": "X",
                "regimen": Regimen("8 mg", "post", "daily"),
            },
            "route",
        ),
        (
            {
                "source": MedicationSource.CLIENT_REPORTED,
                "name": "X",
                "regimen": Regimen("8 mg", "oral", " "),
            },
            "frequency",
        ),
        ({"outside_prescriber": "Dr. Who"}, "outside_prescriber"),
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
    assert not AuditEvent.objects.exclude(detail="medication ordered").exists()


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
        changed_by=medication.prescriber,
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
    # and the new dose is the prescriber's new order; the old order ends
    new_order: Any = successor.order
    assert (new_order.dose, successor.prescriber) == ("24 mg", medication.prescriber)
    assert MedicationOrder.objects.get(pk=str(medication.order_id)).status == OrderStatus.DISCONTINUED


def test_a_nurse_cannot_change_the_dose_of_an_ordered_medication(world: Any) -> None:
    medication = _add(world)
    with pytest.raises(ValidationError) as refused:
        services.change_medication(
            medication=medication,
            regimen=Regimen(dose="24 mg", route=Route.SUBLINGUAL, frequency="once daily"),
            changed_on=dt.date(2026, 10, 20),
            reason="Cravings persist",
            changed_by=world.nora,
        )
    assert "prescriber's new order" in refused.value.message_dict["dose"][0]
    assert Medication.objects.get().stopped_on is None


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
