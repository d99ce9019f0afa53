"""The client timeline: every app contributes its own events, so no app reads another's tables for it.

Apps register a provider in their AppConfig.ready(). A provider takes the client and the viewing user,
returns that app's events for the client (nothing the user may not see), and runs a fixed number of queries.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TimelineEvent:
    """One dated thing in a client's episode of care, as a line on the timeline."""

    at: dt.datetime
    kind: str  # what sort of event, shown as its label: "Admission", "Measure", "Note", ...
    title: str
    detail: str = ""
    url: str = ""
    tone: str = ""  # "", "ok", "warn", "bad" or "info": how the label is coloured


Provider = Callable[[Any, Any], list[TimelineEvent]]
_providers: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    """Called once per app at start-up; registering a name again replaces it (autoreload)."""
    _providers[name] = provider


def collect(*, client: Any, user: Any) -> list[TimelineEvent]:
    """All registered events for the client, newest first."""
    events = [event for provider in _providers.values() for event in provider(client, user)]
    return sorted(events, key=lambda event: event.at, reverse=True)


def at_start_of(day: dt.date, zone: Any) -> dt.datetime:
    """Date-only events sort as if they happened at the start of their day, in the site's zone."""
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=zone)
