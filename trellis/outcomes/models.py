"""Rollups kept by a service, so a network dashboard counts rows in SQL instead of re-deriving every week."""

from django.db import models

from trellis.attendance.compliance import WeekStatus
from trellis.core.models import TimeStampedModel


class WeekRollup(TimeStampedModel):
    """That an organization's finished week has been rolled up (its client-weeks below are complete)."""

    organization = models.ForeignKey("programs.Organization", on_delete=models.CASCADE, related_name="+")
    monday = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "monday"], name="one_rollup_per_week")]

    def __str__(self) -> str:
        return f"rollup of the week of {self.monday:%Y-%m-%d}"


class ClientWeek(TimeStampedModel):
    """A client's finished week against the program's weekly-hours minimum, as the attendance rule judged it."""

    rollup = models.ForeignKey(WeekRollup, on_delete=models.CASCADE, related_name="client_weeks")
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")
    track = models.ForeignKey("programs.Track", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=12, choices=[(s.value, s.value) for s in WeekStatus])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["rollup", "client"], name="one_client_week_per_rollup")
        ]
        indexes = [models.Index(fields=["rollup", "track", "status"])]

    def __str__(self) -> str:
        return f"client week {self.status}"


class TrackWeek(models.Model):
    """Client-weeks met and due per track and week, for the clients of one site: the ClientWeek rows above
    counted once, so a network's dashboard adds up a few thousand of these instead of counting hundreds of
    thousands of client-weeks. Recounted from ClientWeek whenever those change (services.py), never edited."""

    rollup = models.ForeignKey(WeekRollup, on_delete=models.CASCADE, related_name="track_weeks")
    track = models.ForeignKey("programs.Track", on_delete=models.CASCADE, related_name="+")
    # The clients' site, which the dashboards scope by (a client's track is normally at their own site).
    site = models.ForeignKey("programs.Site", on_delete=models.CASCADE, related_name="+")
    met = models.PositiveIntegerField()
    due = models.PositiveIntegerField()  # met + below

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["rollup", "track", "site"], name="one_track_week_per_site")
        ]

    def __str__(self) -> str:
        return f"track week {self.met}/{self.due}"
