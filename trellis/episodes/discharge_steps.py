"""What else closes when a client is discharged, filled in by the apps that hold it.

A discharge ends the episode here, but the plan, the medication list and the schedule live in apps that sit
above episodes on the spine (DESIGN.md), so episodes cannot import them. Each of those apps registers a
step at start-up, as the timeline and the disclosure gate learn about their parts. The discharge service
runs every step inside its own transaction: a step that refuses (``reject``) leaves nothing changed.

A step may ask the discharge form for answers (the medication reconciliation asks one question per current
medication); its ``fields`` give the form fields, and the answers reach ``apply`` under the same names.
"""

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms


@dataclass(frozen=True)
class DischargeContext:
    """One discharge as the steps see it: the episode (still open), its last day in treatment, who, answers."""

    episode: Any
    discharged_on: dt.date
    discharged_by: Any
    answers: Mapping[str, Any] = field(default_factory=dict)

    @property
    def first_day_after(self) -> dt.date:
        """The first day the client is no longer in treatment (end dates in Trellis are exclusive)."""
        return self.discharged_on + dt.timedelta(days=1)


def _no_fields(episode: Any) -> dict[str, forms.Field]:
    return {}


def _no_lines(episode: Any) -> list[str]:
    return []


@dataclass(frozen=True)
class DischargeStep:
    """One app's part of a discharge. ``title`` heads its fieldset on the form when it asks anything."""

    name: str
    title: str
    apply: Callable[[DischargeContext], None]
    fields: Callable[[Any], dict[str, forms.Field]] = _no_fields
    hint: str = ""
    # What the discharge summary page says this step decided, one line each (read after the discharge).
    summary: Callable[[Any], list[str]] = _no_lines


_steps: dict[str, DischargeStep] = {}


def register(step: DischargeStep) -> None:
    """Called from an app's ``ready``; registering the same name again replaces it (test reloads)."""
    _steps[step.name] = step


def registered() -> list[DischargeStep]:
    return list(_steps.values())


def summaries(episode: Any) -> list[tuple[str, list[str]]]:
    found = ((step.title, step.summary(episode)) for step in registered())
    return [(title, lines) for title, lines in found if lines]


def run_all(context: DischargeContext) -> None:
    for step in registered():
        step.apply(context)
