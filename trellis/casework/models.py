from django.conf import settings
from django.db import models
from django.db.models import Q

from trellis.casework.choices import NeedDomain, NeedStatus
from trellis.casework.querysets import ByEpisodeQuerySet, ScreeningQuerySet
from trellis.core.models import TimeStampedModel


class NeedsScreening(TimeStampedModel):
    """One health-related social needs screen of a client (AHC HRSN), with its answers and positive domains."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="needs_screenings")
    episode = models.ForeignKey("episodes.Episode", on_delete=models.PROTECT, related_name="needs_screenings")
    screener = models.CharField(max_length=20, default="ahc_hrsn")
    answers = models.JSONField()
    positive_domains = models.JSONField(default=list)
    safety_total = models.PositiveSmallIntegerField()
    screened_at = models.DateTimeField()
    screened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ScreeningQuerySet.as_manager()

    class Meta:
        ordering = ["-screened_at"]
        indexes = [models.Index(fields=["client", "-screened_at"], name="screening_client_latest")]

    def __str__(self) -> str:
        return f"social needs screen of {self.screened_at:%Y-%m-%d}"


class CaseAssignment(TimeStampedModel):
    """The case manager responsible for an episode's case plan."""

    episode = models.OneToOneField(
        "episodes.Episode", on_delete=models.PROTECT, related_name="case_assignment"
    )
    case_manager = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ByEpisodeQuerySet.as_manager()

    def __str__(self) -> str:
        return "case assignment"


class CaseNeed(TimeStampedModel):
    """A social need on an episode's case plan, from a screen or noted by the case manager."""

    episode = models.ForeignKey("episodes.Episode", on_delete=models.PROTECT, related_name="case_needs")
    domain = models.CharField(max_length=12, choices=NeedDomain.choices)
    description = models.TextField()
    status = models.CharField(max_length=10, choices=NeedStatus.choices, default=NeedStatus.OPEN)
    screening = models.ForeignKey(
        NeedsScreening, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ByEpisodeQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(description=""), name="case_need_has_description"),
            # One open need per domain: a second screen that finds housing again does not add a duplicate.
            models.UniqueConstraint(
                fields=["episode", "domain"],
                condition=Q(status="open") & ~Q(domain="other"),
                name="one_open_need_per_domain",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_domain_display()} need"


class CaseGoal(TimeStampedModel):
    """Something the client and case manager work toward, usually meeting one need."""

    episode = models.ForeignKey("episodes.Episode", on_delete=models.PROTECT, related_name="case_goals")
    need = models.ForeignKey(CaseNeed, on_delete=models.PROTECT, null=True, blank=True, related_name="goals")
    description = models.TextField()
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ByEpisodeQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [models.CheckConstraint(condition=~Q(description=""), name="case_goal_has_description")]

    def __str__(self) -> str:
        return "case goal"


class CaseTask(TimeStampedModel):
    """One step toward a goal, owned by a staff member, due on a day."""

    episode = models.ForeignKey("episodes.Episode", on_delete=models.PROTECT, related_name="case_tasks")
    goal = models.ForeignKey(CaseGoal, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks")
    description = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ByEpisodeQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "created_at"]
        constraints = [models.CheckConstraint(condition=~Q(description=""), name="case_task_has_description")]
        indexes = [
            models.Index(fields=["owner", "due_on"], name="case_task_owner_due", condition=Q(done_on=None))
        ]

    def __str__(self) -> str:
        return "case task"
