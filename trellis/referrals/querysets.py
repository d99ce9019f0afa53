"""Who may see which directory entries and referrals: the organization, then the clients the user may see."""

from typing import Any

from django.db import models

from trellis.accounts.roles import Capability


class ResourceQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> "ResourceQuerySet":
        """The user's organization's directory, for anyone there who may see clients."""
        if not getattr(user, "is_authenticated", False) or not user.can(Capability.VIEW_CLIENTS):
            return self.none()
        return self.filter(organization_id=user.organization_id)

    def active(self) -> "ResourceQuerySet":
        return self.filter(active=True)


class ReferralQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> "ReferralQuerySet":
        from trellis.clients.models import Client

        return self.filter(client__in=Client.objects.visible_to(user))

    def open(self) -> "ReferralQuerySet":
        from trellis.referrals.models import OPEN_STATES

        return self.filter(state__in=OPEN_STATES)


class DischargeFollowUpQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> "DischargeFollowUpQuerySet":
        from trellis.clients.models import Client

        return self.filter(client__in=Client.objects.visible_to(user))

    def waiting(self) -> "DischargeFollowUpQuerySet":
        return self.filter(recorded_on__isnull=True)
