"""Who may read casework: case-management roles, for the clients they already see (their sites)."""

from typing import Any

from django.db import models

from trellis.accounts.roles import Capability
from trellis.clients.models import Client


def may_do_casework(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.can(Capability.CASE_MANAGEMENT))


class ByClientQuerySet(models.QuerySet[Any]):
    client_path = "client"

    def visible_to(self, user: Any) -> Any:
        if not may_do_casework(user):
            return self.none()
        return self.filter(**{f"{self.client_path}__in": Client.objects.visible_to(user)})


class ScreeningQuerySet(ByClientQuerySet):
    client_path = "client"


class ByEpisodeQuerySet(ByClientQuerySet):
    client_path = "episode__client"
