from typing import Any

from django.http import HttpRequest

from trellis.accounts.middleware import LIMIT_KEY, idle_seconds
from trellis.accounts.roles import Capability


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The capabilities the layout needs to decide which links to show."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"can": {}}
    return {
        "can": {capability.value: user.can(capability) for capability in Capability},
        # For drafts.js: warn before the organization's idle timeout ends the session.
        "idle_seconds": getattr(request, "session", {}).get(LIMIT_KEY) or idle_seconds(user),
    }
