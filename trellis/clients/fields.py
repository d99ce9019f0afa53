from typing import Any

from trellis.clients.models import Client
from trellis.core.api import ScopedRelatedField


class VisibleClientField(ScopedRelatedField):
    """An API reference to a client the requesting user may see."""

    def scope(self, user: Any) -> Any:
        return Client.objects.visible_to(user)
