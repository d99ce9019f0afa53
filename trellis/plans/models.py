"""Treatment plans: problems, goals in the client's words, measurable objectives, interventions, reviews."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from trellis.core.models import TimeStampedModel
from trellis.plans.choices import AsamDimension, Modality, PlanStatus, Progress
from trellis.plans.querysets import TreatmentPlanQuerySet

Interval = [MinValueValidator(1), MaxValueValidator(365)]


class PlanRules(TimeStampedModel):
    """A program's plan policy: how often plans are reviewed, who signs, and whether groups wait for a plan."""

    program = models.OneToOneField("programs.Program", on_delete=models.CASCADE, related_name="plan_rules")
    # Commonly 30 days; some states require 3 weeks (REFERENCE.md section 7): a setting, never a constant.
    review_interval_days = models.PositiveSmallIntegerField(default=30, validators=Interval)
    due_soon_days = models.PositiveSmallIntegerField(default=7, validators=Interval)
    # Days from admission by which the first plan must be signed. REFERENCE.md gives no figure (state rules
    # differ), so it is a program setting; 7 days is a conservative default for an intensive program.
    plan_due_days = models.PositiveSmallIntegerField(default=7, validators=Interval)
    supervisor_signature_required = models.BooleanField(default=False)
    require_signed_plan_for_groups = models.BooleanField(
        default=False, help_text="Clients join group sessions only once their treatment plan is signed."
    )

    class Meta:
        verbose_name_plural = "plan rules"

    def __str__(self) -> str:
        return f"plan rules of {self.program}"


class PlanReviewRule(TimeStampedModel):
    """A stricter review interval from a state rule or contract, for an organization or one of its programs.

    Payer-specific intervals come with billing (payers do not exist yet); they will add a payer column here.
    Of all rules that apply, the shortest interval wins.
    """

    organization = models.ForeignKey(
        "programs.Organization", on_delete=models.CASCADE, related_name="plan_review_rules"
    )
    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, null=True, blank=True, related_name="plan_review_rules"
    )
    interval_days = models.PositiveSmallIntegerField(validators=Interval)
    source = models.CharField(max_length=120, help_text="Where the rule comes from, e.g. a state regulation.")

    class Meta:
        ordering = ["interval_days"]
        constraints = [
            models.CheckConstraint(
                condition=Q(interval_days__gte=1) & Q(interval_days__lte=365), name="plan_review_rule_days"
            )
        ]

    def __str__(self) -> str:
        return f"review every {self.interval_days} days ({self.source})"


class TreatmentPlan(TimeStampedModel):
    """One version of a client's individualized treatment plan for an episode (FHIR CarePlan).

    A plan is written as a draft; once any signature is on it, its content is locked. When every required
    signature is present it becomes active and the version before it is superseded; history is kept.
    """

    episode = models.ForeignKey("episodes.Episode", on_delete=models.PROTECT, related_name="treatment_plans")
    version = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    effective_on = models.DateField(
        null=True, blank=True, help_text="The day the last signature made it active."
    )
    superseded_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(
        null=True, blank=True, help_text="The discharge date: the last day the plan was in force."
    )
    requires_supervisor_signature = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The client types their name on a tablet; a staff witness attests it (e-signature attestation).
    client_signed_name = models.CharField(max_length=160, blank=True)
    client_signed_at = models.DateTimeField(null=True, blank=True)
    client_witness = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Signed by the client alone in the client portal, after a one-time-code sign-in: no staff witness.
    client_signed_in_portal = models.BooleanField(default=False)
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    clinician_signed_at = models.DateTimeField(null=True, blank=True)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    supervisor_signed_at = models.DateTimeField(null=True, blank=True)
    # Raised by every change to the draft's content: a signature names the count its signer read, so
    # nobody signs a problem or goal added while they were reading.
    edits = models.PositiveIntegerField(default=0, editable=False)
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = TreatmentPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["episode", "version"], name="plan_version_unique"),
            models.UniqueConstraint(
                fields=["episode"], condition=Q(status="active"), name="one_active_plan_per_episode"
            ),
            models.UniqueConstraint(
                fields=["episode"], condition=Q(status="draft"), name="one_draft_plan_per_episode"
            ),
            models.CheckConstraint(
                # A draft still unsigned at discharge is closed with it, never having been in force.
                condition=Q(status__in=["draft", "discharged"]) | Q(effective_on__isnull=False),
                name="signed_plan_has_effective_date",
            ),
            models.CheckConstraint(
                condition=Q(client_signed_at__isnull=True)
                | (
                    (Q(client_witness__isnull=False) | Q(client_signed_in_portal=True))
                    & ~Q(client_signed_name="")
                ),
                name="client_signature_witnessed",
            ),
        ]

    def __str__(self) -> str:
        return f"treatment plan v{self.version} ({self.get_status_display()})"

    @property
    def is_locked(self) -> bool:
        """Signatures attest to the content they were given: after the first one, changes need a new version."""
        return self.status != PlanStatus.DRAFT or any(
            (self.client_signed_at, self.clinician_signed_at, self.supervisor_signed_at)
        )

    def missing_signatures(self) -> list[str]:
        missing = []
        if self.client_signed_at is None:
            missing.append("client")
        if self.clinician_signed_at is None:
            missing.append("clinician")
        if self.requires_supervisor_signature and self.supervisor_signed_at is None:
            missing.append("supervisor")
        return missing


