"""Factories for intake models. Synthetic data only."""

import datetime as dt
from typing import Any

import factory

from tests import factories
from trellis.intake.models import Inquiry


class InquiryFactory(factory.django.DjangoModelFactory[Inquiry]):  # type: ignore[misc]
    class Meta:
        model = Inquiry

    site = factory.SubFactory(factories.SiteFactory)
    caller_name = factory.Faker("name")
    caller_relation = "self"
    phone = "555-0100"
    referral_source = "self"
    presenting_concern = "Drinking more since a divorce; wants evening groups."
    next_action = "Screening call"
    next_action_due = factory.LazyFunction(lambda: dt.datetime(2026, 11, 24, 15, 0, tzinfo=dt.UTC))


def ratings(value: int = 1, edition: str = "3") -> dict[str, Any]:
    """Every dimension of an edition rated `value`, with a synthetic narrative for each."""
    from trellis.intake.dimensions import dimensions_of

    codes = [d.code for d in dimensions_of(edition)]
    return {
        "ratings": dict.fromkeys(codes, value),
        "narratives": {code: f"Synthetic narrative for {code}." for code in codes},
    }
