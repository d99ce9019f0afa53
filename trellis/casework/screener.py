"""The social needs screener, read from screeners/ahc_hrsn.json, and its scoring (pure: no Django import).

Scoring follows the published AHC HRSN rules (CMS, A Guide to Using the AHC HRSN Screening Tool, June 2021):
a domain is positive when any of its questions has a positive answer (the options marked in the file), and
interpersonal safety is positive when its four items, scored Never 1 to Frequently 5, total more than 10.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

SCREENER_FILE = "ahc_hrsn.json"
NONE_OF_THE_ABOVE = "none"


class ScreenerAnswerError(ValueError):
    """An answer is missing or is not one of the question's options; `question` names which."""

    def __init__(self, question: str, message: str) -> None:
        super().__init__(message)
        self.question = question


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    positive: bool = False
    points: int = 0


@dataclass(frozen=True)
class Question:
    code: str
    domain: str
    section: str
    text: str
    options: tuple[Option, ...]
    many: bool = False  # "choose all that apply"

    def option(self, value: str) -> Option | None:
        return next((option for option in self.options if option.value == value), None)


@dataclass(frozen=True)
class Domain:
    code: str
    label: str
    problem: str  # the wording of the plan problem a positive domain becomes
    rule: str  # "any": any positive answer; "total": points summed, positive at `at_least`
    at_least: int = 0


@dataclass(frozen=True)
class Screener:
    code: str
    name: str
    short_name: str
    source: str
    instructions: str
    domains: tuple[Domain, ...]
    questions: tuple[Question, ...]

    def domain(self, code: str) -> Domain:
        return next(domain for domain in self.domains if domain.code == code)

    def questions_of(self, domain: str) -> tuple[Question, ...]:
        return tuple(question for question in self.questions if question.domain == domain)


@dataclass(frozen=True)
class ScreenResult:
    positive: tuple[str, ...]  # domain codes, in the screener's order
    safety_total: int


Answers = Mapping[str, Any]  # question code -> option value, or a list of values for a "many" question


def _options(raw: Any, option_sets: Mapping[str, Any]) -> tuple[Option, ...]:
    rows = option_sets[raw] if isinstance(raw, str) else raw
    return tuple(Option(**row) for row in rows)


def parse_screener(data: Mapping[str, Any]) -> Screener:
    domains = tuple(Domain(**row) for row in data["domains"])
    known = {domain.code for domain in domains}
    questions = tuple(
        Question(
            code=row["code"],
            domain=row["domain"],
            section=row["section"],
            text=row["text"],
            options=_options(row["options"], data.get("option_sets", {})),
            many=row.get("many", False),
        )
        for row in data["questions"]
    )
    if unknown := {question.domain for question in questions} - known:
        raise ValueError(f"questions name unknown domains: {sorted(unknown)}")
    return Screener(
        code=data["code"],
        name=data["name"],
        short_name=data["short_name"],
        source=data["source"],
        instructions=data["instructions"],
        domains=domains,
        questions=questions,
    )


@cache
def get_screener() -> Screener:
    text = resources.files("trellis.casework").joinpath("screeners", SCREENER_FILE).read_text("utf-8")
    return parse_screener(json.loads(text))


def _chosen(question: Question, answers: Answers) -> tuple[Option, ...]:
    raw = answers.get(question.code)
    values: Sequence[str] = (
        [] if raw in (None, "") else [str(v) for v in (raw if isinstance(raw, list | tuple) else [raw])]
    )
    if not values or (not question.many and len(values) > 1):
        raise ScreenerAnswerError(question.code, "Choose an answer.")
    chosen = tuple(question.option(value) for value in values)
    if None in chosen:
        raise ScreenerAnswerError(question.code, "Choose one of the listed answers.")
    if question.many and NONE_OF_THE_ABOVE in values and len(values) > 1:
        raise ScreenerAnswerError(question.code, '"None of the above" cannot go with a problem checked.')
    return tuple(option for option in chosen if option is not None)


def score(screener: Screener, answers: Answers) -> ScreenResult:
    """The positive domains of a complete set of answers; raises ScreenerAnswerError for the first bad one."""
    chosen = {question.code: _chosen(question, answers) for question in screener.questions}
    positive, safety_total = [], 0
    for domain in screener.domains:
        options = [option for q in screener.questions_of(domain.code) for option in chosen[q.code]]
        if domain.rule == "total":
            total = sum(option.points for option in options)
            safety_total = total
            if total >= domain.at_least:
                positive.append(domain.code)
        elif any(option.positive for option in options):
            positive.append(domain.code)
    return ScreenResult(positive=tuple(positive), safety_total=safety_total)
