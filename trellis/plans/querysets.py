from typing import Any

from django.apps import apps
from django.db import models

from trellis.accounts.roles import Capability


def _visible_clients(user: Any) -> Any:
    Client = apps.get_model("clients", "Client")
    return Client.objects.visible_to(user)


class TreatmentPlanQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> "TreatmentPlanQuerySet":
        """Plans of clients the user sees, and only for roles that may read clinical records."""
        if not getattr(user, "is_authenticated", False) or not user.can(Capability.VIEW_CLINICAL):
            return self.none()
        return self.filter(episode__client__in=_visible_clients(user))

    def current(self) -> "TreatmentPlanQuerySet":
        """The plan in force (active) or being written (draft), not the history nor a plan closed at discharge."""
        return self.exclude(status__in=["superseded", "discharged"])

    def active(self) -> "TreatmentPlanQuerySet":
        return self.filter(status="active")

    def unsigned(self) -> "TreatmentPlanQuerySet":
        return self.filter(status="draft")
