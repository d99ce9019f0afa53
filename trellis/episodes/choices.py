from django.db import models


class LevelOfCare(models.TextChoices):
    """ASAM levels of care (REFERENCE.md section 2)."""

    WITHDRAWAL = "wm", "Withdrawal management"
    OUTPATIENT = "1", "1 Outpatient"
    IOP = "2.1", "2.1 Intensive outpatient"
    PHP = "2.5", "2.5 Partial hospitalization"
    RESIDENTIAL = "3", "3 Residential"
    INPATIENT = "4", "4 Inpatient"


class DischargeReason(models.IntegerChoices):
    """SAMHSA TEDS-D reason for discharge (REFERENCE.md section 8)."""

    COMPLETED = 1, "Treatment completed"
    DROPPED_OUT = 2, "Dropped out"
    TERMINATED = 3, "Terminated by facility"
    TRANSFERRED = 4, "Transferred"
    INCARCERATED = 5, "Incarcerated"
    DEATH = 6, "Death"
    OTHER = 7, "Other"


class EnrollmentEndReason(models.TextChoices):
    STEP_DOWN = "step_down", "Stepped down"
    STEP_UP = "step_up", "Stepped up"
    TRACK_CHANGE = "track_change", "Changed track"
    DISCHARGED = "discharged", "Discharged"


class WaitlistStatus(models.TextChoices):
    WAITING = "waiting", "Waiting"
    ENROLLED = "enrolled", "Enrolled"
    REMOVED = "removed", "Removed"
