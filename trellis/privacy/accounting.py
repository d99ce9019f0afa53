"""The accounting of disclosures for one client (42 CFR 2.24, HIPAA 164.528): every time their records left
the program in the last three years, and the list of who received them under a general designation.

Reads only, in a fixed number of queries; the page and the PDF the client takes home show the same lines.
"""

import datetime as dt
from dataclasses import dataclass

from trellis.clients.models import Client
from trellis.core import clock
from trellis.privacy import part2
from trellis.privacy.disclosure_models import Disclosure
from trellis.privacy.emergency import EMERGENCY_LABEL, EMERGENCY_PATH
from trellis.privacy.paths import OUTBOUND_PATHS

YEARS = 3  # 42 CFR 2.24(a): disclosures under a general designation in the past 3 years


@dataclass(frozen=True)
class AccountingLine:
    disclosure: Disclosure
    disclosed_on: dt.date  # in the client's site's zone
    how: str  # the path's label: "Claims (837) to a payer"
    information: list[str]
    basis: str  # the authority, with the consent or order it rests on
    by: str  # the staff member, or the job that sent it


@dataclass(frozen=True)
class Accounting:
    client: Client
    since: dt.date
    through: dt.date
    lines: list[AccountingLine]

    @property
    def general_designation(self) -> list[AccountingLine]:
        """2.24: the entities that received records under a general designation, with dates and what."""
        return [line for line in self.lines if line.disclosure.general_designation]


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # Feb 29 in a year that has none
        return day.replace(year=day.year - years, day=28)


def _basis(disclosure: Disclosure) -> str:
    authority = disclosure.get_authority_display()
    if disclosure.consent is not None and disclosure.consent.signed_at is not None:
        consent = disclosure.consent
        return f"{authority}: {consent.get_kind_display()}, signed {consent.signed_at:%Y-%m-%d}"
    if disclosure.court_order is not None:
        order = disclosure.court_order
        return f"{authority}: {order.court_name}, {order.order_reference}"
    return str(authority)


def _by(disclosure: Disclosure) -> str:
    if disclosure.disclosed_by is not None:
        return disclosure.disclosed_by.get_full_name() or disclosure.disclosed_by.username
    return f"Trellis ({disclosure.system_job})" if disclosure.system_job else "Trellis"


def _how(path: str) -> str:
    if path == EMERGENCY_PATH:
        return EMERGENCY_LABEL
    outbound = OUTBOUND_PATHS.get(path)
    return outbound.label if outbound is not None else path


def get_accounting(*, client: Client) -> Accounting:
    zone = clock.zone(client.site.timezone)
    through = clock.today_in(client.site.timezone)
    since = years_before(through, YEARS)
    start = dt.datetime.combine(since, dt.time(0), tzinfo=zone)
    disclosures = (
        Disclosure.objects.filter(client=client, disclosed_at__gte=start)
        .select_related("disclosed_by", "consent", "court_order")
        .order_by("-disclosed_at")
    )
    lines = [
        AccountingLine(
            disclosure=d,
            disclosed_on=d.disclosed_at.astimezone(zone).date(),
            how=_how(d.path),
            information=part2.labels(d.information),
            basis=_basis(d),
            by=_by(d),
        )
        for d in disclosures
    ]
    return Accounting(client=client, since=since, through=through, lines=lines)
