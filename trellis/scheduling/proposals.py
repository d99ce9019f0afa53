"""What the solver proposed for a site's week, why some clients fall short, and which week is published.

A proposal becomes *the* schedule when it is published: at most one published proposal per site and week,
and its placements are where each client is expected that week. Publishing again supersedes the older one,
so the history of a week's schedule is kept.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

from trellis.core.models import TimeStampedModel


class ScheduleProposal(TimeStampedModel):
    """One solver run for a site's week: queued, then ready for review (or invalid), then maybe published."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Being solved"
        READY = "ready", "Ready for review"
        INVALID = "invalid", "Cannot be solved as set up"
        PUBLISHED = "published", "Published"
        SUPERSEDED = "superseded", "Replaced by a later schedule"
        DISCARDED = "discarded", "Not published"

    site = models.ForeignKey("programs.Site", on_delete=models.PROTECT, related_name="schedule_proposals")
    week_start = models.DateField(help_text="The Monday of the week scheduled.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    reason = models.CharField(max_length=120, default="Weekly schedule")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    errors = models.JSONField(default=list, blank=True, help_text="Why the week cannot be solved as set up.")
    solve_status = models.CharField(max_length=12, blank=True)
    solve_seconds = models.FloatField(null=True, blank=True)
    objective = models.BigIntegerField(null=True, blank=True)
    best_bound = models.BigIntegerField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "week_start"],
                condition=Q(status="published"),
                name="one_published_schedule_per_site_week",
            )
        ]
        indexes = [models.Index(fields=["site", "week_start", "status"])]

    def __str__(self) -> str:
        return f"{self.site} week of {self.week_start:%Y-%m-%d} ({self.status})"

    @property
    def is_reviewable(self) -> bool:
        return self.status == self.Status.READY


class ProposedPlacement(TimeStampedModel):
    """One client in one group meeting on one date, as proposed (and, once published, as scheduled)."""

    proposal = models.ForeignKey(ScheduleProposal, on_delete=models.CASCADE, related_name="placements")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey("scheduling.RecurringGroup", on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    is_manual = models.BooleanField(default=False, help_text="Pinned by staff; the solver kept it.")

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "client", "date"], name="one_placement_per_client_per_day"
            )
        ]
        indexes = [models.Index(fields=["client", "date"])]

    def __str__(self) -> str:
        return f"{self.group_id} on {self.date:%Y-%m-%d}"


class Shortfall(TimeStampedModel):
    """Why a client's proposed week misses their phase's minimum, in the solver's words, and what would fix it."""

    proposal = models.ForeignKey(ScheduleProposal, on_delete=models.CASCADE, related_name="shortfalls")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    fixes = models.JSONField(default=list)
    minutes_short = models.PositiveIntegerField(default=0)
    days_short = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-days_short", "-minutes_short"]

    def __str__(self) -> str:
        return f"{self.days_short} days, {self.minutes_short} min short"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeedToken(TimeStampedModel):
    """The secret in a calendar subscription link (no login); replacing it revokes every copy of the old link."""

    client = models.OneToOneField(
        "clients.Client", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    # Set when the client is discharged: the link answers 410 Gone from then on; a new link clears it.
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(client__isnull=True, user__isnull=False)
                | Q(client__isnull=False, user__isnull=True),
                name="feed_token_has_one_owner",
            )
        ]

    def __str__(self) -> str:
        return "client feed" if self.client_id else "staff feed"
