"""Episodes of care: admission to discharge, the level of care over time, and enrollment in tracks."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from trellis.core.models import TimeStampedModel
from trellis.episodes.choices import DischargeReason, EnrollmentEndReason, LevelOfCare, WaitlistStatus
from trellis.episodes.querysets import EnrollmentQuerySet, EpisodeQuerySet


class Episode(TimeStampedModel):
    """One stay in a program, from admission to discharge (FHIR EpisodeOfCare)."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="episodes")
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="episodes")
    admitted_on = models.DateField()
    primary_clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    discharged_on = models.DateField(null=True, blank=True)
    discharge_reason = models.PositiveSmallIntegerField(
        choices=DischargeReason.choices, null=True, blank=True
    )
    discharge_summary = models.TextField(blank=True)

    objects = EpisodeQuerySet.as_manager()

    class Meta:
        ordering = ["-admitted_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "program"],
                condition=Q(discharged_on__isnull=True),
                name="one_open_episode_per_program",
            ),
            models.CheckConstraint(
                condition=Q(discharged_on__isnull=True) | Q(discharged_on__gte=F("admitted_on")),
                name="episode_discharge_after_admission",
            ),
            models.CheckConstraint(
                condition=Q(discharged_on__isnull=True, discharge_reason__isnull=True)
                | Q(discharged_on__isnull=False, discharge_reason__isnull=False),
                name="episode_discharge_has_reason",
            ),
        ]
        # The outcome dashboards count admissions, discharges and census over a date range; at 200 sites
        # (340,000 episodes) each such count was a sequential scan of 50-60 ms.
        indexes = [models.Index(fields=["admitted_on"]), models.Index(fields=["discharged_on"])]

    def __str__(self) -> str:
        return f"{self.program} from {self.admitted_on:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.discharged_on is None


class LevelOfCareChange(TimeStampedModel):
    """The level of care an episode is at from a date on, and why (admission, step-down, step-up)."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="level_changes")
    level = models.CharField(max_length=4, choices=LevelOfCare.choices)
    effective_on = models.DateField()
    reason = models.CharField(max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["effective_on", "created_at"]

    def __str__(self) -> str:
        return f"{self.get_level_display()} from {self.effective_on:%Y-%m-%d}"


class Enrollment(TimeStampedModel):
    """A client's place in a track at a phase, for a span of dates. A step-down ends one and starts another."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="enrollments")
    track = models.ForeignKey("programs.Track", on_delete=models.PROTECT, related_name="enrollments")
    phase = models.ForeignKey("programs.Phase", on_delete=models.PROTECT, related_name="enrollments")
    days_per_week = models.PositiveSmallIntegerField()
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="First day no longer enrolled.")
    end_reason = models.CharField(max_length=20, choices=EnrollmentEndReason.choices, blank=True)

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=F("starts_on")),
                name="enrollment_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["episode"], condition=Q(ends_on__isnull=True), name="one_open_enrollment_per_episode"
            ),
        ]
        indexes = [models.Index(fields=["track", "starts_on", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.track} from {self.starts_on:%Y-%m-%d}"


class WaitlistEntry(TimeStampedModel):
    """A client waiting for a place in a full track, first come first served."""

    track = models.ForeignKey("programs.Track", on_delete=models.CASCADE, related_name="waitlist")
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="waitlist_entries")
    phase = models.ForeignKey("programs.Phase", on_delete=models.PROTECT, related_name="+")
    requested_on = models.DateField()
    status = models.CharField(max_length=10, choices=WaitlistStatus.choices, default=WaitlistStatus.WAITING)

    class Meta:
        ordering = ["requested_on", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["track", "episode"], condition=Q(status="waiting"), name="one_waiting_entry_per_track"
            )
        ]

    def __str__(self) -> str:
        return f"waiting for {self.track} since {self.requested_on:%Y-%m-%d}"


class AftercarePlan(TimeStampedModel):
    """What the client goes on to after discharge: next level of care, referrals, peer support, alumni."""

    class PeerSupport(models.TextChoices):
        AA = "aa", "Alcoholics Anonymous (AA)"
        NA = "na", "Narcotics Anonymous (NA)"
        SMART = "smart", "SMART Recovery"
        OTHER = "other", "Other"

    episode = models.OneToOneField(Episode, on_delete=models.CASCADE, related_name="aftercare_plan")
    next_level_of_care = models.CharField(max_length=4, choices=LevelOfCare.choices, blank=True)
    # One referral a line: provider, contact, appointment date, as the clinician writes them.
    referrals = models.TextField(blank=True)
    peer_support = models.JSONField(default=list, blank=True, help_text="PeerSupport values.")
    peer_support_other = models.CharField(max_length=120, blank=True)
    alumni_group = models.BooleanField(default=False)
    alumni_group_name = models.CharField(max_length=120, blank=True)
    crisis_line = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(alumni_group=True) | Q(alumni_group_name=""),
                name="aftercare_alumni_name_if_joined",
            )
        ]

    def __str__(self) -> str:
        return f"aftercare after {self.episode}"

    def referral_lines(self) -> list[str]:
        return [line.strip() for line in self.referrals.splitlines() if line.strip()]

    def peer_support_labels(self) -> list[str]:
        labels = dict(self.PeerSupport.choices)
        named = [
            str(labels[code])
            for code in self.peer_support
            if code in labels and code != self.PeerSupport.OTHER
        ]
        if self.PeerSupport.OTHER in self.peer_support:
            named.append(self.peer_support_other or str(labels[self.PeerSupport.OTHER]))
        return named
