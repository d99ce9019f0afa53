"""Does a group note's shared narrative name a client? A pure check against the session roster's names.

The shared part of a group note is copied into every participant's chart, so it must not name anyone
(REFERENCE.md section 7; 42 CFR 2.13 and HIPAA minimum necessary). Each client is described in their own entry.

How names are matched (whole words, so "Jules" never matches "joules" and "Ava" never matches "lava"):

| what is written                                  | flagged when                                        |
|--------------------------------------------------|-----------------------------------------------------|
| first (or preferred) name + last name            | always, in any case ("avery example")               |
| first (or preferred) name + last initial + "."   | always, in any case ("Avery E.")                    |
| first (or preferred) name alone                  | in any case, unless the name is a common word       |
| a first name that is a common word (Gray, Hope)  | only capitalized and not first word of a sentence   |
| last name alone                                  | only capitalized; if a common word, not at a        |
|                                                  | sentence start either ("Young adults ...")          |

So "a gray area", "we hope", "for example" and "will" are prose, while "Gray shared", "then Hope left" and
"Mr. Baker" are names. A capitalized common word at the start of a sentence cannot be told apart and is let
through: the full-name and initial forms still catch it. False positives are cheap (the clinician rewords and
signs); a missed name leaks one client's treatment into eleven other charts.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

# Given names and surnames that are also everyday English words. Kept short and lower-case on purpose.
COMMON_WORDS = frozenset(
    """
    amber angel april art ash august autumn bill black bell brook brown buck cash chase charity clay cliff
    cook crystal daisy dale dawn dean destiny drew early faith fox frank glen grace grant gray green grey
    hall harmony heath heather hill holly honor hope hunter iris ivy jay joy june justice king lake lane
    lily little long love major mark marsh may melody miles mercy misty page park patience pat pearl penny
    price rain ray reed rich river robin rock rose ruby rusty sage sandy short sky sonny star sterling
    stone storm story strong summer sunny trinity victor violet wade west white will wolf wood wren young
    """.split()  # noqa: SIM905 (prose reads and diffs better than 110 quoted words)
)
_WORD_CHARS = r"[\w-]"
_SENTENCE_END = re.compile(r"(^|[.!?:;\n])[\s\"'(\[]*$")


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    preferred: str = ""

    @property
    def given_names(self) -> tuple[str, ...]:
        names = (self.first.strip(), self.preferred.strip())
        return tuple(dict.fromkeys(name for name in names if len(name) >= 2))

    @property
    def short_name(self) -> str:
        """How a message names the client: given name and last initial, never the full name."""
        given = self.preferred.strip() or self.first.strip()
        return f"{given} {self.last.strip()[:1]}." if self.last.strip() else given


@dataclass(frozen=True)
class Mention:
    person: Person
    written: str  # the words as they appear in the text
    start: int


def _whole(words: str) -> str:
    spaced = r"\s+".join(re.escape(part) for part in words.split())
    return rf"(?<!{_WORD_CHARS}){spaced}(?!{_WORD_CHARS})"


def _at_sentence_start(text: str, start: int) -> bool:
    return bool(_SENTENCE_END.search(text[:start]))


def _is_capitalized(word: str) -> bool:
    return word[:1].isupper()


def _always(text: str, pattern: str) -> list[re.Match[str]]:
    return list(re.finditer(pattern, text, flags=re.IGNORECASE))


def _when_written_as_name(text: str, name: str, *, mid_sentence_only: bool) -> list[re.Match[str]]:
    return [
        match
        for match in _always(text, _whole(name))
        if _is_capitalized(match.group())
        and not (mid_sentence_only and _at_sentence_start(text, match.start()))
    ]


def _matches(text: str, person: Person) -> list[re.Match[str]]:
    last = person.last.strip()
    found: list[re.Match[str]] = []
    for given in person.given_names:
        if last:
            found += _always(text, _whole(f"{given} {last}"))
            found += _always(text, _whole(given) + rf"\s+{re.escape(last[0])}\.")
        if given.lower() in COMMON_WORDS:
            found += _when_written_as_name(text, given, mid_sentence_only=True)
        else:
            found += _always(text, _whole(given))
    if len(last) >= 2:
        found += _when_written_as_name(text, last, mid_sentence_only=last.lower() in COMMON_WORDS)
    return found


def find_mentions(text: str, roster: Iterable[Person]) -> list[Mention]:
    """Each roster person named in `text`, once, at their first mention, in the order they appear."""
    mentions = []
    for person in roster:
        matches = sorted(_matches(text, person), key=lambda match: (match.start(), -len(match.group())))
        if matches:
            first = matches[0]
            mentions.append(Mention(person=person, written=first.group(), start=first.start()))
    return sorted(mentions, key=lambda mention: mention.start)
