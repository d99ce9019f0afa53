"""Who is asking, from where, under which request id: set once per request, read by the audit trail."""

import uuid
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    ip_address: str | None
    path: str


_current: ContextVar[RequestContext | None] = ContextVar("trellis_request_context", default=None)


def set_current(context: RequestContext | None) -> None:
    _current.set(context)


def current() -> RequestContext:
    """The running request's context, or one for work outside a request (commands, tasks)."""
    return _current.get() or RequestContext(request_id=f"job-{uuid.uuid4()}", ip_address=None, path="")
