from django.db import models


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    SUPERSEDED = "superseded", "Superseded"
    DISCHARGED = "discharged", "Closed at discharge"


class AsamDimension(models.TextChoices):
    """ASAM Criteria 3rd edition dimensions (REFERENCE.md section 2), to tie a problem to the assessment."""

    D1 = "d1", "D1 Intoxication / withdrawal"
    D2 = "d2", "D2 Biomedical"
    D3 = "d3", "D3 Emotional, behavioral, cognitive"
    D4 = "d4", "D4 Readiness to change"
    D5 = "d5", "D5 Relapse / continued use potential"
    D6 = "d6", "D6 Recovery / living environment"


class Modality(models.TextChoices):
    GROUP_THERAPY = "group_therapy", "Group therapy"
    INDIVIDUAL_THERAPY = "individual_therapy", "Individual therapy"
    FAMILY_THERAPY = "family_therapy", "Family therapy"
    PSYCHOEDUCATION = "psychoeducation", "Psychoeducation"
    MEDICATION_MANAGEMENT = "medication_management", "Medication management"
    MAT = "mat", "Medication-assisted treatment (MAT)"
    CASE_MANAGEMENT = "case_management", "Case management"
    PEER_SUPPORT = "peer_support", "Peer support"
    TWELVE_STEP = "twelve_step", "12-step facilitation"
    ART_MUSIC = "art_music", "Art / music therapy"


class Progress(models.TextChoices):
    ACHIEVED = "achieved", "Achieved"
    PROGRESSING = "progressing", "Progressing"
    NO_PROGRESS = "no_progress", "No progress"
    REVISED = "revised", "Revised"
    DISCONTINUED = "discontinued", "Discontinued"


class SignatureRole(models.TextChoices):
    CLIENT = "client", "Client"
    CLINICIAN = "clinician", "Clinician"
    SUPERVISOR = "supervisor", "Supervisor"
