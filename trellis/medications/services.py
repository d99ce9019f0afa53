"""Recording medications, drug screens and the review of unexpected positives. Every write is audited."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from trellis.clients.models import Client
from trellis.core import clock, plausible_dates
from trellis.core.errors import reject
from trellis.medications import orders
from trellis.medications.choices import (
    FlagStatus,
    MatKind,
    MedicationSource,
    OrderStatus,
    Result,
    ScreenMethod,
    Specimen,
    Substance,
)
from trellis.medications.expected_positives import MedicationFacts, classify_positives, unexpected
from trellis.medications.models import DrugScreen, Medication, MedicationOrder, ScreenFlag, ScreenResult
from trellis.medications.regimen import Regimen as Regimen  # re-exported: callers build one to pass in
from trellis.medications.regimen import check_regimen
from trellis.privacy import audit

# A screen may be entered a few minutes ahead of the server clock by a tablet whose clock runs fast.
CLOCK_SLACK = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class ResultEntry:
    """One drug class read on a screen, as entered."""

    substance: str
    result: str
    level: Decimal | None = None
    unit: str = ""


def _outside_prescriber(*, source: orders.Source, outside_prescriber: str, otp_name: str) -> str:
    """As reported by the client (methadone's OTP stands in); an order already names its prescriber."""
    if source.kind == MedicationSource.CLIENT_REPORTED:
        return outside_prescriber.strip() or otp_name.strip()
    if outside_prescriber.strip():
        reject(
            "outside_prescriber", "A medication given against an order takes its prescriber from the order."
        )
    return ""


def _check_mat(*, is_mat: bool, mat_kind: str, otp_name: str) -> None:
    if is_mat and mat_kind not in MatKind.values:
        reject("mat_kind", "Choose which medication for addiction treatment this is.")
    if not is_mat and mat_kind:
        reject("mat_kind", "A MAT kind is only for medications marked as MAT.")
    if mat_kind == MatKind.METHADONE and not otp_name.strip():
        reject("otp_name", "Methadone is dispensed by an opioid treatment program: name the program.")


def _check_medication_day(*, client: Client, field: str, day: dt.date) -> None:
    """Start and stop days: not before the client's birth (or 1900), at most a year ahead of today."""
    plausible_dates.check_near_today(
        field=field,
        day=day,
        today=plausible_dates.today_at(client.site.timezone),
        what={"started_on": "start date", "stopped_on": "stop date"}.get(field, "date of the change"),
        earliest=max(client.date_of_birth or plausible_dates.EARLIEST, plausible_dates.EARLIEST),
    )


def _what_is_taken(*, source: orders.Source, name: str, regimen: Regimen | None) -> tuple[str, Regimen]:
    """An order carries its drug and regimen; otherwise they are typed in."""
    if source.order is not None:
        order = source.order
        return order.name, Regimen(dose=order.dose, route=order.route, frequency=order.frequency)
    if not name.strip():
        reject("name", "Give the medication's name.")
    if regimen is None:
        reject("dose", "Give the dose, e.g. 8 mg.")
    return name.strip(), check_regimen(regimen)


@transaction.atomic
def add_medication(
    *,
    client: Client,
    started_on: dt.date,
    recorded_by: Any,
    source: str,
    name: str = "",
    regimen: Regimen | None = None,
    order: MedicationOrder | None = None,
    prescriber: Any = None,
    outside_prescriber: str = "",
    indication: str = "",
    is_mat: bool = False,
    mat_kind: str = "",
    otp_name: str = "",
) -> Medication:
    """Against a prescriber's order (a prescriber's own when they record it) or as reported by the client."""
    resolved = orders.resolve_source(
        client=client, source=source, order=order, prescriber=prescriber, recorded_by=recorded_by
    )
    name, regimen = _what_is_taken(source=resolved, name=name, regimen=regimen)
    _check_medication_day(client=client, field="started_on", day=started_on)
    _check_mat(is_mat=is_mat, mat_kind=mat_kind, otp_name=otp_name)
    outside = _outside_prescriber(source=resolved, outside_prescriber=outside_prescriber, otp_name=otp_name)
    the_order = resolved.order
    if resolved.own_order:
        the_order = orders.create_order(client=client, name=name, regimen=regimen, ordered_by=recorded_by)
    medication = Medication.objects.create(
        client=client,
        name=name,
        dose=regimen.dose,
        route=regimen.route,
        frequency=regimen.frequency,
        started_on=started_on,
        source=resolved.kind,
        order=the_order,
        prescriber=the_order.ordered_by if the_order else None,
        outside_prescriber=outside,
        indication=indication.strip(),
        is_mat=is_mat,
        mat_kind=mat_kind,
        otp_name=otp_name.strip(),
        recorded_by=recorded_by,
    )
    how = "against an order" if the_order else "as reported by the client"
    detail = f"medication added {how}{' (MAT)' if is_mat else ''}"
    audit.record(
        actor=recorded_by, action=audit.Action.CREATE, client_id=client.pk, obj=medication, detail=detail
    )
    return medication


def _lock_current(medication: Medication) -> Medication:
    """Lock the row so two staff cannot stop or change the same medication twice."""
    locked: Medication = Medication.objects.select_for_update().get(pk=medication.pk)
    if locked.stopped_on is not None:
        reject("medication", "This medication is already stopped.")
    return locked


def _stop(*, medication: Medication, stopped_on: dt.date, reason: str) -> None:
    _check_medication_day(client=medication.client, field="stopped_on", day=stopped_on)
    if stopped_on < medication.started_on:
        reject("stopped_on", "A medication cannot stop before it started.")
    medication.stopped_on = stopped_on
    medication.stop_reason = reason
    medication.save(update_fields=["stopped_on", "stop_reason", "updated_at"])


@transaction.atomic
def stop_medication(
    *, medication: Medication, stopped_on: dt.date, reason: str, stopped_by: Any
) -> Medication:
    if not reason.strip():
        reject("reason", "Say why the medication stops.")
    medication = _lock_current(medication)
    _stop(medication=medication, stopped_on=stopped_on, reason=reason.strip())
    audit.record(
        actor=stopped_by,
        action=audit.Action.UPDATE,
        client_id=medication.client_id,
        obj=medication,
        detail="medication stopped",
    )
    return medication


def _order_for_change(
    *, medication: Medication, regimen: Regimen, changed_on: dt.date, changed_by: Any
) -> MedicationOrder | None:
    """A new regimen for an ordered medication is a new order: only a prescriber writes it."""
    if medication.source != MedicationSource.ORDER:
        return None
    if not orders.may_order_for(changed_by, medication.client):
        reject(
            "dose",
            "This medication is given against a prescriber's order: a new dose, route or frequency needs "
            "the prescriber's new order. Stop this one and record the new order, or ask the prescriber.",
        )
    if medication.order_id is not None:
        # The old order ends with the old regimen, so nobody records against it again.
        MedicationOrder.objects.filter(pk=medication.order_id, status=OrderStatus.ACTIVE).update(
            status=OrderStatus.DISCONTINUED, discontinued_on=changed_on
        )
    return orders.create_order(
        client=medication.client, name=medication.name, regimen=regimen, ordered_by=changed_by
    )


@transaction.atomic
def discontinue_order(*, order: MedicationOrder, discontinued_by: Any) -> MedicationOrder:
    """The prescriber ends an order today; what was given against it stops from today too."""
    if not orders.may_order_for(discontinued_by, order.client):
        reject("order", "Only a prescriber at the client's site can discontinue an order.")
    order = MedicationOrder.objects.select_for_update().select_related("client__site").get(pk=order.pk)
    if order.status != OrderStatus.ACTIVE:
        reject("order", "This order is already discontinued.")
    today = clock.today_in(order.client.site.timezone)
    order.status, order.discontinued_on = OrderStatus.DISCONTINUED, today
    order.save(update_fields=["status", "discontinued_on", "updated_at"])
    for medication in order.medications.select_for_update().filter(stopped_on__isnull=True).order_by("id"):
        stop_on = max(today, medication.started_on)
        medication.stopped_on, medication.stop_reason = stop_on, "Order discontinued"
        medication.save(update_fields=["stopped_on", "stop_reason", "updated_at"])
    audit.record(
        actor=discontinued_by,
        action=audit.Action.UPDATE,
        client_id=order.client_id,
        obj=order,
        detail="medication order discontinued",
    )
    return order


@transaction.atomic
def change_medication(
    *, medication: Medication, regimen: Regimen, changed_on: dt.date, reason: str, changed_by: Any
) -> Medication:
    """A new dose, route or frequency from a date: the old row stops that day and a new row starts."""
    if not reason.strip():
        reject("reason", "Say why the medication changes.")
    _check_medication_day(client=medication.client, field="changed_on", day=changed_on)
    regimen = check_regimen(regimen)
    medication = _lock_current(medication)
    if regimen == Regimen(dose=medication.dose, route=medication.route, frequency=medication.frequency):
        reject("dose", "Nothing changed: give a new dose, route or frequency.")
    order = _order_for_change(
        medication=medication, regimen=regimen, changed_on=changed_on, changed_by=changed_by
    )
    _stop(medication=medication, stopped_on=changed_on, reason=f"Changed: {reason.strip()}")
    successor = Medication.objects.create(
        client_id=medication.client_id,
        name=medication.name,
        dose=regimen.dose,
        route=regimen.route,
        frequency=regimen.frequency,
        started_on=changed_on,
        source=medication.source,
        order=order,
        prescriber=order.ordered_by if order else None,
        outside_prescriber=medication.outside_prescriber,
        indication=medication.indication,
        is_mat=medication.is_mat,
        mat_kind=medication.mat_kind,
        otp_name=medication.otp_name,
        replaces=medication,
        recorded_by=changed_by,
    )
    changed = [
        part for part in ("dose", "route", "frequency") if getattr(regimen, part) != getattr(medication, part)
    ]
    audit.record(
        actor=changed_by,
        action=audit.Action.UPDATE,
        client_id=medication.client_id,
        obj=successor,
        detail=f"medication changed: {', '.join(changed)}",
    )
    return successor


def _check_screen(*, collected_at: dt.datetime, specimen: str, method: str) -> None:
    if collected_at.tzinfo is None:
        reject("collected_at", "Give the collection time with its time zone.")
    plausible_dates.check_moment_not_in_future(
        field="collected_at", moment=collected_at, what="collection time", slack=CLOCK_SLACK
    )
    if specimen not in Specimen.values:
        reject("specimen", "Choose the specimen from the list.")
    if method not in ScreenMethod.values:
        reject("method", "Choose how the screen was read.")


def _check_entry(entry: ResultEntry, *, specimen: str, method: str) -> None:
    if entry.result not in Result.values:
        reject(f"result_{entry.substance}", "Choose positive, negative or invalid.")
    if specimen == Specimen.BREATH and entry.substance != Substance.ALCOHOL:
        reject(f"result_{entry.substance}", "A breath test reads alcohol only.")
    if entry.level is None:
        return
    if method != ScreenMethod.DEFINITIVE:
        reject(f"level_{entry.substance}", "Levels come from definitive (laboratory) testing only.")
    if entry.result != Result.POSITIVE:
        reject(f"level_{entry.substance}", "Give a level only for a positive result.")
    if entry.level < 0:
        reject(f"level_{entry.substance}", "A level cannot be negative.")


def _check_results(results: Sequence[ResultEntry], *, specimen: str, method: str) -> None:
    if not results:
        reject("results", "Record a result for at least one drug class.")
    seen: set[str] = set()
    for entry in results:
        if entry.substance not in Substance.values:
            reject("results", "A result names a drug class that is not on the list.")
        if entry.substance in seen:
            reject(f"result_{entry.substance}", "Each drug class has one result per screen.")
        seen.add(entry.substance)
        _check_entry(entry, specimen=specimen, method=method)


def _current_medications(client: Client, day: dt.date) -> list[MedicationFacts]:
    rows = Medication.objects.filter(client=client).current_on(day).values_list("name", "mat_kind")
    return [MedicationFacts(name=name, mat_kind=mat_kind) for name, mat_kind in rows]


@transaction.atomic
def record_drug_screen(
    *,
    client: Client,
    collected_at: dt.datetime,
    specimen: str,
    method: str,
    results: Sequence[ResultEntry],
    collected_by: Any,
    observed: bool = False,
) -> DrugScreen:
    """Record a screen; positives that no current medication explains open a flag for plan review."""
    _check_screen(collected_at=collected_at, specimen=specimen, method=method)
    _check_results(results, specimen=specimen, method=method)
    day = collected_at.astimezone(clock.zone(client.site.timezone)).date()
    positives = [entry.substance for entry in results if entry.result == Result.POSITIVE]
    findings = {
        f.substance: f
        for f in classify_positives(positives=positives, medications=_current_medications(client, day))
    }
    screen = DrugScreen.objects.create(
        client=client,
        collected_at=collected_at,
        specimen=specimen,
        method=method,
        observed=observed,
        drug_classes=len(results) if method == ScreenMethod.DEFINITIVE else None,
        collected_by=collected_by,
    )
    ScreenResult.objects.bulk_create(
        ScreenResult(
            screen=screen,
            substance=entry.substance,
            result=entry.result,
            level=entry.level,
            unit=entry.unit.strip() if entry.level is not None else "",
            expected=findings[entry.substance].expected if entry.substance in findings else None,
            explained_by=findings[entry.substance].explained_by if entry.substance in findings else "",
        )
        for entry in results
    )
    audit.record(
        actor=collected_by,
        action=audit.Action.CREATE,
        client_id=client.pk,
        obj=screen,
        detail=f"drug screen recorded: {len(results)} classes, {len(positives)} positive",
    )
    flagged = unexpected(findings.values())
    if flagged:
        _flag(screen=screen, substances=flagged, actor=collected_by)
    return screen


def _flag(*, screen: DrugScreen, substances: list[str], actor: Any) -> ScreenFlag:
    flag = ScreenFlag.objects.create(client_id=screen.client_id, screen=screen, substances=substances)
    audit.record(
        actor=actor,
        action=audit.Action.CREATE,
        client_id=screen.client_id,
        obj=flag,
        detail="unexpected positive flagged for plan review",
    )
    return flag


@transaction.atomic
def review_screen_flag(*, flag: ScreenFlag, note: str, reviewed_by: Any) -> ScreenFlag:
    """The clinician has looked at the unexpected positive with the plan; the note says what follows."""
    if not note.strip():
        reject("note", "Say what the review found and what changes in the plan, if anything.")
    flag = ScreenFlag.objects.select_for_update().get(pk=flag.pk)
    if flag.status != FlagStatus.OPEN:
        reject("flag", "This flag has already been reviewed.")
    flag.status = FlagStatus.REVIEWED
    flag.reviewed_by = reviewed_by
    flag.reviewed_at = clock.now()
    flag.note = note.strip()
    flag.save(update_fields=["status", "reviewed_by", "reviewed_at", "note", "updated_at"])
    audit.record(
        actor=reviewed_by,
        action=audit.Action.UPDATE,
        client_id=flag.client_id,
        obj=flag,
        detail="unexpected positive reviewed",
    )
    return flag
