import datetime as dt
from typing import Any

from django.db import models


class AttendanceQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> "AttendanceQuerySet":
        from trellis.clients.models import Client

        return self.filter(client__in=Client.objects.visible_to(user))

    def between(self, first: dt.date, last: dt.date) -> "AttendanceQuerySet":
        return self.filter(session__date__gte=first, session__date__lte=last)
