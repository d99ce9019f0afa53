"""Writing audit events. Services call these inside their own transaction, so the event lands with the change."""

from collections.abc import Iterable
from typing import Any

from django.db import models

from trellis.core import clock, context
from trellis.privacy.models import AuditEvent

Action = AuditEvent.Action


def _event(*, actor: Any, action: str, client_id: Any, obj: models.Model | None, detail: str) -> AuditEvent:
    request = context.current()
    return AuditEvent(
        occurred_at=clock.now(),
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        action=action,
        client_id=client_id,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        detail=detail[:200],
        ip_address=request.ip_address,
        request_id=request.request_id,
    )


def record(
    *, actor: Any, action: str, client_id: Any = None, obj: models.Model | None = None, detail: str = ""
) -> None:
    _event(actor=actor, action=action, client_id=client_id, obj=obj, detail=detail).save(force_insert=True)


def record_views(*, actor: Any, client_ids: Iterable[Any], detail: str) -> None:
    """One VIEW event per client shown on a page, written in a single query."""
    unique = dict.fromkeys(client_ids)
    record_changes(
        actor=actor, action=Action.VIEW, changes=[(client_id, None, detail) for client_id in unique]
    )


def record_changes(
    *, actor: Any, action: str, changes: Iterable[tuple[Any, models.Model | None, str]]
) -> None:
    """One event per (client id, object, detail) changed together, in one INSERT (split only where the
    database's variable limit demands): a published week or a month's charges touch hundreds of clients."""
    events = [
        _event(actor=actor, action=action, client_id=client_id, obj=obj, detail=detail)
        for client_id, obj, detail in changes
    ]
    if events:
        AuditEvent.objects.bulk_create(events)
