"""Recurring groups, the dated sessions generated from them, and the inputs and results of the weekly solver.

The solver's inputs (client commitments and preferences, facilitator hours, pins) live in ``inputs.py`` and
its results (proposals, placements, shortfalls) and calendar feed links in ``proposals.py``; both are
re-exported here so the app has one models module.
"""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from trellis.accounts.models import Credential
from trellis.core.models import TimeStampedModel
from trellis.scheduling.querysets import GroupSessionQuerySet, RecurringGroupQuerySet


class SessionMode(models.TextChoices):
    """Where clients meet: in the room, by video, or either (hybrid)."""

    IN_PERSON = "in_person", "In person"
    VIRTUAL = "virtual", "Virtual"
    HYBRID = "hybrid", "Hybrid"


class RecurringGroup(TimeStampedModel):
    """A group that meets every week on the same days and time, e.g. 'Evening process group, Mon/Wed/Thu 6 pm'."""

    class SessionKind(models.TextChoices):
        """What kind of group it is in the curriculum. Every kind is a group session: attendance, notes,
        weekly hours and billing (per diem, 90853 or H0005) are the same for all of them."""

        PROCESS = "process", "Process group"
        PSYCHOEDUCATION = "psychoeducation", "Psychoeducation"
        ART_THERAPY = "art_therapy", "Art therapy"
        MUSIC_THERAPY = "music_therapy", "Music therapy"
        ADVENTURE_THERAPY = "adventure_therapy", "Adventure therapy"
        LIFE_SKILLS = "life_skills", "Life skills"

    track = models.ForeignKey("programs.Track", on_delete=models.PROTECT, related_name="groups")
    name = models.CharField(max_length=120)
    weekdays = models.JSONField(help_text="Days it meets: 0 = Monday ... 6 = Sunday.")
    starts_at = models.TimeField()
    duration_minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(15), MaxValueValidator(600)]
    )
    room = models.ForeignKey("programs.Room", on_delete=models.PROTECT, related_name="groups")
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="facilitated_groups"
    )
    default_topic = models.ForeignKey(
        "programs.CurriculumTopic", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    active_from = models.DateField()
    active_until = models.DateField(null=True, blank=True)
    # Groups of about 10-12 are the clinical target (REFERENCE.md section 1); capacity is the hard maximum.
    capacity = models.PositiveSmallIntegerField(default=12, validators=[MinValueValidator(1)])
    target_size = models.PositiveSmallIntegerField(default=10, validators=[MinValueValidator(1)])
    required_credential = models.CharField(
        max_length=20,
        choices=Credential.LicenseType.choices,
        blank=True,
        help_text="The facilitator must hold this license (blank: any facilitator).",
    )
    # Kept apart from any session-kind field: a multi-family group is about who attends, not what is taught.
    family_group = models.BooleanField(
        "Multi-family group",
        default=False,
        help_text="Clients come with family members; each client present is billed 90849.",
    )
    session_kind = models.CharField(max_length=20, choices=SessionKind.choices, default=SessionKind.PROCESS)
    session_mode = models.CharField(max_length=10, choices=SessionMode.choices, default=SessionMode.IN_PERSON)

    objects = RecurringGroupQuerySet.as_manager()

    class Meta:
        ordering = ["track", "starts_at", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_until__isnull=True) | Q(active_until__gte=F("active_from")),
                name="group_active_span_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def meets_on(self, day: dt.date) -> bool:
        in_span = self.active_from <= day and (self.active_until is None or day <= self.active_until)
        return in_span and day.weekday() in self.weekdays

    @property
    def weekday_labels(self) -> str:
        return "/".join(
            ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[day] for day in sorted(self.weekdays)
        )


class GroupSession(TimeStampedModel):
    """One dated meeting of a group; its roster is the track's enrollment that day."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled by program"

    group = models.ForeignKey(RecurringGroup, on_delete=models.PROTECT, related_name="sessions")
    track = models.ForeignKey("programs.Track", on_delete=models.PROTECT, related_name="sessions")
    date = models.DateField()
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    room = models.ForeignKey("programs.Room", on_delete=models.PROTECT, related_name="sessions")
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="facilitated_sessions"
    )
    topic = models.ForeignKey(
        "programs.CurriculumTopic", on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    cancel_reason = models.CharField(max_length=200, blank=True)
    # Breaks are not therapy time: billing takes them out of G0410 units and per-diem hours (CMS: G0410 is
    # about 45-50 minutes of group psychotherapy).
    break_minutes = models.PositiveSmallIntegerField(default=0, help_text="Minutes of breaks in the session.")
    mode_override = models.CharField(
        max_length=10, choices=SessionMode.choices, blank=True, help_text="Blank: as the group meets."
    )
    # The video room's name: a random token given on first use, never a name or anything guessable.
    telehealth_room = models.CharField(max_length=64, blank=True)

    objects = GroupSessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["group", "date"], name="one_session_per_group_per_day"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"),
        ]
        indexes = [models.Index(fields=["track", "date"]), models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.group} {self.date:%Y-%m-%d}"

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def mode(self) -> str:
        return self.mode_override or self.group.session_mode

    @property
    def is_telehealth(self) -> bool:
        return self.mode in (SessionMode.VIRTUAL, SessionMode.HYBRID)


from trellis.scheduling.appointments import Appointment  # noqa: E402
from trellis.scheduling.inputs import (  # noqa: E402
    Commitment,
    FacilitatorHours,
    FacilitatorLimit,
    ManualPlacement,
    SchedulingPreference,
)
from trellis.scheduling.proposals import (  # noqa: E402
    CalendarFeedToken,
    ProposedPlacement,
    ScheduleProposal,
    Shortfall,
)

__all__ = [
    "Appointment",
    "CalendarFeedToken",
    "Commitment",
    "FacilitatorHours",
    "FacilitatorLimit",
    "GroupSession",
    "ManualPlacement",
    "ProposedPlacement",
    "RecurringGroup",
    "ScheduleProposal",
    "SchedulingPreference",
    "SessionMode",
    "Shortfall",
]
