from typing import Any

from django.http import HttpRequest

from trellis.accounts.mfa import pending_step
from trellis.accounts.middleware import idle_seconds, seconds_left
from trellis.accounts.roles import Capability


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The capabilities the layout needs to decide which links to show."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"can": {}}
    session = getattr(request, "session", {})
    return {
        "can": {capability.value: user.can(capability) for capability in Capability},
        # For drafts.js: warn before the organization's idle timeout, or the absolute lifetime, ends the session.
        "idle_seconds": idle_seconds(user),
        "session_seconds_left": seconds_left(session, user=user),
        # Held at the second step of signing in: the layout offers only the way out.
        "second_step_pending": bool(pending_step(request)),
    }
