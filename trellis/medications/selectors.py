"""Reads for the medications page and the panels on Today and the chart. Each runs a fixed number of queries."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from trellis.clients.models import Client
from trellis.medications.models import DrugScreen, Medication, MedicationOrder, ScreenFlag, ScreenResult
from trellis.medications.orders import active_orders

CHART_SCREENS = 3  # the chart shows the latest few; the medications page shows them all


@dataclass(frozen=True)
class MedicationRecord:
    """A client's medications and drug screens as of a day."""

    current: list[Medication]
    past: list[Medication]
    screens: list[DrugScreen]
    open_flags: list[ScreenFlag]
    orders: list[MedicationOrder]  # active ones; only the medications page reads them

    @property
    def on_mat(self) -> bool:
        return any(medication.is_mat for medication in self.current)


def _screens(client: Client) -> Any:
    return DrugScreen.objects.filter(client=client).prefetch_related(
        Prefetch("results", queryset=ScreenResult.objects.order_by("-result", "substance"))
    )


def get_medication_record(
    *, client: Client, day: dt.date, screen_limit: int | None = None, with_orders: bool = False
) -> MedicationRecord:
    medications = list(
        Medication.objects.filter(client=client)
        .select_related("prescriber", "order")
        .prefetch_related("discharge_reconciliations")
    )
    # The flag and its reviewer ride along: the review note shows on the screen's row, in the same query.
    screens = _screens(client).select_related("collected_by", "flag__reviewed_by")
    flags = ScreenFlag.objects.open().filter(client=client).select_related("screen")
    return MedicationRecord(
        current=[m for m in medications if m.is_current_on(day)],
        past=sorted(
            (m for m in medications if not m.is_current_on(day)), key=lambda m: m.started_on, reverse=True
        ),
        screens=list(screens[:screen_limit] if screen_limit else screens),
        open_flags=list(flags),
        orders=list(active_orders(client).order_by("name", "-ordered_on", "id")) if with_orders else [],
    )


def list_open_flags(*, user: Any, limit: int) -> list[ScreenFlag]:
    """Open flags on the clients this user sees clinically, oldest first: they have waited longest."""
    return list(
        ScreenFlag.objects.visible_to(user)
        .open()
        .select_related("client", "screen")
        .order_by("created_at")[:limit]
    )
