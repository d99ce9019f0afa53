"""Factories for medications and drug screens. Synthetic data only."""

import datetime as dt

import factory

from tests.factories import ClientFactory, UserFactory
from trellis.medications.choices import Route
from trellis.medications.models import Medication


class MedicationFactory(factory.django.DjangoModelFactory[Medication]):  # type: ignore[misc]
    class Meta:
        model = Medication

    client = factory.SubFactory(ClientFactory)
    name = factory.Sequence(lambda n: f"Sertraline {n}")
    dose = "50 mg"
    route = Route.ORAL
    frequency = "once daily"
    started_on = dt.date(2026, 10, 1)
    outside_prescriber = "Dr. Example Outside"
    indication = "Depression"
    recorded_by = factory.SubFactory(UserFactory)
