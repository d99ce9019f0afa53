"""Row filters for billing: who may see which client's coverage, charges and claims."""

from typing import Any

from django.db import models

from trellis.accounts.roles import Capability
from trellis.clients.models import Client


class ClientOwnedQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> "ClientOwnedQuerySet":
        """Rows of clients the user may see, of the user's own organization, for a role that works on billing."""
        if not getattr(user, "is_authenticated", False) or not user.can(Capability.MANAGE_BILLING):
            return self.none()
        return self.filter(
            client__organization_id=user.organization_id, client__in=Client.objects.visible_to(user)
        )


class ChargeQuerySet(ClientOwnedQuerySet):
    def held(self) -> "ChargeQuerySet":
        return self.filter(status="held")

    def between(self, first: Any, last: Any) -> "ChargeQuerySet":
        return self.filter(service_date__gte=first, service_date__lte=last)


class AuthorizationQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any, *, client: Any = None) -> "AuthorizationQuerySet":
        """Authorizations of clients the user may see (of `client` only, when given: the gate is then narrowed
        to that client first, so SQLite does not list every client a director sees for one chart)."""
        if not getattr(user, "is_authenticated", False) or not user.can(Capability.MANAGE_BILLING):
            return self.none()
        clients = Client.objects.all() if client is None else Client.objects.filter(pk=client.pk)
        return self.filter(
            coverage__client__organization_id=user.organization_id,
            coverage__client__in=clients.visible_to(user),
        )
