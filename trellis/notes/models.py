"""Clinical notes: group notes written once with an entry per participant, individual notes, addenda.

Signing locks a note; later changes are addenda (REFERENCE.md section 7). SUD counseling notes kept apart
from the record ("psychotherapy notes") need their own Part 2 consent (42 CFR 2.31(b)); Trellis does not keep
such separate notes yet, so every note here is part of the treatment record and follows its consents.
"""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from trellis.core import clock
from trellis.core.models import TimeStampedModel
from trellis.core.versions import Versioned
from trellis.notes.choices import NoteFormat, NoteService, OrderAction, Participation, RiskLevel
from trellis.notes.querysets import (
    AddendumQuerySet,
    GroupNoteQuerySet,
    IndividualNoteQuerySet,
    ParticipantEntryQuerySet,
)

DEFAULT_DUE_HOURS = 24
DEFAULT_LATE_ENTRY_HOURS = 24


class NotesSetting(TimeStampedModel):
    """An organization's documentation deadlines: when a note is due, and when signing it is a late entry."""

    organization = models.OneToOneField(
        "programs.Organization", on_delete=models.CASCADE, related_name="notes_setting"
    )
    # Payers and state rules commonly expect notes within 24-72 hours of the service; the program decides.
    note_due_hours = models.PositiveSmallIntegerField(
        default=DEFAULT_DUE_HOURS, validators=[MinValueValidator(1), MaxValueValidator(720)]
    )
    late_entry_hours = models.PositiveSmallIntegerField(
        default=DEFAULT_LATE_ENTRY_HOURS, validators=[MinValueValidator(1), MaxValueValidator(720)]
    )

    def __str__(self) -> str:
        return f"notes due {self.note_due_hours} h, late after {self.late_entry_hours} h"


class CosignRequirement(TimeStampedModel):
    """A staff member whose signed notes need a supervisor's co-signature (e.g. an associate or intern)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cosign_rule"
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervisees"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(user=models.F("supervisor")), name="cosign_not_by_self")
        ]

    def __str__(self) -> str:
        return f"{self.user} co-signed by {self.supervisor}"


class CosignRule(TimeStampedModel):
    """Which staff need a supervisor's co-signature on which kinds of note, set by the clinical director.

    A rule names a role, a license type (or "holds no license"), or both; a note kind matches when it is in
    `kinds` ("group" or an individual-note format). Who co-signs: the staff member's named supervisor (a
    CosignRequirement), or any user who supervises notes at the note's site.
    """

    NO_LICENSE = "none"

    class Signer(models.TextChoices):
        NAMED = "named", "Their named supervisor (any supervisor at the site if none is named)"
        ANY = "any", "Any supervisor at the note's site"

    organization = models.ForeignKey(
        "programs.Organization", on_delete=models.CASCADE, related_name="cosign_rules"
    )
    role = models.CharField(max_length=20, blank=True)
    license_type = models.CharField(max_length=20, blank=True)
    kinds = models.JSONField(default=list)
    signer = models.CharField(max_length=10, choices=Signer.choices, default=Signer.NAMED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="") | ~Q(license_type=""), name="cosign_rule_names_role_or_license"
            )
        ]

    def __str__(self) -> str:
        return f"co-signature rule {self.role or '-'} / {self.license_type or '-'}"


class CosignOpening(TimeStampedModel):
    """A supervisor opened a waiting note to review it: only opened notes may be co-signed in bulk."""

    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    group_note = models.ForeignKey(
        "notes.GroupNote", on_delete=models.CASCADE, null=True, blank=True, related_name="openings"
    )
    individual_note = models.ForeignKey(
        "notes.IndividualNote", on_delete=models.CASCADE, null=True, blank=True, related_name="openings"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(group_note__isnull=False, individual_note__isnull=True)
                | Q(group_note__isnull=True, individual_note__isnull=False),
                name="cosign_opening_of_exactly_one_note",
            ),
            models.UniqueConstraint(fields=["supervisor", "group_note"], name="cosign_opening_group_once"),
            models.UniqueConstraint(
                fields=["supervisor", "individual_note"], name="cosign_opening_individual_once"
            ),
        ]

    def __str__(self) -> str:
        return f"opened for co-signature at {self.created_at:%Y-%m-%d %H:%M}"


class SignedNote(TimeStampedModel):
    """What every note has: who wrote it, when it was signed (and so locked), and its co-signature."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(null=True, blank=True)
    late_entry = models.BooleanField(default=False)
    cosign_supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A rule may let any supervisor at the note's site co-sign (no one named): then this flag says it waits.
    cosign_any_supervisor = models.BooleanField(default=False)
    cosigned_at = models.DateTimeField(null=True, blank=True)
    cosigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def needs_cosignature(self) -> bool:
        return self.cosign_supervisor_id is not None or self.cosign_any_supervisor

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    @property
    def awaiting_cosignature(self) -> bool:
        return self.is_signed and self.needs_cosignature and self.cosigned_at is None

    @property
    def status_label(self) -> str:
        if not self.is_signed:
            return "Draft"
        if self.awaiting_cosignature:
            return "Awaiting co-signature"
        return "Co-signed" if self.cosigned_at else "Signed"


