"""Medications (including MAT), drug screens with their results, and flags for unexpected positives."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from trellis.core.models import TimeStampedModel
from trellis.medications.choices import (
    FlagStatus,
    MatKind,
    MedicationSource,
    OrderStatus,
    Result,
    Route,
    ScreenMethod,
    Specimen,
    Substance,
)
from trellis.medications.querysets import DrugScreenQuerySet, MedicationQuerySet, ScreenFlagQuerySet


class MedicationOrder(TimeStampedModel):
    """A prescriber's order for a client's medication: what nurses record medications against.

    Only a prescriber of the client's site writes one; it stays active until the prescriber discontinues it.
    """

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="medication_orders")
    name = models.CharField("drug", max_length=120)
    dose = models.CharField(max_length=60)
    route = models.CharField(max_length=12, choices=Route.choices)
    frequency = models.CharField(max_length=60)
    ordered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ordered_on = models.DateField()
    status = models.CharField(max_length=12, choices=OrderStatus.choices, default=OrderStatus.ACTIVE)
    discontinued_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name", "-ordered_on", "id"]
        indexes = [models.Index(fields=["client", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=OrderStatus.ACTIVE, discontinued_on__isnull=True)
                | Q(status=OrderStatus.DISCONTINUED, discontinued_on__isnull=False),
                name="medication_order_discontinued_has_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.dose} · {self.get_route_display().lower()} · {self.frequency}"

    @property
    def prescriber_name(self) -> str:
        return self.ordered_by.get_full_name() or self.ordered_by.get_username()


class Medication(TimeStampedModel):
    """A medication the client takes, from a start date until it is stopped (FHIR MedicationStatement).

    A change of dose, route or frequency stops the row and starts a new one, so the history stays.
    """

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="medications")
    name = models.CharField(max_length=120)
    dose = models.CharField(max_length=60)
    route = models.CharField(max_length=12, choices=Route.choices)
    frequency = models.CharField(max_length=60)
    started_on = models.DateField()
    stopped_on = models.DateField(null=True, blank=True, help_text="First day no longer taken.")
    stop_reason = models.CharField(max_length=200, blank=True)
    prescriber = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outside_prescriber = models.CharField(
        max_length=120, blank=True, help_text="For a client-reported medication: the prescriber as reported."
    )
    source = models.CharField(
        max_length=16, choices=MedicationSource.choices, default=MedicationSource.CLIENT_REPORTED
    )
    order = models.ForeignKey(
        MedicationOrder, on_delete=models.PROTECT, null=True, blank=True, related_name="medications"
    )
    indication = models.CharField(max_length=120, blank=True)
    is_mat = models.BooleanField("MAT", default=False)
    mat_kind = models.CharField(max_length=20, choices=MatKind.choices, blank=True)
    otp_name = models.CharField("opioid treatment program", max_length=120, blank=True)
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = MedicationQuerySet.as_manager()

    class Meta:
        ordering = ["-is_mat", "name", "-started_on"]
        indexes = [models.Index(fields=["client", "stopped_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(stopped_on__isnull=True) | Q(stopped_on__gte=F("started_on")),
                name="medication_stops_after_start",
            ),
            # A prescriber on staff is named only through their order; a client-reported one names none.
            models.CheckConstraint(
                condition=Q(source=MedicationSource.ORDER, order__isnull=False, prescriber__isnull=False)
                | Q(source=MedicationSource.CLIENT_REPORTED, order__isnull=True, prescriber__isnull=True),
                name="medication_source_matches_prescriber",
            ),
            models.CheckConstraint(
                condition=Q(is_mat=True, mat_kind__in=MatKind.values) | Q(is_mat=False, mat_kind=""),
                name="medication_mat_kind_iff_mat",
            ),
            models.CheckConstraint(
                condition=~Q(mat_kind=MatKind.METHADONE) | ~Q(otp_name=""),
                name="medication_methadone_names_otp",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.dose}"

    def is_current_on(self, day: dt.date) -> bool:
        return self.started_on <= day and (self.stopped_on is None or self.stopped_on > day)

    @property
    def prescribed_by(self) -> str:
        if self.prescriber is not None:
            return self.prescriber.get_full_name() or self.prescriber.get_username()
        return self.outside_prescriber


class DrugScreen(TimeStampedModel):
    """One specimen collected from a client and read for a panel of drug classes."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="drug_screens")
    collected_at = models.DateTimeField()
    specimen = models.CharField(max_length=12, choices=Specimen.choices)
    method = models.CharField(max_length=16, choices=ScreenMethod.choices)
    observed = models.BooleanField("observed collection", default=False)
    # Definitive testing is billed by the number of drug classes (80320-80377, G0480-G0483).
    drug_classes = models.PositiveSmallIntegerField(null=True, blank=True)
    collected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = DrugScreenQuerySet.as_manager()

    class Meta:
        ordering = ["-collected_at"]
        indexes = [models.Index(fields=["client", "collected_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(method=ScreenMethod.DEFINITIVE, drug_classes__isnull=False)
                | (~Q(method=ScreenMethod.DEFINITIVE) & Q(drug_classes__isnull=True)),
                name="drug_screen_classes_iff_definitive",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_specimen_display()} screen {self.collected_at:%Y-%m-%d}"

    @property
    def is_definitive(self) -> bool:
        return self.method == ScreenMethod.DEFINITIVE

    def results_by_kind(self) -> dict[str, list["ScreenResult"]]:
        """Positives, invalids and negatives, from the prefetched results."""
        grouped: dict[str, list[ScreenResult]] = {value: [] for value in Result.values}
        for result in self.results.all():
            grouped[result.result].append(result)
        return grouped


class ScreenResult(TimeStampedModel):
    """The result for one drug class on a screen, and whether a current medication explains a positive."""

    screen = models.ForeignKey(DrugScreen, on_delete=models.CASCADE, related_name="results")
    substance = models.CharField(max_length=20, choices=Substance.choices)
    result = models.CharField(max_length=10, choices=Result.choices)
    level = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    unit = models.CharField(max_length=12, blank=True)
    expected = models.BooleanField(null=True, blank=True, help_text="For positives only.")
    explained_by = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["substance"]
        constraints = [
            models.UniqueConstraint(fields=["screen", "substance"], name="one_result_per_substance"),
            models.CheckConstraint(
                condition=Q(result=Result.POSITIVE, expected__isnull=False)
                | (~Q(result=Result.POSITIVE) & Q(expected__isnull=True)),
                name="screen_result_expected_iff_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_substance_display()}: {self.get_result_display()}"

    @property
    def is_unexpected_positive(self) -> bool:
        return self.result == Result.POSITIVE and self.expected is False


class ScreenFlag(TimeStampedModel):
    """An unexpected positive screen waiting for the clinician to review it against the treatment plan."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="screen_flags")
    screen = models.OneToOneField(DrugScreen, on_delete=models.CASCADE, related_name="flag")
    substances = models.JSONField(default=list, help_text="Substance codes positive and not explained.")
    status = models.CharField(max_length=10, choices=FlagStatus.choices, default=FlagStatus.OPEN)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)

    objects = ScreenFlagQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "client"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=FlagStatus.OPEN, reviewed_at__isnull=True)
                | Q(status=FlagStatus.REVIEWED, reviewed_at__isnull=False, reviewed_by__isnull=False),
                name="screen_flag_reviewed_has_reviewer",
            )
        ]

    def __str__(self) -> str:
        return f"unexpected positive on {self.screen}"

    def substance_labels(self) -> list[str]:
        labels = dict(Substance.choices)
        return [str(labels.get(code, code)) for code in self.substances]


class DischargeReconciliation(TimeStampedModel):
    """What became of one current medication when the client was discharged (medication reconciliation).

    The Joint Commission's NPSG.03.06.01 asks that a medication list be reconciled at each transition of
    care and that the client leave knowing which medications to take; here each is continued as is, stopped,
    or handed over to the aftercare prescriber, who is named.
    """

    class Decision(models.TextChoices):
        CONTINUE = "continue", "Continue"
        STOP = "stop", "Stop"
        HAND_OVER = "hand_over", "Hand over to the aftercare provider"

    medication = models.ForeignKey(
        Medication, on_delete=models.PROTECT, related_name="discharge_reconciliations"
    )
    episode = models.ForeignKey("episodes.Episode", on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    handed_over_to = models.CharField(max_length=160, blank=True)
    decided_on = models.DateField(help_text="The discharge date.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-decided_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["medication", "episode"], name="one_reconciliation_per_discharge"
            ),
            models.CheckConstraint(
                condition=Q(decision="hand_over", handed_over_to__gt="")
                | (~Q(decision="hand_over") & Q(handed_over_to="")),
                name="hand_over_names_the_provider",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} at discharge"
