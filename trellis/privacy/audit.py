"""Writing audit events. Services call these inside their own transaction, so the event lands with the change.

Every event names whose trail it is (the organization) and, when no person acted, which job wrote it.
"""

import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import models, transaction

from trellis.clients import chart_stamps
from trellis.clients.models import Client
from trellis.core import clock, context
from trellis.privacy import chain
from trellis.privacy.models import AuditEvent

Action = AuditEvent.Action

# Events that change nothing a chart shows; every other action (a new one too) stamps the charts it names.
LEAVE_CHARTS = frozenset(
    {
        Action.VIEW,
        Action.EXPORT,
        Action.LOGIN,
        Action.LOGIN_FAILED,
        Action.LOGOUT,
        Action.PASSWORD_CHANGED,
        Action.PASSWORD_RESET_REQUESTED,
        Action.MFA_ENROLLED,
        Action.MFA_REMOVED,
        Action.MFA_PASSED,
        Action.MFA_FAILED,
        Action.MFA_RESET,
        Action.MFA_SKIPPED,
        Action.RECOVERY_USED,
        Action.RECOVERY_ISSUED,
        Action.REAUTHENTICATED,
        Action.REAUTH_FAILED,
        Action.MFA_POLICY,
    }
)

# Shown when a job forgot to say who it is: visible in the log rather than silently blank.
UNNAMED_JOB = "unnamed job"


def _person(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _organizations_of_clients(client_ids: Iterable[Any]) -> dict[Any, Any]:
    wanted = {client_id for client_id in client_ids if client_id is not None}
    if not wanted:
        return {}
    return dict(Client.objects.filter(pk__in=wanted).values_list("pk", "organization_id"))


def _organization_id(
    *, person: Any, explicit: Any, client_id: Any, obj: models.Model | None, of_clients: dict[Any, Any]
) -> Any:
    """The acting person's organization; for work no person did, the one the caller names, else the client's,
    else the object's own (a payer, a program)."""
    if person is not None and getattr(person, "organization_id", None) is not None:
        return person.organization_id
    if explicit is not None:
        return explicit
    if client_id is not None and client_id in of_clients:
        return of_clients[client_id]
    return getattr(obj, "organization_id", None)


def _events(
    *,
    actor: Any,
    action: str,
    changes: list[tuple[Any, models.Model | None, str]],
    organization_id: Any,
    system_job: str,
) -> tuple[list[chain.NewEvent], list[Any]]:
    """The batch's events as plain values (no model instance each: a page shows up to a hundred clients), and
    the organization of each as found (chart stamps take the ids as they are, not as text)."""
    request = context.current()
    person = _person(actor)
    needs_lookup = organization_id is None and getattr(person, "organization_id", None) is None
    of_clients = _organizations_of_clients(c for c, _, _ in changes) if needs_lookup else {}
    organizations = [
        _organization_id(person=person, explicit=organization_id, client_id=c, obj=obj, of_clients=of_clients)
        for c, obj, _ in changes
    ]
    actor_id = person.pk if person is not None else None
    ip_address = chain.prepared_ip(request.ip_address)
    job = "" if person is not None else (system_job or UNNAMED_JOB)[:40]
    events = [
        chain.NewEvent(
            id=uuid.uuid4(),
            occurred_at=clock.now(),
            actor_id=actor_id,
            action=action,
            client_id=chain.as_text(client_id),
            object_type=obj._meta.label if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            detail=detail[:200],
            ip_address=ip_address,
            request_id=request.request_id,
            organization_id=chain.as_text(organization),
            system_job=job,
        )
        for (client_id, obj, detail), organization in zip(changes, organizations, strict=True)
    ]
    return events, organizations


def record(
    *,
    actor: Any,
    action: str,
    client_id: Any = None,
    obj: models.Model | None = None,
    detail: str = "",
    organization_id: Any = None,
    system_job: str = "",
) -> None:
    """One event. Work no person did (`actor=None`) names its `system_job`, and its organization if the
    client or object does not tell it."""
    record_changes(
        actor=actor,
        action=action,
        changes=[(client_id, obj, detail)],
        organization_id=organization_id,
        system_job=system_job,
    )


# The reader whose views are being gathered, and their (client id, detail) pairs so far (gathered_views).
_gathered: ContextVar[tuple[Any, list[tuple[Any, None, str]]] | None] = ContextVar(
    "gathered_views", default=None
)


@contextmanager
def gathered_views(*, actor: Any) -> Iterator[None]:
    """Every record_views by `actor` inside the block lands as one batch when it ends, so a page of many
    panels (Today) links the audit chain once instead of once per panel. The same events are written."""
    if _gathered.get() is not None:  # already gathering: the outer block writes
        yield
        return
    changes: list[tuple[Any, None, str]] = []
    token = _gathered.set((actor, changes))
    try:
        yield
    finally:
        _gathered.reset(token)
    record_changes(actor=actor, action=Action.VIEW, changes=changes)


@contextmanager
def noting_gathered_views() -> Iterator[list[tuple[Any, str]]]:
    """Inside gathered_views: the (client id, detail) pairs gathered in this block, still written by the
    outer block. A page that keeps what it rendered records the same views each time it shows it again."""
    noted: list[tuple[Any, str]] = []
    gathering = _gathered.get()
    start = len(gathering[1]) if gathering is not None else 0
    try:
        yield noted
    finally:
        if gathering is not None:
            noted.extend((client_id, detail) for client_id, _, detail in gathering[1][start:])


def _same_person(one: Any, other: Any) -> bool:
    return one is other or (
        getattr(one, "pk", None) is not None and getattr(one, "pk", None) == getattr(other, "pk", None)
    )


def record_views(
    *, actor: Any, client_ids: Iterable[Any], detail: str, organization_id: Any = None, system_job: str = ""
) -> None:
    """One VIEW event per client shown on a page, written in a single query (or with the page's others)."""
    unique = dict.fromkeys(client_ids)
    gathering = _gathered.get()
    if (
        gathering is not None
        and _same_person(gathering[0], actor)
        and organization_id is None
        and not system_job
    ):
        gathering[1].extend((client_id, None, detail) for client_id in unique)
        return
    record_changes(
        actor=actor,
        action=Action.VIEW,
        changes=[(client_id, None, detail) for client_id in unique],
        organization_id=organization_id,
        system_job=system_job,
    )


def record_changes(
    *,
    actor: Any,
    action: str,
    changes: Iterable[tuple[Any, models.Model | None, str]],
    organization_id: Any = None,
    system_job: str = "",
) -> None:
    """One event per (client id, object, detail) changed together, linked into its organization's chain and
    written in one statement on PostgreSQL (chain.append): a published week or a month's charges touch
    hundreds of clients, a page's views up to a hundred."""
    changes = list(changes)
    events, organizations = _events(
        actor=actor, action=action, changes=changes, organization_id=organization_id, system_job=system_job
    )
    if not events:
        return
    if action in LEAVE_CHARTS:
        # Only the trail changes: on PostgreSQL one statement, atomic by itself (no BEGIN and COMMIT round
        # trips); inside a caller's transaction it runs there, and the chain heads stay locked until it ends.
        chain.append(events)
        return
    # The charts' stamps change with the trail, in one transaction (the caller's, if any).
    with transaction.atomic(savepoint=False):
        chain.append(events)
        chart_stamps.touch(
            changes=[
                (client_id, obj, organization)
                for (client_id, obj, _), organization in zip(changes, organizations, strict=True)
            ]
        )
