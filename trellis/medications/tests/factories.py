"""Factories for medications and drug screens. Synthetic data only."""

import datetime as dt
from typing import Any

import factory

from tests.factories import ClientFactory, UserFactory
from trellis.accounts.roles import Role
from trellis.medications.choices import Route
from trellis.medications.models import Medication, MedicationOrder
from trellis.medications.orders import create_order
from trellis.medications.regimen import Regimen


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


def prescriber_at(world: Any, *, site: Any = None, username: str = "priya") -> Any:
    """Priya, a prescriber of Riverside at Northside (or the site given); the same one when asked again."""
    from trellis.accounts.models import User

    found = User.objects.filter(username=username).first()
    if found is not None:
        return found
    return UserFactory.create(
        username=username, first_name="Priya", last_name="Test", role=Role.PRESCRIBER,
        organization=world.organization, sites=[site or world.site_a], programs=[world.program],
    )  # fmt: skip


def order_for(
    client: Any, prescriber: Any, *, name: str = "Buprenorphine/naloxone", dose: str = "16 mg"
) -> MedicationOrder:
    regimen = Regimen(dose=dose, route=Route.SUBLINGUAL, frequency="once daily")
    return create_order(
        client=client, name=name, regimen=regimen, ordered_by=prescriber, ordered_on=dt.date(2026, 9, 28)
    )
