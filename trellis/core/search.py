"""Search boxes take a few words: a long paste is cut to a query the database answers quickly, and said so.

Each word becomes several LIKE conditions; hundreds of words build a query SQLite refuses (a 500), and no
name or chart number needs more than a handful.
"""

import datetime as dt
from dataclasses import dataclass

MAX_SEARCH_WORDS = 10
MAX_SEARCH_CHARS = 100


@dataclass(frozen=True)
class SearchText:
    text: str
    shortened: bool

    @property
    def words(self) -> list[str]:
        return self.text.split()

    @property
    def note(self) -> str:
        if not self.shortened:
            return ""
        return (
            f"Your search was shortened to its first {MAX_SEARCH_WORDS} words "
            f"and {MAX_SEARCH_CHARS} characters: “{self.text}”."
        )


def shorten(raw: str) -> SearchText:
    """The first words of `raw` that fit both limits; never cuts a word in half unless it alone is too long."""
    words = raw.replace("\x00", " ").split()  # PostgreSQL refuses NUL in a query; no name contains one
    kept: list[str] = []
    for word in words[:MAX_SEARCH_WORDS]:
        candidate = " ".join([*kept, word])
        if len(candidate) > MAX_SEARCH_CHARS:
            if not kept:
                kept = [word[:MAX_SEARCH_CHARS]]
            break
        kept.append(word)
    text = " ".join(kept)
    return SearchText(text=text, shortened=text != " ".join(words))


# How a date of birth is typed into a search box: ISO, or US month/day/year with / or -.
DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m-%d-%Y")


def as_date(word: str) -> dt.date | None:
    """The date a search word spells, or None (for a name or a chart number)."""
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(word, pattern).replace(tzinfo=dt.UTC).date()  # a calendar date
        except ValueError:
            continue
    return None