class Problem(TimeStampedModel):
    """A problem the plan addresses, as assessed (optionally tied to an ASAM dimension)."""

    plan = models.ForeignKey(TreatmentPlan, on_delete=models.CASCADE, related_name="problems")
    position = models.PositiveSmallIntegerField()
    statement = models.TextField()
    asam_dimension = models.CharField(max_length=2, choices=AsamDimension.choices, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="problem_position_unique"),
            models.CheckConstraint(condition=~Q(statement=""), name="problem_has_statement"),
        ]

    def __str__(self) -> str:
        return f"problem {self.position}"


class Goal(TimeStampedModel):
    """What the client wants to reach, in the client's own words (individualized, not scripted)."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveSmallIntegerField()
    client_words = models.TextField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["problem", "position"], name="goal_position_unique"),
            models.CheckConstraint(condition=~Q(client_words=""), name="goal_in_client_words"),
        ]

    def __str__(self) -> str:
        return f"goal {self.position}"


class Objective(TimeStampedModel):
    """A measurable step toward a goal: what, how it is measured, and by when (FHIR Goal.target)."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="objectives")
    position = models.PositiveSmallIntegerField()
    text = models.TextField()
    measure = models.CharField(max_length=200, help_text="How we will know, e.g. 'PHQ-9 below 10'.")
    target_on = models.DateField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "position"], name="objective_position_unique"),
            models.CheckConstraint(condition=~Q(text="") & ~Q(measure=""), name="objective_is_measurable"),
        ]

    def __str__(self) -> str:
        return f"objective {self.position}"


class Intervention(TimeStampedModel):
    """What staff will do toward an objective: modality, how often, and who is responsible."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="interventions")
    position = models.PositiveSmallIntegerField()
    modality = models.CharField(max_length=24, choices=Modality.choices)
    frequency = models.CharField(max_length=60, help_text="e.g. 3x/week, weekly, daily")
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["objective", "position"], name="intervention_position_unique"),
            models.CheckConstraint(condition=~Q(frequency=""), name="intervention_has_frequency"),
        ]

    def __str__(self) -> str:
        return f"{self.get_modality_display()} {self.frequency}"


class PlanReview(TimeStampedModel):
    """A scheduled look at the plan with the client: progress on each objective, beside the latest scores."""

    plan = models.ForeignKey(TreatmentPlan, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField()
    reviewed_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["-reviewed_on", "-reviewed_at"]

    def __str__(self) -> str:
        return f"plan review on {self.reviewed_on:%Y-%m-%d}"


class ObjectiveProgress(TimeStampedModel):
    """Where one objective stood at a review."""

    review = models.ForeignKey(PlanReview, on_delete=models.CASCADE, related_name="progress")
    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="progress")
    status = models.CharField(max_length=14, choices=Progress.choices)
    note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "objective"], name="one_progress_per_objective_review")
        ]

    def __str__(self) -> str:
        return self.get_status_display()