class GroupNote(SignedNote, Versioned):
    """The note for one group session: a shared part written once, and an entry for each client present."""

    session = models.OneToOneField(
        "scheduling.GroupSession", on_delete=models.PROTECT, related_name="group_note"
    )
    topic = models.CharField(max_length=200, blank=True)
    content = models.TextField(blank=True, help_text="What the group did; name no client here.")

    objects = GroupNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-session__starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cosigned_at__isnull=True) | Q(signed_at__isnull=False),
                name="group_note_cosigned_after_signing",
            )
        ]

    def __str__(self) -> str:
        return f"group note {self.session}"


class ParticipantEntry(TimeStampedModel, Versioned):
    """One client's part of a group note: how they took part, how they responded, and any risk."""

    note = models.ForeignKey(GroupNote, on_delete=models.CASCADE, related_name="entries")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="group_note_entries")
    attendance = models.ForeignKey(
        "attendance.AttendanceRecord", on_delete=models.PROTECT, related_name="note_entries"
    )
    participation = models.CharField(max_length=12, choices=Participation.choices, blank=True)
    response = models.TextField("Response and progress", blank=True)
    # The plan objective worked on, and its words as written at the time: a signed entry keeps its text even
    # if the plan is later revised. Free text alone where the client has no active plan yet.
    objective = models.ForeignKey(
        "plans.Objective", on_delete=models.SET_NULL, null=True, blank=True, related_name="group_note_entries"
    )
    objective_addressed = models.CharField(max_length=300, blank=True)
    risk_level = models.CharField(max_length=10, choices=RiskLevel.choices, blank=True)
    risk_note = models.TextField(blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)

    objects = ParticipantEntryQuerySet.as_manager()

    class Meta:
        ordering = ["client__legal_last_name", "client__legal_first_name"]
        constraints = [
            models.UniqueConstraint(fields=["note", "client"], name="one_entry_per_client_per_group_note")
        ]

    def __str__(self) -> str:
        return f"entry in {self.note}"

    def missing_parts(self) -> list[str]:
        """What still has to be written before the note can be signed, in the clinician's words."""
        missing = [
            label
            for label, value in (
                ("participation", self.participation),
                ("response", self.response.strip()),
                ("objective addressed", self.objective_addressed.strip()),
                ("risk", self.risk_level),
            )
            if not value
        ]
        if self.risk_level not in ("", RiskLevel.NONE) and not self.risk_note.strip():
            missing.append("a description of the risk")
        return missing


class EntrySafetyTask(TimeStampedModel):
    """The urgent safety task that a high-risk rating in a group-note entry opened: one per entry."""

    entry = models.OneToOneField(ParticipantEntry, on_delete=models.CASCADE, related_name="safety_link")
    task = models.OneToOneField("measures.SafetyTask", on_delete=models.PROTECT, related_name="note_link")

    def __str__(self) -> str:
        return f"safety task of {self.entry}"


