from typing import Any

from django.apps import apps
from django.db import models

from trellis.accounts.roles import Capability


def _visible_clients(user: Any, client: Any = None) -> Any:
    """The gate; narrowed first to one client when the caller reads one chart, because SQLite builds the whole
    list of a director's visible clients for an IN (...) before it looks at the outer query's client."""
    Client = apps.get_model("clients", "Client")
    clients = Client.objects.all() if client is None else Client.objects.filter(pk=_pk(client))
    return clients.visible_to(user)


def _pk(client: Any) -> Any:
    return getattr(client, "pk", client)


class TreatmentPlanQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any, *, client: Any = None) -> "TreatmentPlanQuerySet":
        """Plans of clients the user sees, and only for roles that may read clinical records (of `client` only,
        when given: the same gate, read for one client)."""
        if not getattr(user, "is_authenticated", False) or not user.can(Capability.VIEW_CLINICAL):
            return self.none()
        return self.filter(episode__client__in=_visible_clients(user, client))

    def current(self) -> "TreatmentPlanQuerySet":
        """The plan in force (active) or being written (draft), not the history nor a plan closed at discharge."""
        return self.exclude(status__in=["superseded", "discharged"])

    def active(self) -> "TreatmentPlanQuerySet":
        return self.filter(status="active")

    def unsigned(self) -> "TreatmentPlanQuerySet":
        return self.filter(status="draft")
