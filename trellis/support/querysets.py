"""Who may read which contacts and meetings: a kind of contact is read by those who do that work and by the
clinical team, only for clients they may see; billers and administrators read none (HIPAA 164.502(b))."""

from typing import Any

from django.apps import apps
from django.db import models

from trellis.accounts.roles import Capability
from trellis.support.choices import CAPABILITY_FOR


def _visible_clients(user: Any) -> Any:
    # Clients sit below support on the spine; looked up by name, as notes' querysets do, to keep this light.
    return apps.get_model("clients", "Client").objects.visible_to(user)


def readable_kinds(user: Any) -> list[str]:
    if not getattr(user, "is_authenticated", False):
        return []
    clinical = user.can(Capability.VIEW_CLINICAL)
    return [kind for kind, capability in CAPABILITY_FOR.items() if clinical or user.can(capability)]


def reads_meetings(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.can(Capability.PEER_SUPPORT) or user.can(Capability.VIEW_CLINICAL))
    )


class SupportContactQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> "SupportContactQuerySet":
        kinds = readable_kinds(user)
        if not kinds:
            return self.none()
        return self.filter(kind__in=kinds, client__in=_visible_clients(user))

    def unsigned(self) -> "SupportContactQuerySet":
        return self.filter(signed_at__isnull=True)


class OutsideMeetingQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> "OutsideMeetingQuerySet":
        if not reads_meetings(user):
            return self.none()
        return self.filter(client__in=_visible_clients(user))
