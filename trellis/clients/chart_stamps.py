"""Stamps that say when a chart last changed, for keeping a rendered chart without ever showing it stale.

The privacy audit helper stamps, inside the writing service's transaction (every write leaves an audit event
in its own transaction, house rule 1): the named clients' charts, and for an event that names no client the
organization's setup, which every chart of that organization shows a little of. A reader takes both stamps
with the client row, before it reads anything else, so what it then renders is at least as new as its key.
"""

import uuid
from collections.abc import Iterable
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from trellis.clients.models import ActivityStamp, ChartStamp, SetupStamp

BATCH = 500  # rows per upsert, well under SQLite's variable limit


def touch(
    *, client_ids: Iterable[Any], organization_ids: Iterable[Any], active_organization_ids: Iterable[Any] = ()
) -> None:
    """New stamps for these clients' charts, these organizations' setup and the organizations where anything
    changed (`active_organization_ids`): one upsert each (per 500)."""
    stamp = uuid.uuid4()
    _renew(ChartStamp, "client_id", client_ids, stamp)
    _renew(SetupStamp, "organization_id", organization_ids, stamp)
    _renew(ActivityStamp, "organization_id", active_organization_ids, stamp)


def _renew(model: Any, key: str, ids: Iterable[Any], stamp: uuid.UUID) -> None:
    unique = sorted({i for i in ids if i is not None}, key=str)
    for start in range(0, len(unique), BATCH):
        model.objects.bulk_create(
            [model(**{key: i, "stamp": stamp}) for i in unique[start : start + BATCH]],
            update_conflicts=True,
            unique_fields=[key],
            update_fields=["stamp"],
        )


def activity_stamp(organization_id: Any) -> str:
    """The organization's activity stamp now (one query; "" before its first change)."""
    found = ActivityStamp.objects.filter(organization_id=organization_id).values_list("stamp", flat=True)
    stamp = found.first()
    return str(stamp) if stamp else ""


def stamped(clients: QuerySet[Any]) -> QuerySet[Any]:
    """Clients with `chart_stamp` and `setup_stamp` (None until the first change), read in the same query."""
    annotated: QuerySet[Any] = clients.annotate(
        chart_stamp=Subquery(ChartStamp.objects.filter(client_id=OuterRef("pk")).values("stamp")[:1]),
        setup_stamp=Subquery(
            SetupStamp.objects.filter(organization_id=OuterRef("organization_id")).values("stamp")[:1]
        ),
    )
    return annotated
