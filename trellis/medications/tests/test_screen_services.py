"""Recording drug screens: unexpected positives, and only those, open a flag for plan review."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError

from trellis.medications import services
from trellis.medications.choices import MatKind, Result, Route, ScreenMethod, Specimen
from trellis.medications.models import DrugScreen, ScreenFlag, ScreenResult
from trellis.medications.services import Regimen, ResultEntry
from trellis.medications.tests.factories import MedicationFactory
from trellis.privacy.models import AuditEvent

NOW = dt.datetime(2026, 11, 18, 15, 0, tzinfo=dt.UTC)
COLLECTED = dt.datetime(2026, 11, 18, 14, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _on_buprenorphine(world: Any) -> None:
    MedicationFactory.create(
        client=world.carol, name="Buprenorphine/naloxone", is_mat=True, mat_kind=MatKind.BUPRENORPHINE
    )


def _record(world: Any, results: list[ResultEntry], **overrides: Any) -> DrugScreen:
    arguments: dict[str, Any] = {
        "client": world.carol,
        "collected_at": COLLECTED,
        "specimen": Specimen.URINE,
        "method": ScreenMethod.READ_BY_EYE,
        "results": results,
        "collected_by": world.nora,
        "observed": True,
    }
    arguments.update(overrides)
    return services.record_drug_screen(**arguments)


def test_it_marks_a_positive_explained_by_mat_as_expected_and_flags_nothing(world: Any) -> None:
    # given
    _on_buprenorphine(world)
    # when
    screen = _record(
        world, [ResultEntry("buprenorphine", Result.POSITIVE), ResultEntry("fentanyl", Result.NEGATIVE)]
    )
    # then
    result = screen.results.get(substance="buprenorphine")
    assert (result.expected, result.explained_by) == (True, "Buprenorphine/naloxone")
    assert screen.results.get(substance="fentanyl").expected is None
    assert not ScreenFlag.objects.exists()
    assert screen.drug_classes is None


def test_it_flags_an_unexpected_positive_for_plan_review(world: Any) -> None:
    # given
    _on_buprenorphine(world)
    # when
    screen = _record(
        world,
        [
            ResultEntry("buprenorphine", Result.POSITIVE),
            ResultEntry("opiates", Result.POSITIVE),
            ResultEntry("cocaine", Result.INVALID),
        ],
    )
    # then
    flag = ScreenFlag.objects.get()
    assert (flag.screen, flag.client, flag.substances, flag.status) == (
        screen,
        world.carol,
        ["opiates"],
        "open",
    )
    assert AuditEvent.objects.filter(object_id=str(flag.pk), action="create").exists()
    assert AuditEvent.objects.filter(object_id=str(screen.pk), action="create").exists()


def test_it_ignores_medications_stopped_before_the_collection(world: Any) -> None:
    MedicationFactory.create(
        client=world.carol,
        name="Buprenorphine",
        is_mat=True,
        mat_kind=MatKind.BUPRENORPHINE,
        stopped_on=dt.date(2026, 11, 1),
    )
    _record(world, [ResultEntry("buprenorphine", Result.POSITIVE)])
    assert ScreenFlag.objects.get().substances == ["buprenorphine"]


def test_it_reads_the_collection_day_in_the_clients_time_zone(world: Any) -> None:
    # given buprenorphine starting Nov 18 and a specimen collected 11 pm Nov 17 in New York (Nov 18 UTC)
    MedicationFactory.create(
        client=world.carol,
        name="Buprenorphine",
        is_mat=True,
        mat_kind="buprenorphine",
        started_on=dt.date(2026, 11, 18),
    )
    late_evening = dt.datetime(2026, 11, 18, 4, 0, tzinfo=dt.UTC)
    # when
    _record(world, [ResultEntry("buprenorphine", Result.POSITIVE)], collected_at=late_evening)
    # then it was not yet a current medication that evening
    assert ScreenFlag.objects.get().substances == ["buprenorphine"]


def test_it_counts_drug_classes_and_keeps_levels_for_definitive_testing(world: Any) -> None:
    screen = _record(
        world,
        [
            ResultEntry("fentanyl", Result.POSITIVE, level=Decimal("4.20"), unit="ng/mL"),
            ResultEntry("opiates", Result.NEGATIVE),
            ResultEntry("cocaine", Result.NEGATIVE),
        ],
        method=ScreenMethod.DEFINITIVE,
    )
    assert screen.drug_classes == 3
    assert screen.results.get(substance="fentanyl").level == Decimal("4.20")


@pytest.mark.parametrize(
    ("results", "overrides", "field"),
    [
        ([], {}, "results"),
        ([ResultEntry("glitter", Result.POSITIVE)], {}, "results"),
        ([ResultEntry("cocaine", "maybe")], {}, "result_cocaine"),
        (
            [ResultEntry("cocaine", Result.NEGATIVE), ResultEntry("cocaine", Result.POSITIVE)],
            {},
            "result_cocaine",
        ),
        ([ResultEntry("cocaine", Result.POSITIVE, level=Decimal(5))], {}, "level_cocaine"),
        (
            [ResultEntry("cocaine", Result.NEGATIVE, level=Decimal(5))],
            {"method": ScreenMethod.DEFINITIVE},
            "level_cocaine",
        ),
        (
            [ResultEntry("cocaine", Result.POSITIVE, level=Decimal(-1))],
            {"method": ScreenMethod.DEFINITIVE},
            "level_cocaine",
        ),
        ([ResultEntry("cocaine", Result.NEGATIVE)], {"specimen": Specimen.BREATH}, "result_cocaine"),
        ([ResultEntry("cocaine", Result.NEGATIVE)], {"specimen": "hair"}, "specimen"),
        ([ResultEntry("cocaine", Result.NEGATIVE)], {"method": "guess"}, "method"),
        (
            [ResultEntry("cocaine", Result.NEGATIVE)],
            {"collected_at": NOW + dt.timedelta(hours=1)},
            "collected_at",
        ),
        (
            [ResultEntry("cocaine", Result.NEGATIVE)],
            {"collected_at": dt.datetime(2026, 11, 18, 9)},  # noqa: DTZ001 (naive on purpose)
            "collected_at",
        ),
    ],
)
def test_it_refuses_a_bad_screen_and_writes_nothing(
    world: Any, results: list[ResultEntry], overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        _record(world, results, **overrides)
    assert field in refused.value.message_dict
    assert not DrugScreen.objects.exists()
    assert not ScreenResult.objects.exists()
    assert not AuditEvent.objects.exists()


def test_it_records_a_breath_alcohol_screen(world: Any) -> None:
    screen = _record(world, [ResultEntry("alcohol", Result.NEGATIVE)], specimen=Specimen.BREATH)
    assert screen.results.get().result == Result.NEGATIVE


def test_it_reviews_a_flag_once_with_a_note(world: Any) -> None:
    # given
    _record(world, [ResultEntry("cocaine", Result.POSITIVE)])
    flag = ScreenFlag.objects.get()
    # when a review without a note is refused
    with pytest.raises(ValidationError) as refused:
        services.review_screen_flag(flag=flag, note="  ", reviewed_by=world.alice)
    assert "note" in refused.value.message_dict
    # and a review with one is kept
    services.review_screen_flag(flag=flag, note="Discussed; relapse plan updated.", reviewed_by=world.alice)
    # then
    flag.refresh_from_db()
    assert (flag.status, flag.reviewed_by, flag.reviewed_at) == ("reviewed", world.alice, NOW)
    with pytest.raises(ValidationError) as again:
        services.review_screen_flag(flag=flag, note="again", reviewed_by=world.alice)
    assert "flag" in again.value.message_dict
    assert AuditEvent.objects.filter(object_id=str(flag.pk), action="update").count() == 1


def test_it_uses_the_regimen_of_a_changed_medication(world: Any) -> None:
    # a dose change keeps buprenorphine current, so the screen after it is still expected
    medication = MedicationFactory.create(
        client=world.carol, name="Buprenorphine", is_mat=True, mat_kind="buprenorphine"
    )
    services.change_medication(
        medication=medication,
        regimen=Regimen(dose="24 mg", route=Route.SUBLINGUAL, frequency="daily"),
        changed_on=dt.date(2026, 11, 10),
        reason="Dose increase",
        changed_by=world.dana,
    )
    _record(world, [ResultEntry("buprenorphine", Result.POSITIVE)])
    assert not ScreenFlag.objects.exists()
