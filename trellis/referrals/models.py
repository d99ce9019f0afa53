"""The resource directory, closed-loop referrals with their history, and the follow-up after discharge."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from trellis.core.models import TimeStampedModel
from trellis.referrals import transitions
from trellis.referrals.choices import FollowUpOutcome, NeedDomain, ReferralState, ResourceKind
from trellis.referrals.querysets import DischargeFollowUpQuerySet, ReferralQuerySet, ResourceQuerySet

OPEN_STATES = sorted(str(state) for state in transitions.OPEN)


class Resource(TimeStampedModel):
    """A service outside the program that clients are referred to (housing, legal aid, the next provider)."""

    organization = models.ForeignKey("programs.Organization", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=160)
    kind = models.CharField(max_length=20, choices=ResourceKind.choices)
    contact_person = models.CharField(max_length=120, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    address = models.CharField(max_length=200, blank=True)
    payers_accepted = models.CharField("Payers and insurance accepted", max_length=300, blank=True)
    populations = models.CharField("Populations served", max_length=300, blank=True)
    notes = models.TextField(blank=True)
    active = models.BooleanField(default=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="resource_name_unique_in_org")
        ]

    def __str__(self) -> str:
        return self.name


class Referral(TimeStampedModel):
    """A client sent to a resource for a need, tracked until the loop closes (completed, declined, no answer)."""

    organization = models.ForeignKey("programs.Organization", on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="referrals")
    episode = models.ForeignKey(
        "episodes.Episode", on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="referrals")
    domain = models.CharField("Need", max_length=20, choices=NeedDomain.choices)
    reason = models.TextField()
    # InfoKind values sent beyond the client's identity; empty: the referral names the client and nothing more.
    records = models.JSONField(default=list, blank=True)
    follow_up_on = models.DateField("Follow up on", null=True, blank=True)
    state = models.CharField(max_length=20, choices=ReferralState.choices, default=ReferralState.DRAFTED)
    # The warm hand-off at discharge: open until the first appointment with the next provider is kept.
    aftercare = models.BooleanField(default=False)
    first_appointment_on = models.DateField(null=True, blank=True)
    first_appointment_kept = models.BooleanField(null=True, blank=True)
    disclosure = models.ForeignKey(
        "privacy.Disclosure", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state__in=OPEN_STATES) | Q(follow_up_on__isnull=False),
                name="referral_open_has_follow_up",
            ),
            models.CheckConstraint(
                condition=Q(state=transitions.State.DRAFTED) | Q(disclosure__isnull=False),
                name="referral_sent_through_gate",
            ),
        ]

    def __str__(self) -> str:
        return f"referral {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.state in transitions.OPEN

    def next_states(self) -> tuple[transitions.State, ...]:
        return transitions.next_states(self.state)


class ReferralEvent(TimeStampedModel):
    """One change of a referral's state: who, when, and what they noted."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    # 1, 2, ... in the order the changes were made: two may share a moment (a kept appointment completes).
    position = models.PositiveIntegerField()
    from_state = models.CharField(max_length=20, choices=ReferralState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=ReferralState.choices)
    occurred_at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["referral", "position"], name="referral_event_position_unique")
        ]

    def __str__(self) -> str:
        return f"{self.from_state or 'new'} -> {self.to_state}"


class DischargeFollowUp(TimeStampedModel):
    """The call 30 days after discharge: is the client in care with the next provider?"""

    organization = models.ForeignKey("programs.Organization", on_delete=models.PROTECT, related_name="+")
    episode = models.OneToOneField("episodes.Episode", on_delete=models.CASCADE, related_name="follow_up")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    recorded_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=FollowUpOutcome.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = DischargeFollowUpQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(recorded_on__isnull=True, outcome="")
                | Q(recorded_on__isnull=False) & ~Q(outcome=""),
                name="follow_up_recorded_with_outcome",
            )
        ]

    def __str__(self) -> str:
        return f"follow-up after {self.episode_id}"
