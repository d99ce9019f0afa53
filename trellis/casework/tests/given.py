"""Shared givens for the casework tests: a moment, a complete set of answers, a screen on file."""

import datetime as dt
from typing import Any

from trellis.casework import services
from trellis.casework.models import NeedsScreening

# Carol's episode (tests/factories.py) opens on Mon Nov 2 2026; this is three weeks and two days later.
NOW = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC)

NO_NEEDS: dict[str, Any] = {
    "living_situation": "steady",
    "housing_problems": ["none"],
    "food_worried": "never",
    "food_ran_out": "never",
    "transport": "no",
    "utilities": "no",
    "safety_hurt": "1",
    "safety_insult": "1",
    "safety_threaten": "1",
    "safety_scream": "1",
    "employment": "no",
    "legal": "no",
    "childcare": "no",
    "benefits": "no",
}


def answers(**changes: Any) -> dict[str, Any]:
    return {**NO_NEEDS, **changes}


def screened(*, client: Any, by: Any, **changes: Any) -> NeedsScreening:
    return services.record_screening(client=client, answers=answers(**changes), screened_by=by)


def form_data(**changes: Any) -> dict[str, Any]:
    """The answers as the page posts them (a checkbox list repeats its name)."""
    return answers(**changes)
