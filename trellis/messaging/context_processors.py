from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from trellis.accounts.roles import Capability
from trellis.core import kept_pages
from trellis.messaging.selectors import count_unread_for_staff

# A count lives at most this long, though the stamp in its key already ends it at the next change.
UNREAD_KEEP_SECONDS = 60 * 60


def inbox(request: HttpRequest) -> dict[str, Any]:
    """The staff nav's count of unread threads: the in-app notice of a client's message (staff get no text or
    e-mail). Counted only when a page's layout shows it."""
    user: Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.can(Capability.ANSWER_MESSAGES):
        return {}
    return {"inbox_unread": SimpleLazyObject(lambda: kept_unread_count(user))}


def kept_unread_count(user: Any) -> int:
    """The count, kept per reader under the activity stamps of the organization and the reader's sites: every page's layout shows it, and
    counting threads through the client gate cost a page as much as its own reads. Every change to a thread
    or to whom a reader may see is an audited write that renews the stamp in its transaction (a staff member
    opening a thread too: messaging.services.read_by_staff), so a kept count is never older than its key.
    The stamp is taken before the count is read, as kept_pages does, and shared with a kept page's."""
    key = f"inbox_unread:{kept_pages.reader_key(user)}:{kept_pages.activity_key(user)}"
    count: int | None = cache.get(key)
    if count is None:
        count = count_unread_for_staff(user=user)
        cache.set(key, count, UNREAD_KEEP_SECONDS)
    return count
