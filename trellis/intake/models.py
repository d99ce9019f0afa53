"""Intake: inquiries from callers and referrers, and the ASAM assessment with its level-of-care decision."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q

from trellis.core.models import TimeStampedModel
from trellis.episodes.choices import LevelOfCare
from trellis.intake import levels
from trellis.intake.choices import (
    Edition,
    FailedLevel,
    InquiryEventKind,
    InquiryStatus,
    Readiness,
    ReferralSource,
    Severity,
    Urgency,
)
from trellis.intake.querysets import AssessmentQuerySet, InquiryQuerySet


class Inquiry(TimeStampedModel):
    """A call or referral about someone who may need treatment, worked until admitted, referred or lost."""

    site = models.ForeignKey("programs.Site", on_delete=models.PROTECT, related_name="inquiries")
    caller_name = models.CharField(max_length=120)
    caller_relation = models.CharField(max_length=60, blank=True, help_text="e.g. self, mother, PO")
    phone = models.CharField(max_length=30, blank=True)
    prospect_first_name = models.CharField(max_length=80, blank=True)
    prospect_last_name = models.CharField(max_length=80, blank=True)
    referral_source = models.CharField(max_length=12, choices=ReferralSource.choices)
    referrer_name = models.CharField(max_length=120, blank=True)
    presenting_concern = models.TextField()
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    payer_name = models.CharField(max_length=120, blank=True)
    member_id = models.CharField(max_length=60, blank=True)
    status = models.CharField(max_length=20, choices=InquiryStatus.choices, default=InquiryStatus.NEW)
    next_action = models.CharField(max_length=200, blank=True)
    next_action_due = models.DateTimeField(null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_crisis = models.BooleanField(default=False)
    crisis_terms = models.JSONField(default=list, blank=True)
    assessment_at = models.DateTimeField(null=True, blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, null=True, blank=True, related_name="inquiries"
    )
    referred_to = models.CharField(max_length=200, blank=True)
    lost_reason = models.CharField(max_length=200, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = InquiryQuerySet.as_manager()

    class Meta:
        ordering = ["-is_crisis", "next_action_due", "created_at"]
        indexes = [
            models.Index(fields=["site", "status", "next_action_due"]),
            models.Index(fields=["site", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="admitted") | Q(client__isnull=False), name="admitted_inquiry_has_client"
            ),
            models.CheckConstraint(
                condition=~Q(status="referred_elsewhere") | ~Q(referred_to=""),
                name="referral_says_where",
            ),
            models.CheckConstraint(
                condition=~Q(status="lost") | ~Q(lost_reason=""), name="lost_inquiry_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"Inquiry {self.created_at:%Y-%m-%d}"

    @property
    def prospect_name(self) -> str:
        name = f"{self.prospect_first_name} {self.prospect_last_name}".strip()
        return name or self.caller_name

    @property
    def is_open(self) -> bool:
        return self.status in {InquiryStatus.NEW, InquiryStatus.SCREENED, InquiryStatus.ASSESSMENT_BOOKED}


class InquiryEvent(TimeStampedModel):
    """One step in an inquiry's history: taken, flagged, moved to a status, given a next action."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=InquiryEventKind.choices)
    from_status = models.CharField(max_length=20, choices=InquiryStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=InquiryStatus.choices, blank=True)
    note = models.CharField(max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    occurred_at = models.DateTimeField()

    class Meta:
        ordering = ["occurred_at", "created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d %H:%M}"


class Assessment(TimeStampedModel):
    """An ASAM multidimensional assessment, the rules' recommendation, and the clinician's decision on it."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="assessments")
    inquiry = models.ForeignKey(
        Inquiry, on_delete=models.SET_NULL, null=True, blank=True, related_name="assessments"
    )
    # The open episode at the time of assessment: set for reassessments, empty for a first assessment.
    episode = models.ForeignKey(
        "episodes.Episode", on_delete=models.PROTECT, null=True, blank=True, related_name="assessments"
    )
    edition = models.CharField(max_length=1, choices=Edition.choices, default=Edition.THIRD)
    assessed_on = models.DateField()
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    needs_withdrawal_management = models.BooleanField(default=False)
    needs_24_hour_care = models.BooleanField("Needs 24-hour supervision or medical care", default=False)
    unsafe_home = models.BooleanField("Home unsafe or full of triggers", default=False)
    failed_level = models.CharField(
        "Lower level already tried without enough progress",
        max_length=4,
        choices=FailedLevel.choices,
        blank=True,
    )
    severity = models.CharField(
        "Use disorder severity", max_length=10, choices=Severity.choices, default=Severity.MODERATE
    )
    severe_co_occurring = models.BooleanField("Severe co-occurring psychiatric illness", default=False)
    readiness = models.CharField(max_length=12, choices=Readiness.choices, default=Readiness.READY)
    recommended_level = models.CharField(max_length=4, choices=LevelOfCare.choices)
    is_emergency = models.BooleanField(default=False)
    after_withdrawal_level = models.CharField(max_length=4, choices=LevelOfCare.choices, blank=True)
    # [{"code", "floor", "reason", "emergency"}] as the rules returned them, so the record shows what
    # the clinician saw even if the rules change later.
    fired_rules = models.JSONField(default=list)
    decided_level = models.CharField(max_length=4, choices=LevelOfCare.choices, blank=True)
    # The episode's level just before this decision, so a reassessment knows if it stepped down or up.
    previous_level = models.CharField(max_length=4, choices=LevelOfCare.choices, blank=True)
    override_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    level_change = models.ForeignKey(
        "episodes.LevelOfCareChange", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-assessed_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_level="")
                | Q(decided_level=F("recommended_level"))
                | ~Q(override_reason=""),
                name="assessment_override_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"ASAM assessment {self.assessed_on:%Y-%m-%d}"

    @property
    def is_decided(self) -> bool:
        return bool(self.decided_level)

    @property
    def is_override(self) -> bool:
        return self.is_decided and self.decided_level != self.recommended_level

    @property
    def is_below_floor(self) -> bool:
        """Decided on a less intensive level than the rules call for (allowed only with a written reason)."""
        return self.is_decided and levels.is_below(self.decided_level, self.recommended_level)

    @property
    def is_refer_out(self) -> bool:
        """Level 4 is medically managed inpatient care: the client must be referred out today."""
        return self.recommended_level == levels.Level.INPATIENT

    # The edition decides a level's name (2.5 is partial hospitalization in the 3rd, high-intensity
    # outpatient in the 4th), so pages show these rather than the fields' generic choice labels.
    @property
    def recommended_level_name(self) -> str:
        return levels.level_name(self.recommended_level, self.edition)

    @property
    def decided_level_name(self) -> str:
        return levels.level_name(self.decided_level, self.edition)

    @property
    def after_withdrawal_level_name(self) -> str:
        return levels.level_name(self.after_withdrawal_level, self.edition)


class DimensionRating(TimeStampedModel):
    """The clinician's 0-4 risk rating of one ASAM dimension, with the narrative that supports it."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    code = models.CharField(max_length=2)
    rating = models.PositiveSmallIntegerField(validators=[MaxValueValidator(4)])
    narrative = models.TextField()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "code"], name="one_rating_per_dimension"),
            models.CheckConstraint(condition=Q(rating__lte=4), name="dimension_rating_0_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.code} = {self.rating}"
