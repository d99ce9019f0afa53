from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from trellis.accounts.roles import Capability
from trellis.messaging.selectors import count_unread_for_staff


def inbox(request: HttpRequest) -> dict[str, Any]:
    """The staff nav's count of unread threads: the in-app notice of a client's message (staff get no text or
    e-mail). Counted only when a page's layout shows it."""
    user: Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.can(Capability.ANSWER_MESSAGES):
        return {}
    return {"inbox_unread": SimpleLazyObject(lambda: count_unread_for_staff(user=user))}
