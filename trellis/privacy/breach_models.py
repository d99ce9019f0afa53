"""The breach register: incidents that may have compromised clients' records (HIPAA 164.400-414, which
42 CFR 2.16 applies to Part 2 records), their four-factor risk assessment and the notices sent."""

from django.conf import settings
from django.db import models

from trellis.core.models import TimeStampedModel
from trellis.privacy import breach_deadlines


class BreachConclusion(models.TextChoices):
    UNDECIDED = "undecided", "Not assessed yet"
    BREACH = "breach", "A breach: notify"
    LOW_PROBABILITY = "low_probability", "Low probability of compromise: not a breach"


class BreachIncident(TimeStampedModel):
    """An incident in the breach register: what happened, whom it touched, the assessment and the notices."""

    organization = models.ForeignKey("programs.Organization", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=160)
    description = models.TextField(help_text="What happened, as the letters will tell it.")
    discovered_on = models.DateField()
    occurred_on = models.DateField(null=True, blank=True)
    occurred_through = models.DateField(null=True, blank=True)
    affected_clients = models.ManyToManyField("clients.Client", blank=True, related_name="+")
    # People affected, clients of Trellis or not (former clients kept on paper count too).
    number_affected = models.PositiveIntegerField(default=0)
    residents_by_state = models.JSONField(default=dict, blank=True)  # {"NY": 320, "NJ": 12}
    over_500_in_a_state = models.BooleanField(default=False)
    information = models.JSONField(default=list, blank=True)  # InfoKind values involved
    # 164.402(2): the four factors of the risk assessment.
    nature_and_extent = models.TextField(blank=True)
    unauthorized_recipient = models.TextField(blank=True)
    acquired_or_viewed = models.TextField(blank=True)
    mitigation = models.TextField(blank=True)
    conclusion = models.CharField(
        max_length=20, choices=BreachConclusion.choices, default=BreachConclusion.UNDECIDED
    )
    # 164.404(c)(1)(C)-(E): what the letters say the client can do, what the program does, and whom to ask.
    steps_for_individuals = models.TextField(blank=True)
    program_actions = models.TextField(blank=True)
    contact = models.TextField(blank=True, help_text="Toll-free number, e-mail, website or postal address.")
    individuals_notified_on = models.DateField(null=True, blank=True)
    hhs_notified_on = models.DateField(null=True, blank=True)
    media_notified_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-discovered_on", "-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_breach(self) -> bool:
        return self.conclusion == BreachConclusion.BREACH

    @property
    def deadlines(self) -> breach_deadlines.Deadlines:
        return breach_deadlines.deadlines(
            discovered_on=self.discovered_on,
            affected=self.number_affected,
            residents_by_state=self.residents_by_state,
            over_500_in_a_state=self.over_500_in_a_state,
        )
