import datetime as dt
from typing import Any

from django.db import models


class RecurringGroupQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> "RecurringGroupQuerySet":
        """Groups of the tracks at the user's sites in the user's programs (groups name no client)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(track__site_id__in=user.site_ids(), track__program_id__in=user.program_ids())


class GroupSessionQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> "GroupSessionQuerySet":
        """Sessions at the user's sites in the user's programs (sessions name no client; rosters do)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(track__site_id__in=user.site_ids(), track__program_id__in=user.program_ids())

    def on(self, day: dt.date) -> "GroupSessionQuerySet":
        return self.filter(date=day)

    def between(self, first: dt.date, last: dt.date) -> "GroupSessionQuerySet":
        return self.filter(date__gte=first, date__lte=last)

    def held(self) -> "GroupSessionQuerySet":
        return self.exclude(status="cancelled")
