"""Where an appointment's record lives (its note), filled in by the apps that keep those records.

Notes sit above scheduling on the spine (DESIGN.md), so scheduling cannot look an individual note up itself;
the notes app registers a finder at start-up, as apps fill the timeline. A finder answers (label, url) for
an appointment it knows about, or None.
"""

from collections.abc import Callable
from typing import Any

Finder = Callable[[Any], tuple[str, str] | None]
_finders: dict[str, Finder] = {}


def register(name: str, finder: Finder) -> None:
    _finders[name] = finder


def links_for(appointment: Any) -> list[tuple[str, str]]:
    found = (finder(appointment) for finder in _finders.values())
    return [link for link in found if link is not None]
