"""What the weekly solver reads besides groups and enrollments: when clients cannot come, what they
prefer, when facilitators work, and the placements staff pinned by hand.

Client availability is stored as *commitments* (busy windows: work, school, childcare), because that is
what a client tells the coordinator; the client is available every other minute of the week. A client
with no commitments can come any time the program runs.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from trellis.core.models import TimeStampedModel

WEEKDAY_VALIDATORS = [MinValueValidator(0), MaxValueValidator(6)]
WEEKDAY_LABELS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class DayPart(models.TextChoices):
    DAY = "day", "Day groups"
    EVENING = "evening", "Evening groups"


class Commitment(TimeStampedModel):
    """A weekly stretch when a client cannot attend groups, e.g. work Monday 09:00-17:00."""

    class Kind(models.TextChoices):
        WORK = "work", "Work"
        SCHOOL = "school", "School"
        CHILDCARE = "childcare", "Childcare"
        OTHER = "other", "Other"

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="commitments")
    weekday = models.PositiveSmallIntegerField(validators=WEEKDAY_VALIDATORS)
    starts_at = models.TimeField()
    ends_at = models.TimeField()
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.WORK)

    class Meta:
        ordering = ["weekday", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="commitment_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="commitment_weekday_in_week"),
        ]

    @property
    def weekday_label(self) -> str:
        return WEEKDAY_LABELS[self.weekday]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.weekday} {self.starts_at:%H:%M}-{self.ends_at:%H:%M}"


class SchedulingPreference(TimeStampedModel):
    """Whether a client would rather attend day or evening groups (a wish the solver weighs, not a rule)."""

    client = models.OneToOneField("clients.Client", on_delete=models.CASCADE, related_name="+")
    day_part = models.CharField(max_length=10, choices=DayPart.choices, blank=True)

    def __str__(self) -> str:
        return self.day_part or "no preference"


class FacilitatorHours(TimeStampedModel):
    """A weekly stretch a clinician can run groups; a clinician with none stated has no limit by hours."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="facilitator_hours"
    )
    weekday = models.PositiveSmallIntegerField(validators=WEEKDAY_VALIDATORS)
    starts_at = models.TimeField()
    ends_at = models.TimeField()

    class Meta:
        ordering = ["weekday", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="facilitator_hours_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.weekday} {self.starts_at:%H:%M}-{self.ends_at:%H:%M}"


class FacilitatorLimit(TimeStampedModel):
    """How many minutes of groups a clinician may run in one day (default eight hours)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    max_minutes_per_day = models.PositiveSmallIntegerField(
        default=480, validators=[MinValueValidator(15), MaxValueValidator(24 * 60)]
    )

    def __str__(self) -> str:
        return f"{self.max_minutes_per_day} min/day"


class ManualPlacement(TimeStampedModel):
    """A coordinator's pin: this client attends this group on this weekday, and every proposal keeps it."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="pinned_groups")
    group = models.ForeignKey("scheduling.RecurringGroup", on_delete=models.CASCADE, related_name="pins")
    weekday = models.PositiveSmallIntegerField(validators=WEEKDAY_VALIDATORS)
    pinned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["weekday"]
        constraints = [
            models.UniqueConstraint(fields=["client", "weekday"], name="one_pin_per_client_per_day"),
        ]

    @property
    def weekday_label(self) -> str:
        return WEEKDAY_LABELS[self.weekday]

    def __str__(self) -> str:
        return f"pinned to {self.group_id} on {self.weekday}"
