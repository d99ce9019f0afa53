from django.db import models


class LevelOfCare(models.TextChoices):
    """ASAM levels of care of both editions (REFERENCE.md section 2); intake.levels names them per edition."""

    EARLY_INTERVENTION = "0.5", "0.5 Early intervention"
    REMISSION_MONITORING = "1.0", "1.0 Long-term remission monitoring"
    OUTPATIENT = "1", "1 Outpatient"
    OUTPATIENT_THERAPY = "1.5", "1.5 Outpatient therapy"
    MEDICAL_OUTPATIENT = "1.7", "1.7 Medically managed outpatient"
    IOP = "2.1", "2.1 Intensive outpatient"
    PHP = "2.5", "2.5 Partial hospitalization / high-intensity outpatient"
    MEDICAL_IOP = "2.7", "2.7 Medically managed intensive outpatient"
    LOW_INTENSITY_RESIDENTIAL = "3.1", "3.1 Clinically managed low-intensity residential"
    POPULATION_RESIDENTIAL = "3.3", "3.3 Clinically managed population-specific high-intensity residential"
    RESIDENTIAL = "3", "3 Residential (sublevel not recorded)"
    HIGH_INTENSITY_RESIDENTIAL = "3.5", "3.5 Clinically managed high-intensity residential"
    MEDICAL_RESIDENTIAL = "3.7", "3.7 Medically monitored / managed residential"
    WITHDRAWAL = "wm", "Withdrawal management"
    INPATIENT = "4", "4 Medically managed intensive inpatient"


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
