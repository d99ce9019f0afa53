"""Who may read which audit events: one organization's trail, and for the administrator only its setup."""

from typing import Any

from django.db import models

from trellis.accounts.roles import Capability

# What an administrator changes when setting a program up; events about these name no client.
CONFIGURATION_TYPES = frozenset(
    {
        "programs.Organization",
        "programs.Site",
        "programs.Room",
        "programs.Program",
        "programs.Phase",
        "programs.Track",
        "programs.CurriculumTopic",
        "programs.Holiday",
        "accounts.User",
        "accounts.Credential",
        "scheduling.RecurringGroup",
        "scheduling.FacilitatorHours",
        "scheduling.FacilitatorLimit",
        "plans.PlanRules",
        "plans.PlanReviewRule",
        "notes.NotesSetting",
        "notes.CosignRequirement",
        "measures.MeasureSchedule",
        "billing.BillingProfile",
        "billing.Payer",
        "billing.Plan",
        "billing.FeeScheduleEntry",
    }
)
SIGN_IN_ACTIONS = ("login", "login_failed", "logout")


def reads_client_trail(user: Any) -> bool:
    """Directors read the whole trail of their organization; those who see no client (the administrator)
    read only who changed the setup and who signed in (HIPAA 164.502(b) minimum necessary)."""
    return bool(user.can(Capability.VIEW_CLINICAL))


class AuditEventQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> "AuditEventQuerySet":
        if not getattr(user, "is_authenticated", False) or not user.can(Capability.VIEW_AUDIT):
            return self.none()
        if user.organization_id is None:
            return self.none()
        own = self.filter(organization_id=user.organization_id)
        return own if reads_client_trail(user) else own.configuration()

    def configuration(self) -> "AuditEventQuerySet":
        """Events about setup and sign-in only: never one that names a client."""
        return self.filter(client__isnull=True).filter(
            models.Q(object_type__in=CONFIGURATION_TYPES) | models.Q(action__in=SIGN_IN_ACTIONS)
        )
