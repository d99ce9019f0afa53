import datetime as dt
from typing import Any

from django.db import models


def _visible_clients(user: Any) -> models.Q:
    """Rows of clients the user may see, and only for roles that see clinical records (not billing or admin)."""
    from trellis.accounts.roles import Capability
    from trellis.clients.querysets import visible_through

    if not getattr(user, "is_authenticated", False) or not user.can(Capability.VIEW_CLINICAL):
        return models.Q(pk__in=[])
    return visible_through(user)


class MedicationQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> "MedicationQuerySet":
        return self.filter(_visible_clients(user))

    def current_on(self, day: dt.date) -> "MedicationQuerySet":
        """Taken on `day` (stop date exclusive)."""
        return self.filter(started_on__lte=day).filter(
            models.Q(stopped_on__isnull=True) | models.Q(stopped_on__gt=day)
        )


class DrugScreenQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> "DrugScreenQuerySet":
        return self.filter(_visible_clients(user))


class ScreenFlagQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> "ScreenFlagQuerySet":
        return self.filter(_visible_clients(user))

    def open(self) -> "ScreenFlagQuerySet":
        return self.filter(status="open")
