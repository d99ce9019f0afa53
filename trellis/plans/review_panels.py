"""Sections that later apps add to the plan review page (outside meetings from support), so plans, low on the
spine, imports none of them (DESIGN.md: pages that gather apps take panels from a registry).

A panel takes the plan and the request and returns its HTML ("" when the user may not see it), reads only, runs
a fixed number of queries, and is registered in its app's AppConfig.ready().
"""

from collections.abc import Callable
from typing import Any

from django.utils.safestring import SafeString, mark_safe

Panel = Callable[[Any, Any], str]
_panels: dict[str, Panel] = {}


def register(name: str, panel: Panel) -> None:
    """Called once per app at start-up; registering a name again replaces it (autoreload)."""
    _panels[name] = panel


def render(*, plan: Any, request: Any) -> list[SafeString]:
    parts = (panel(plan, request) for panel in _panels.values())
    return [mark_safe(part) for part in parts if part]  # each panel renders an autoescaped template
