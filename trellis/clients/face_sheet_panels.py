"""Sections that later apps add to the face sheet (diagnoses from billing), so the clients app, low on the
spine, imports none of them (DESIGN.md: pages that gather apps take panels from a registry).

Apps register a panel in their AppConfig.ready(). A panel takes the client and the request and returns its
HTML ("" when the user may not see it), reads only, and runs a fixed number of queries; a panel's forms post
to its own app's views.
"""

from collections.abc import Callable
from typing import Any

from django.utils.safestring import SafeString, mark_safe

Panel = Callable[[Any, Any], str]
_panels: dict[str, Panel] = {}


def register(name: str, panel: Panel) -> None:
    """Called once per app at start-up; registering a name again replaces it (autoreload)."""
    _panels[name] = panel


def render(*, client: Any, request: Any) -> list[SafeString]:
    """Each registered panel's HTML, in registration order, empty ones left out."""
    parts = (panel(client, request) for panel in _panels.values())
    return [mark_safe(part) for part in parts if part]  # each panel renders an autoescaped template