class IndividualNote(SignedNote, Versioned):
    """A note of one individual session with a client, in DAP, BIRP or SOAP format."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="individual_notes")
    episode = models.ForeignKey("episodes.Episode", on_delete=models.PROTECT, related_name="individual_notes")
    service_date = models.DateField()
    duration_minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    format = models.CharField(max_length=4, choices=NoteFormat.choices)
    sections = models.JSONField(default=dict, help_text="Section texts keyed by the format's section names.")
    # The same rating as a group-note entry; high opens the urgent safety task (notes/risk.py). Blank on notes
    # written before the rating existed, and on drafts not yet rated.
    risk_level = models.CharField(max_length=10, choices=RiskLevel.choices, blank=True)
    risk_note = models.TextField(blank=True)
    # Family and psychiatric services are individual notes too: signing, co-signing and capture stay one path.
    service = models.CharField(max_length=28, choices=NoteService.choices, default=NoteService.INDIVIDUAL)
    # An E/M visit's level chosen by the prescriber (for example by medical decision making); blank: by time.
    em_code = models.CharField("E/M level", max_length=5, blank=True)

    objects = IndividualNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-service_date", "-created_at"]
        indexes = [models.Index(fields=["client", "service_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1) & Q(duration_minutes__lte=600),
                name="individual_note_duration_range",
            ),
            models.CheckConstraint(
                condition=Q(cosigned_at__isnull=True) | Q(signed_at__isnull=False),
                name="individual_note_cosigned_after_signing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_format_display()} note {self.service_date:%Y-%m-%d}"

    def service_ended_at(self, zone: str) -> dt.datetime:
        """Individual notes carry a date, not times: the service counts as ended at that day's midnight."""
        return clock.local_datetime(self.service_date + dt.timedelta(days=1), dt.time(0, 0), zone)


class FamilyParticipant(TimeStampedModel):
    """A family member or support person (one of the client's contacts) who took part in a family session."""

    note = models.ForeignKey(IndividualNote, on_delete=models.CASCADE, related_name="family_participants")
    contact = models.ForeignKey("clients.ClientContact", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["note", "contact"], name="family_participant_once_per_note")
        ]

    def __str__(self) -> str:
        return "Family participant"


class GroupFamilyAttendee(TimeStampedModel):
    """A family member (one of the client's contacts) who came with the client to a multi-family group session."""

    attendance = models.ForeignKey(
        "attendance.AttendanceRecord", on_delete=models.CASCADE, related_name="family_attendees"
    )
    contact = models.ForeignKey("clients.ClientContact", on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["attendance", "contact"], name="group_family_attendee_once")
        ]

    def __str__(self) -> str:
        return "Family attendee"


class VisitOrderAction(TimeStampedModel):
    """What the prescriber did at a psychiatric visit with one of the client's medication orders."""

    note = models.ForeignKey(IndividualNote, on_delete=models.CASCADE, related_name="order_actions")
    order = models.ForeignKey("medications.MedicationOrder", on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=10, choices=OrderAction.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["note", "order"], name="visit_order_action_once")]

    def __str__(self) -> str:
        return self.get_action_display()


class IndividualNoteSafetyTask(TimeStampedModel):
    """The urgent safety task that a high-risk rating in an individual note opened: one per note."""

    note = models.OneToOneField(IndividualNote, on_delete=models.CASCADE, related_name="safety_link")
    task = models.OneToOneField(
        "measures.SafetyTask", on_delete=models.PROTECT, related_name="individual_note_link"
    )

    def __str__(self) -> str:
        return f"safety task of {self.note}"


class Addendum(TimeStampedModel):
    """A later addition to a signed note; the signed text itself never changes."""

    group_note = models.ForeignKey(
        GroupNote, on_delete=models.PROTECT, null=True, blank=True, related_name="addenda"
    )
    entry = models.ForeignKey(
        ParticipantEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="addenda"
    )
    individual_note = models.ForeignKey(
        IndividualNote, on_delete=models.PROTECT, null=True, blank=True, related_name="addenda"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()

    objects = AddendumQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(group_note__isnull=False, individual_note__isnull=True)
                | Q(group_note__isnull=True, individual_note__isnull=False, entry__isnull=True),
                name="addendum_to_exactly_one_note",
            )
        ]

    def __str__(self) -> str:
        return f"addendum {self.created_at:%Y-%m-%d}"
