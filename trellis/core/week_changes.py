"""Writes that change a client's weekly hours tell whoever keeps figures derived from them, in the same transaction.

Attendance, enrollment and the schedule sit early on the spine; outcomes (which keeps the weekly-hours rollup)
comes later and registers its listener from its AppConfig.ready(), so the early apps never import it. The call
is explicit in each service, not a model signal, so a write through the service cannot skip it.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

# Told which clients' weeks changed, from the week holding `first` to the one holding `last` (None: onward).
Listener = Callable[[list[Any], dt.date, dt.date | None], None]

_listeners: dict[str, Listener] = {}


def register(name: str, listener: Listener) -> None:
    """Registered by name, so a second ready() (tests, reloads) replaces rather than doubles a listener."""
    _listeners[name] = listener


def announce(*, client_ids: Iterable[Any], first: dt.date, last: dt.date | None) -> None:
    """Called inside the writing service's transaction, after the write."""
    ids = sorted(set(client_ids), key=str)
    if not ids:
        return
    for listener in _listeners.values():
        listener(ids, first, last)
