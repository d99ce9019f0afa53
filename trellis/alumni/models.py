"""Alumni: clients after discharge. Their 30/60/90-day follow-ups, the events the program holds for them, and
their requests to talk about coming back."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from trellis.core.models import TimeStampedModel


class Milestone(models.IntegerChoices):
    DAY_30 = 30, "30 days"
    DAY_60 = 60, "60 days"
    DAY_90 = 90, "90 days"


class UsingSince(models.TextChoices):
    NO = "no", "No"
    YES = "yes", "Yes"
    RATHER_NOT_SAY = "rather_not_say", "I'd rather not say"


class FollowUp(TimeStampedModel):
    """One post-discharge follow-up of a stay in care (30, 60 or 90 days): reminded, then answered by the
    alumnus in the portal (a BAM and a short self-report)."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="alumni_follow_ups")
    episode = models.ForeignKey(
        "episodes.Episode", on_delete=models.CASCADE, related_name="alumni_follow_ups"
    )
    milestone = models.PositiveSmallIntegerField(choices=Milestone.choices)
    due_on = models.DateField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    response = models.OneToOneField(
        "measures.MeasureResponse", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    using_since = models.CharField(max_length=16, choices=UsingSince.choices, blank=True)
    in_support = models.BooleanField(null=True)
    working_or_school = models.BooleanField(null=True)
    housing_stable = models.BooleanField(null=True)
    note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["episode", "milestone"], name="one_follow_up_per_milestone"),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True) | Q(response__isnull=False),
                name="completed_follow_up_has_bam",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_milestone_display()} follow-up"


class AlumniEvent(TimeStampedModel):
    """A gathering a site holds for its alumni (a meeting, a picnic, an online evening)."""

    organization = models.ForeignKey("programs.Organization", on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey("programs.Site", on_delete=models.PROTECT, related_name="alumni_events")
    title = models.CharField(max_length=120)
    starts_at = models.DateTimeField()
    location = models.CharField("Where", max_length=200, blank=True)
    virtual_link = models.URLField("Online link", blank=True)
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(location="") | ~Q(virtual_link=""), name="alumni_event_says_where"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class EventReply(TimeStampedModel):
    """An alumnus saying "I'll come" to an event."""

    event = models.ForeignKey(AlumniEvent, on_delete=models.CASCADE, related_name="replies")
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "client"], name="one_reply_per_alumnus")]

    def __str__(self) -> str:
        return "Event reply"


class Reconnect(TimeStampedModel):
    """An alumnus's wish to talk about coming back, or a follow-up that called for a call back: passed to
    admissions as an inquiry in the intake pipeline."""

    class Reason(models.TextChoices):
        ASKED = "asked", "Asked to talk about coming back"
        FOLLOW_UP = "follow_up", "Follow-up answers call for a call back"

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="alumni_reconnects")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    inquiry = models.ForeignKey("intake.Inquiry", on_delete=models.PROTECT, related_name="+")
    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["client", "-requested_at"])]

    def __str__(self) -> str:
        return f"Reconnect {self.requested_at:%Y-%m-%d}"
