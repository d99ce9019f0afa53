"""factory_boy factories for every model the foundation tests need. Synthetic data only."""

import datetime as dt
from decimal import Decimal
from typing import Any

import factory

from trellis.accounts.models import User
from trellis.accounts.roles import Role
from trellis.clients.models import Client
from trellis.episodes.models import Enrollment, Episode
from trellis.programs.choices import TimeOfDay
from trellis.programs.models import CurriculumTopic, Organization, Phase, Program, Room, Site, Track
from trellis.scheduling.models import GroupSession, RecurringGroup


class OrganizationFactory(factory.django.DjangoModelFactory[Organization]):
    class Meta:
        model = Organization
        django_get_or_create = ("name",)

    name = "Riverside Recovery"


class SiteFactory(factory.django.DjangoModelFactory[Site]):
    class Meta:
        model = Site

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Site {n}")
    timezone = "America/New_York"


class RoomFactory(factory.django.DjangoModelFactory[Room]):
    class Meta:
        model = Room

    site = factory.SubFactory(SiteFactory)
    name = factory.Sequence(lambda n: f"Room {n}")
    capacity = 14


class ProgramFactory(factory.django.DjangoModelFactory[Program]):
    class Meta:
        model = Program

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"IOP Substance Use {n}")
    min_weekly_hours = Decimal("9.0")


class PhaseFactory(factory.django.DjangoModelFactory[Phase]):
    class Meta:
        model = Phase

    program = factory.SubFactory(ProgramFactory)
    number = 1
    name = "Phase 1"
    days_per_week = 3


class TrackFactory(factory.django.DjangoModelFactory[Track]):
    class Meta:
        model = Track

    program = factory.SubFactory(ProgramFactory)
    site = factory.SubFactory(SiteFactory, organization=factory.SelfAttribute("..program.organization"))
    name = factory.Sequence(lambda n: f"Day track {n}")
    time_of_day = TimeOfDay.DAY
    capacity = 12


class TopicFactory(factory.django.DjangoModelFactory[CurriculumTopic]):
    class Meta:
        model = CurriculumTopic

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Relapse prevention {n}")


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Staff{n}")
    role = Role.CLINICIAN
    organization = factory.SubFactory(OrganizationFactory)
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def sites(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.sites.set(extracted)

    @factory.post_generation
    def programs(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.programs.set(extracted)


class ClientFactory(factory.django.DjangoModelFactory[Client]):
    class Meta:
        model = Client

    site = factory.SubFactory(SiteFactory)
    organization = factory.SelfAttribute("site.organization")
    chart_number = factory.Sequence(lambda n: f"T{n:07d}")
    legal_first_name = factory.Faker("first_name")
    legal_last_name = factory.Faker("last_name")
    date_of_birth = dt.date(1988, 4, 12)
    address_line1 = "12 Elm Street"
    city = "Springfield"
    state = "IL"
    postal_code = "62702"


class EpisodeFactory(factory.django.DjangoModelFactory[Episode]):
    class Meta:
        model = Episode

    client = factory.SubFactory(ClientFactory)
    program = factory.SubFactory(ProgramFactory)
    admitted_on = dt.date(2026, 11, 2)


class EnrollmentFactory(factory.django.DjangoModelFactory[Enrollment]):
    class Meta:
        model = Enrollment

    episode = factory.SubFactory(EpisodeFactory)
    track = factory.SubFactory(TrackFactory)
    phase = factory.SubFactory(PhaseFactory, program=factory.SelfAttribute("..track.program"))
    days_per_week = 3
    starts_on = factory.SelfAttribute("episode.admitted_on")


class RecurringGroupFactory(factory.django.DjangoModelFactory[RecurringGroup]):
    class Meta:
        model = RecurringGroup

    track = factory.SubFactory(TrackFactory)
    name = factory.Sequence(lambda n: f"Process group {n}")
    weekdays = [0, 2, 4]
    starts_at = dt.time(9, 0)
    duration_minutes = 180
    room = factory.SubFactory(RoomFactory, site=factory.SelfAttribute("..track.site"))
    facilitator = factory.SubFactory(UserFactory)
    active_from = dt.date(2026, 1, 5)


class GroupSessionFactory(factory.django.DjangoModelFactory[GroupSession]):
    class Meta:
        model = GroupSession

    group = factory.SubFactory(RecurringGroupFactory)
    track = factory.SelfAttribute("group.track")
    date = dt.date(2026, 11, 23)
    starts_at = factory.LazyAttribute(
        lambda o: dt.datetime.combine(o.date, o.group.starts_at, tzinfo=dt.UTC) + dt.timedelta(hours=5)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(minutes=o.group.duration_minutes))
    room = factory.SelfAttribute("group.room")
    facilitator = factory.SelfAttribute("group.facilitator")
