from typing import Any

from django.db import models

from trellis.accounts.roles import Capability


class InquiryQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> "InquiryQuerySet":
        """Inquiries at the user's sites, for roles that work the intake pipeline.

        Callers' names, numbers and concerns are PHI-like before anyone is a client, so they are scoped
        like client data: by site, and only for admissions, clinicians and directors.
        """
        if not getattr(user, "is_authenticated", False) or not user.can(Capability.WORK_INQUIRIES):
            return self.none()
        return self.filter(site_id__in=user.site_ids())

    def open(self) -> "InquiryQuerySet":
        return self.filter(status__in=["new", "screened", "assessment_booked"])


class AssessmentQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> "AssessmentQuerySet":
        """Assessments of clients the user sees, for clinical roles only (not billers, not administrators)."""
        from trellis.clients.models import Client

        if not getattr(user, "is_authenticated", False) or not user.can(Capability.VIEW_ASSESSMENTS):
            return self.none()
        return self.filter(client__in=Client.objects.visible_to(user))
