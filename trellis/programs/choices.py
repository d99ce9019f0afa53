from django.db import models


class ProgramKind(models.TextChoices):
    SUBSTANCE_USE = "sud", "Substance use"
    MENTAL_HEALTH = "mh", "Mental health"
    CO_OCCURRING = "cod", "Co-occurring"


class AgeGroup(models.TextChoices):
    ADULT = "adult", "Adults"
    ADOLESCENT = "adolescent", "Adolescents"


class TimeOfDay(models.TextChoices):
    DAY = "day", "Day"
    EVENING = "evening", "Evening"


class Population(models.TextChoices):
    """Populations a track may be reserved for; clients self-identify (clients.Client.populations)."""

    WOMEN = "women", "Women"
    MEN = "men", "Men"
    VETERANS = "veterans", "Veterans"
    LGBTQ = "lgbtq", "LGBTQ+"
    TRAUMA = "trauma", "Trauma survivors"


class ProgramLevel(models.TextChoices):
    """The ASAM level a program delivers; values match episodes.choices.LevelOfCare."""

    IOP = "2.1", "2.1 Intensive outpatient"
    PHP = "2.5", "2.5 Partial hospitalization / high-intensity outpatient"
