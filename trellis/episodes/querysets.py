import datetime as dt
from typing import Any

from django.db import models


class EpisodeQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any, *, client_id: Any = None) -> "EpisodeQuerySet":
        """Episodes of clients the user sees (of one client, when `client_id` is given: the gate is narrowed to
        that client first, so SQLite does not list every client a director sees to read one chart)."""
        from trellis.clients.models import Client

        clients = Client.objects.all() if client_id is None else Client.objects.filter(pk=client_id)
        return self.filter(client__in=clients.visible_to(user))

    def open(self) -> "EpisodeQuerySet":
        return self.filter(discharged_on__isnull=True)


class EnrollmentQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> "EnrollmentQuerySet":
        from trellis.clients.models import Client

        return self.filter(episode__client__in=Client.objects.visible_to(user))

    def on(self, day: dt.date) -> "EnrollmentQuerySet":
        """Enrollments in force on a day (end date exclusive)."""
        return self.filter(starts_on__lte=day).filter(
            models.Q(ends_on__isnull=True) | models.Q(ends_on__gt=day)
        )

    def overlapping(self, start: dt.date, end: dt.date | None) -> "EnrollmentQuerySet":
        """Enrollments sharing any day with [start, end); end None means open-ended."""
        overlapping = models.Q(ends_on__isnull=True) | models.Q(ends_on__gt=start)
        if end is not None:
            overlapping &= models.Q(starts_on__lt=end)
        return self.filter(overlapping)
