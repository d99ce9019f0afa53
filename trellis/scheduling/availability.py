"""Recording when a client cannot come (commitments) and whether they prefer day or evening groups."""

import datetime as dt
from typing import Any

from django.db import transaction

from trellis.clients.models import Client
from trellis.core.errors import reject
from trellis.privacy import audit
from trellis.scheduling.inputs import Commitment, DayPart, SchedulingPreference


@transaction.atomic
def add_commitment(
    *, client: Client, weekday: int, starts_at: dt.time, ends_at: dt.time, kind: str, added_by: Any
) -> Commitment:
    """A weekly stretch the client is busy (work, school, childcare): no group is proposed inside it."""
    if weekday not in range(7):
        reject("weekday", "Choose a day of the week.")
    if kind not in Commitment.Kind.values:
        reject("kind", "Choose work, school, childcare or other.")
    if ends_at <= starts_at:
        reject("ends_at", f"The end ({ends_at:%H:%M}) must be after the start ({starts_at:%H:%M}).")
    commitment = Commitment.objects.create(
        client=client, weekday=weekday, starts_at=starts_at, ends_at=ends_at, kind=kind
    )
    audit.record(
        actor=added_by,
        action=audit.Action.CREATE,
        client_id=client.pk,
        obj=commitment,
        detail="availability: commitment added",
    )
    return commitment


@transaction.atomic
def remove_commitment(*, commitment: Commitment, removed_by: Any) -> None:
    audit.record(
        actor=removed_by,
        action=audit.Action.DELETE,
        client_id=commitment.client_id,
        obj=commitment,
        detail="availability: commitment removed",
    )
    commitment.delete()


@transaction.atomic
def set_day_part_preference(*, client: Client, day_part: str, set_by: Any) -> SchedulingPreference:
    """Day groups, evening groups, or "" for no preference."""
    if day_part and day_part not in DayPart.values:
        reject("day_part", "Choose day groups, evening groups or no preference.")
    preference, _ = SchedulingPreference.objects.update_or_create(
        client=client, defaults={"day_part": day_part}
    )
    audit.record(
        actor=set_by,
        action=audit.Action.UPDATE,
        client_id=client.pk,
        obj=preference,
        detail=f"schedule preference: {day_part or 'none'}",
    )
    return preference
