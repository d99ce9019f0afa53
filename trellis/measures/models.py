"""Measures given to clients, the safety tasks their urgent flags raise, and each program's measure schedule."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from trellis.core.models import TimeStampedModel
from trellis.measures.choices import Disposition, RiskLevel, SafetyTaskKind, SafetyTaskStatus, Source
from trellis.measures.instrument_data import Instrument, get_instrument
from trellis.measures.trends import band_tone


class MeasureResponse(TimeStampedModel):
    """One administration of a standardized instrument to a client, with the scores computed from it."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="measure_responses")
    episode = models.ForeignKey(
        "episodes.Episode", on_delete=models.PROTECT, null=True, blank=True, related_name="measure_responses"
    )
    instrument = models.CharField(max_length=12)  # a code from instruments/*.json, e.g. "phq9"
    answers = models.JSONField()  # one value per item, in item order; null where the form skipped the item
    sex = models.CharField(max_length=6, blank=True)  # only for instruments whose bands depend on it
    total = models.PositiveSmallIntegerField(null=True, blank=True)
    band = models.CharField(max_length=40, blank=True)
    subscales = models.JSONField(default=dict, blank=True)
    flags = models.JSONField(default=list, blank=True)  # [{"code", "message", "urgent"}] from scoring.py
    administered_at = models.DateTimeField()
    administered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=6, choices=Source.choices, default=Source.STAFF)

    class Meta:
        ordering = ["-administered_at"]
        indexes = [models.Index(fields=["client", "instrument", "administered_at"])]

    def __str__(self) -> str:
        return f"{self.definition.short_name} on {self.administered_at:%Y-%m-%d}"

    @property
    def definition(self) -> Instrument:
        return get_instrument(self.instrument)

    @property
    def is_urgent(self) -> bool:
        return any(flag.get("urgent") for flag in self.flags)

    @property
    def tone(self) -> str:
        return band_tone(self.definition, self.band)


class SafetyTask(TimeStampedModel):
    """A same-day safety assessment owed because a measure raised an urgent flag or a note rated risk high;
    closed only when documented."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="safety_tasks")
    # The measure that raised it; empty for a task a note raised (notes keep their own link to the task).
    response = models.ForeignKey(
        MeasureResponse, on_delete=models.PROTECT, null=True, blank=True, related_name="safety_tasks"
    )
    kind = models.CharField(max_length=20, choices=SafetyTaskKind.choices)
    reason = models.CharField(max_length=300)  # the flag's message from the instrument definition
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    status = models.CharField(max_length=6, choices=SafetyTaskStatus.choices, default=SafetyTaskStatus.OPEN)
    assessment = models.TextField(blank=True)
    risk_level = models.CharField(max_length=10, choices=RiskLevel.choices, blank=True)
    disposition = models.CharField(max_length=24, choices=Disposition.choices, blank=True)
    plan = models.TextField(blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["response", "kind"], name="one_safety_task_per_flag"),
            # A closed task always carries its documented assessment (the database holds the rule too).
            models.CheckConstraint(
                condition=Q(status=SafetyTaskStatus.OPEN, closed_at__isnull=True)
                | (
                    Q(status=SafetyTaskStatus.CLOSED, closed_at__isnull=False, closed_by__isnull=False)
                    & ~Q(assessment="")
                    & ~Q(risk_level="")
                    & ~Q(disposition="")
                    & ~Q(plan="")
                ),
                name="safety_task_closed_with_assessment",
            ),
        ]
        indexes = [models.Index(fields=["status", "client"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == SafetyTaskStatus.OPEN


class MeasureSchedule(TimeStampedModel):
    """How often a program gives an instrument to each client (e.g. PHQ-9 every 14 days, BAM every 7)."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="measure_schedules"
    )
    instrument = models.CharField(max_length=12)
    every_days = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(365)])

    class Meta:
        ordering = ["program", "instrument"]
        constraints = [
            models.UniqueConstraint(fields=["program", "instrument"], name="one_schedule_per_instrument"),
            models.CheckConstraint(
                condition=Q(every_days__gte=1) & Q(every_days__lte=365), name="schedule_interval_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.definition.short_name} every {self.every_days} days"

    @property
    def definition(self) -> Instrument:
        return get_instrument(self.instrument)


class OnCall(TimeStampedModel):
    """The clinician on call at a site: told at once, with the director, when an urgent safety task opens."""

    site = models.OneToOneField("programs.Site", on_delete=models.CASCADE, related_name="on_call")
    clinician = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"on call at {self.site}"


class SafetyNotice(TimeStampedModel):
    """An in-app notice to one person that an urgent safety task is waiting (the e-mail's record)."""

    class Reason(models.TextChoices):
        ON_CALL = "on_call", "On call at the client's site"
        DIRECTOR = "director", "Clinical director"

    task = models.ForeignKey(SafetyTask, on_delete=models.CASCADE, related_name="notices")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    emailed = models.BooleanField(default=False)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["task", "recipient"], name="one_safety_notice_per_person"),
        ]

    def __str__(self) -> str:
        return f"safety notice ({self.get_reason_display()})"
