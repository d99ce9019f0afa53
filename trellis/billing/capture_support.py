"""Case-management and peer-support charges from contacts: H0006 and H0038 under the payer's rules.

- H0006 "Alcohol and/or drug services; case management" (REFERENCE.md s4; HCPCS Level II) carries no time in
  its descriptor: payers price it per encounter or per 15 minutes, and the fee schedule entry's unit type says
  which.
- H0038 "Self-help/peer services, per 15 minutes" (CMS HCPCS Level II code set; e.g. the CMS HCPCS quarterly
  update files at https://www.cms.gov/medicare/coding-billing/healthcare-common-procedure-system).
- Per 15 minutes, a unit counts from its midpoint (8 minutes; CMS 8-minute rule, Medicare Claims Processing
  Manual ch. 5 s20.2), as elsewhere in capture; a contact under 8 minutes has no unit and is held.

A contact earns one line; the usual holds follow in capture's evaluate() (unsigned, no diagnosis, no coverage,
authorization). Here: the payer's rules say it does not pay for the service, no fee, less than one unit.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from trellis.billing.capture_lines import ClientFacts, Line, RuleBook, fee_on, price
from trellis.billing.choices import UnitType
from trellis.billing.models import FeeScheduleEntry
from trellis.billing.rules.payers import PayerRules
from trellis.billing.rules.units import Rounding, time_units
from trellis.support.choices import ContactKind
from trellis.support.models import SupportContact

CODES: dict[str, str] = {ContactKind.CASE_MANAGEMENT: "H0006", ContactKind.PEER_SUPPORT: "H0038"}
NOT_PAID: dict[str, str] = {
    ContactKind.CASE_MANAGEMENT: "case_management_not_paid",
    ContactKind.PEER_SUPPORT: "peer_support_not_paid",
}
BELOW_ONE_UNIT = "below_one_unit"


@dataclass(frozen=True)
class Contact:
    """One case-management or peer-support contact, as capture needs it."""

    contact_id: Any
    client_id: Any
    program_id: Any
    kind: str
    day: dt.date
    minutes: int
    signed: bool


def load_contacts(
    *, first: dt.date, last: dt.date, organization_id: Any, client_ids: list[Any] | None
) -> dict[Any, list[Contact]]:
    """The period's contacts of one organization's clients (or of the ones given), by client. One query."""
    rows = SupportContact.objects.filter(
        service_date__gte=first, service_date__lte=last, client__organization_id=organization_id
    )
    if client_ids is not None:
        rows = rows.filter(client_id__in=client_ids)
    by_client: dict[Any, list[Contact]] = defaultdict(list)
    for pk, client_id, program_id, kind, day, minutes, signed_at in rows.values_list(
        "id", "client_id", "episode__program_id", "kind", "service_date", "minutes", "signed_at"
    ):
        by_client[client_id].append(
            Contact(pk, client_id, program_id, kind, day, minutes, signed=signed_at is not None)
        )
    return dict(by_client)


def pays_for(rules: PayerRules, kind: str) -> bool:
    if kind == ContactKind.CASE_MANAGEMENT:
        return rules.pays_case_management
    return rules.pays_peer_support


def _hold_short_contact(line: Line, fees: dict[tuple[Any, str], list[FeeScheduleEntry]]) -> None:
    fee = fee_on(line, fees)
    if fee is None or fee.unit_type != UnitType.PER_15_MIN:
        return
    if time_units(line.minutes, minutes_per_unit=15, rounding=Rounding.CMS_EIGHT_MINUTE) == 0:
        line.units, line.amount = 0, Decimal(0)
        line.reasons.append(BELOW_ONE_UNIT)


def contact_line(
    contact: Contact, facts: ClientFacts, rules: RuleBook, fees: dict[tuple[Any, str], list[FeeScheduleEntry]]
) -> Line:
    coverage = facts.coverage_on(contact.day)
    line = Line(
        source_key=f"contact:{contact.contact_id}",
        client_id=contact.client_id,
        program_id=contact.program_id,
        service_date=contact.day,
        code=CODES[contact.kind],
        minutes=contact.minutes,
        note_signed=contact.signed,
        support_contact_id=contact.contact_id,
        coverage=coverage,
    )
    if coverage is not None and not pays_for(rules.on(coverage.payer, contact.day), contact.kind):
        line.reasons.append(NOT_PAID[contact.kind])
    price(line, fees)
    _hold_short_contact(line, fees)
    return line


def support_lines(
    contacts: list[Contact],
    facts: ClientFacts,
    rules: RuleBook,
    fees: dict[tuple[Any, str], list[FeeScheduleEntry]],
) -> list[Line]:
    """One priced line per contact, with the holds only this kind of service has."""
    return [contact_line(contact, facts, rules, fees) for contact in contacts]
