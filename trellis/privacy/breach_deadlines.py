"""When a breach of unsecured PHI must be notified (HIPAA 164.404-408, which 42 CFR 2.16 applies to Part 2).

Pure: dates in, dates out, counted in calendar days from the day the breach was discovered (164.404(a)(2): the
first day it is known, or by reasonable diligence would have been known, to the program).
"""

import datetime as dt
from dataclasses import dataclass

# 164.404(b), 164.406(b), 164.408(b)-(c): "no later than 60 calendar days".
DAYS = 60
# 164.408(b): 500 or more individuals: HHS at the same time as the individuals.
HHS_NOW_AT = 500
# 164.406(a): "more than 500 residents of a State or jurisdiction": prominent media outlets there.
MEDIA_ABOVE = 500


@dataclass(frozen=True)
class Deadlines:
    individuals: dt.date
    hhs: dt.date
    # Fewer than 500: HHS is told in the yearly log, within 60 days after the end of the discovery year.
    hhs_in_yearly_log: bool
    media: dt.date | None  # None: no media notice is required


def deadlines(
    *, discovered_on: dt.date, affected: int, residents_by_state: dict[str, int], over_500_in_a_state: bool
) -> Deadlines:
    """The last day for each notice. "Without unreasonable delay" still applies: these are outer limits."""
    limit = discovered_on + dt.timedelta(days=DAYS)
    yearly = affected < HHS_NOW_AT
    hhs = dt.date(discovered_on.year, 12, 31) + dt.timedelta(days=DAYS) if yearly else limit
    media_needed = over_500_in_a_state or any(count > MEDIA_ABOVE for count in residents_by_state.values())
    return Deadlines(
        individuals=limit, hhs=hhs, hhs_in_yearly_log=yearly, media=limit if media_needed else None
    )


def parse_residents(text: str) -> dict[str, int]:
    """'NY: 320, NJ 12' (one state or jurisdiction per line or comma) as {"NY": 320, "NJ": 12}.

    Raises ValueError naming the entry that is not a name and a whole number of people."""
    counts: dict[str, int] = {}
    for entry in text.replace(",", "\n").splitlines():
        name, _, number = entry.replace(":", " ").strip().rpartition(" ")
        if not entry.strip():
            continue
        name = name.strip().upper()
        if not name or not number.isdigit():
            raise ValueError(f"“{entry.strip()}” is not a state and a number of people, like “NY: 320”.")
        counts[name] = counts.get(name, 0) + int(number)
    return counts
