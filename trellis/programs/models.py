"""How a provider is organized: sites and rooms, programs with their rules, tracks, topics and holidays."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from trellis.core.models import TimeStampedModel
from trellis.programs import level_minimums
from trellis.programs.choices import AgeGroup, Population, ProgramKind, ProgramLevel, TimeOfDay


class Organization(TimeStampedModel):
    """The provider that runs one or more programs at one or more sites."""

    name = models.CharField(max_length=120, unique=True)
    idle_timeout_minutes = models.PositiveSmallIntegerField(
        default=15,
        validators=[MinValueValidator(2), MaxValueValidator(240)],
        help_text="Staff are logged out after this many idle minutes.",
    )

    def __str__(self) -> str:
        return self.name


class Site(TimeStampedModel):
    """A place where clients are treated; its time zone is the one all its schedules are read in."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="sites")
    name = models.CharField(max_length=120)
    timezone = models.CharField(max_length=64, default="America/New_York")
    address = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="site_name_unique")]

    def __str__(self) -> str:
        return self.name


class Room(TimeStampedModel):
    """A group room at a site."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="rooms")
    name = models.CharField(max_length=80)
    capacity = models.PositiveSmallIntegerField(default=12, validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["site__name", "name"]
        constraints = [models.UniqueConstraint(fields=["site", "name"], name="room_name_unique_per_site")]

    def __str__(self) -> str:
        return f"{self.name} ({self.capacity})"


# Kinds of program whose records are substance use disorder records under 42 CFR 2.11.
PART2_KINDS = frozenset({ProgramKind.SUBSTANCE_USE, ProgramKind.CO_OCCURRING})


class Program(TimeStampedModel):
    """An intensive outpatient (2.1) or partial hospitalization (2.5) program and the rules its clients are held to."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="programs")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=ProgramKind.choices, default=ProgramKind.SUBSTANCE_USE)
    age_group = models.CharField(max_length=12, choices=AgeGroup.choices, default=AgeGroup.ADULT)
    # ASAM level 2.1: at least 9 h/week for adults, 6 h/week for adolescents (REFERENCE.md section 2).
    min_weekly_hours = models.DecimalField(
        max_digits=4, decimal_places=1, default=Decimal("9.0"), validators=[MinValueValidator(Decimal("1"))]
    )
    level_of_care = models.CharField(
        "ASAM level", max_length=4, choices=ProgramLevel.choices, default=ProgramLevel.IOP
    )
    # A minimum below the level's floor (programs/level_minimums.py) stands only with a director's reason.
    minimum_override_reason = models.TextField("Reason for a minimum below the level's", blank=True)
    min_days_per_week = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    max_days_per_week = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    typical_length_weeks = models.PositiveSmallIntegerField(default=10)
    max_length_days = models.PositiveSmallIntegerField(default=90)
    # A Part 2 program's records leave only under the client's consent (42 CFR 2.12). Substance use and
    # co-occurring programs are Part 2 programs; a mental-health-only program is HIPAA only. Set on save
    # from the kind unless a director says otherwise (a program not federally assisted, for instance).
    is_part2 = models.BooleanField(
        "42 CFR Part 2 program",
        null=True,
        blank=True,
        help_text="Leave blank to follow the program kind: substance use and co-occurring programs are Part 2.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="program_name_unique"),
            models.CheckConstraint(
                condition=Q(min_days_per_week__lte=models.F("max_days_per_week")), name="program_days_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def min_weekly_minutes(self) -> int:
        return int(self.min_weekly_hours * 60)

    @property
    def minimum_shortfall(self) -> level_minimums.Shortfall | None:
        """How the weekly minimum falls short of the ASAM level's, if it does (kept by a director's reason)."""
        return level_minimums.shortfall(
            level=self.level_of_care, age_group=self.age_group, minimum=self.min_weekly_hours
        )

    @property
    def part2(self) -> bool:
        """Whether this program's records are Part 2 records: the director's setting, else the kind's."""
        if self.is_part2 is not None:
            return self.is_part2
        return self.kind in PART2_KINDS


class Phase(TimeStampedModel):
    """A step in a program's taper, e.g. phase 1 at 5 days a week, phase 3 at 3."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="phases")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=60)
    days_per_week = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(7)])

    class Meta:
        ordering = ["program", "number"]
        constraints = [models.UniqueConstraint(fields=["program", "number"], name="phase_number_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.days_per_week} days/week)"


class Track(TimeStampedModel):
    """A cohort clients enroll in: a program at a site, day or evening, optionally for one population."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="tracks")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="tracks")
    name = models.CharField(max_length=120)
    time_of_day = models.CharField(max_length=10, choices=TimeOfDay.choices)
    population = models.CharField(max_length=20, choices=Population.choices, blank=True)
    capacity = models.PositiveSmallIntegerField(default=12, validators=[MinValueValidator(1)])
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["site__name", "name"]
        constraints = [models.UniqueConstraint(fields=["site", "name"], name="track_name_unique_per_site")]

    def __str__(self) -> str:
        return self.name


class CurriculumTopic(TimeStampedModel):
    """A topic a group session can cover (relapse prevention, DBT skills, ...)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="topic_name_unique")]

    def __str__(self) -> str:
        return self.name


class Holiday(TimeStampedModel):
    """A day a site is closed; no sessions are generated for it."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="holidays")
    date = models.DateField()
    name = models.CharField(max_length=80)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["site", "date"], name="holiday_unique_per_site")]

    def __str__(self) -> str:
        return f"{self.name} ({self.date:%Y-%m-%d})"
