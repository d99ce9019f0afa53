"""Who came to each session, and for how long."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from trellis.attendance.querysets import AttendanceQuerySet
from trellis.core.models import TimeStampedModel
from trellis.core.versions import Versioned


class Telehealth(models.TextChoices):
    """How a client attended: billing needs it (POS 02/10 with modifier 95 for video, 93 for audio only)."""

    IN_PERSON = "", "In person"
    AUDIO_VIDEO = "audio_video", "Telehealth, audio and video"
    AUDIO_ONLY = "audio_only", "Telehealth, audio only"


class AttendanceRecord(TimeStampedModel, Versioned):
    """One client's attendance at one group session; minutes attended count toward weekly hours."""

    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        LATE = "late", "Late"
        LEFT_EARLY = "left_early", "Left early"
        EXCUSED = "excused", "Excused absence"
        UNEXCUSED = "unexcused", "Unexcused absence"
        CANCELLED = "cancelled", "Cancelled by program"

    session = models.ForeignKey(
        "scheduling.GroupSession", on_delete=models.PROTECT, related_name="attendance"
    )
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(max_length=12, choices=Status.choices)
    arrived_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    minutes_attended = models.PositiveSmallIntegerField(default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    telehealth = models.CharField(max_length=12, choices=Telehealth.choices, blank=True, default="")

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["session__starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "client"], name="one_attendance_per_client_per_session"
            ),
            models.CheckConstraint(
                condition=Q(arrived_at__isnull=True)
                | Q(left_at__isnull=True)
                | Q(left_at__gt=F("arrived_at")),
                name="attendance_leaves_after_arriving",
            ),
        ]
        indexes = [models.Index(fields=["client", "session"])]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.minutes_attended} min)"

    @property
    def counts_as_present(self) -> bool:
        return self.status in PRESENT_STATUSES

    @property
    def telehealth_billing(self) -> str:
        """What a biller adds for a virtual attendance: CMS POS 02 or 10 (client's home), and modifier 95 for
        audio-video or 93 for audio only (Medicare allows audio only for mental-health services)."""
        if not self.telehealth:
            return ""
        modifier = "93" if self.telehealth == Telehealth.AUDIO_ONLY else "95"
        return f"{self.get_telehealth_display()}: POS 02 or 10, modifier {modifier}"


PRESENT_STATUSES = frozenset(
    {AttendanceRecord.Status.PRESENT, AttendanceRecord.Status.LATE, AttendanceRecord.Status.LEFT_EARLY}
)


class AttendanceCorrection(TimeStampedModel):
    """A change to attendance after a note was signed or a charge released on it, and why it was made."""

    record = models.ForeignKey(AttendanceRecord, on_delete=models.PROTECT, related_name="corrections")
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=12, choices=AttendanceRecord.Status.choices)
    to_status = models.CharField(max_length=12, choices=AttendanceRecord.Status.choices)
    reason = models.TextField()
    # What it corrected, as said at the time ("its group note is signed; its charge is released").
    behind = models.CharField(max_length=300)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"correction {self.from_status} -> {self.to_status}"


class TelehealthVisit(TimeStampedModel):
    """A client's time in a session's video room, as the portal saw it: proposes minutes for the facilitator."""

    session = models.ForeignKey("scheduling.GroupSession", on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    joined_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)
    audio_only = models.BooleanField(default=False)

    class Meta:
        ordering = ["joined_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_at__isnull=True) | Q(left_at__gte=F("joined_at")),
                name="telehealth_visit_leaves_after_joining",
            ),
        ]
        indexes = [models.Index(fields=["session", "client"])]

    def __str__(self) -> str:
        return f"telehealth visit {self.joined_at:%Y-%m-%d %H:%M}"
