"""Reads for the billing pages: the biller's queue, authorization and certification alerts, client billing.

Each runs a fixed number of queries whatever the number of charges, and starts from rows the user may see.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from trellis.accounts.roles import Capability
from trellis.billing.authorization_units import units_used_by_authorization
from trellis.billing.choices import (
    HOLD_DETAILS,
    HOLD_LABELS,
    NEVER_RELEASED_BY_HAND,
    ChargeStatus,
    PayerKind,
)
from trellis.billing.models import Authorization, Charge, Claim, Coverage, MedicareCertification
from trellis.billing.rules import authorizations as auth_rules
from trellis.billing.rules import medicare_iop
from trellis.billing.rules.effective import EffectivePeriod
from trellis.clients.models import Client
from trellis.core import page_memo

QUEUE_LIMIT = 25  # per reason, oldest first: the biller works from the top and rechecks
MEDICARE = medicare_iop.MedicareIopSettings(effective=EffectivePeriod(dt.date(2024, 1, 1)))


@dataclass
class HoldGroup:
    reason: str
    label: str
    detail: str
    charges: list[Charge] = field(default_factory=list)
    total: int = 0

    @property
    def amount(self) -> Decimal:
        return sum((c.amount for c in self.charges), Decimal(0))

    @property
    def by_hand(self) -> bool:
        """May a biller release these by hand? Never an unsigned note, no diagnosis or coverage, no consent."""
        return self.reason not in NEVER_RELEASED_BY_HAND


@dataclass(frozen=True)
class QueueSummary:
    held: int
    held_amount: Decimal
    released: int
    released_amount: Decimal


def queue_charges(user: Any) -> QuerySet[Charge]:
    return Charge.objects.visible_to(user).select_related(
        "client",
        "payer",
        "authorization",
        "attendance__session__group",
        "participant_entry",
        "individual_note",
        "support_contact",
    )


def list_hold_groups(*, user: Any, limit: int = QUEUE_LIMIT) -> list[HoldGroup]:
    """Held charges grouped by reason, oldest first; a charge held for two reasons is in both groups (1 query)."""
    groups: dict[str, HoldGroup] = {}
    for charge in queue_charges(user).filter(status=ChargeStatus.HELD).order_by("service_date", "client_id"):
        for reason in charge.hold_reasons:
            group = groups.setdefault(
                reason, HoldGroup(reason, HOLD_LABELS.get(reason, reason), HOLD_DETAILS.get(reason, ""))
            )
            group.total += 1
            if len(group.charges) < limit:
                group.charges.append(charge)
    order = list(HOLD_LABELS)
    return sorted(groups.values(), key=lambda g: order.index(g.reason) if g.reason in order else len(order))


def get_queue_summary(*, user: Any) -> QueueSummary:
    rows = {
        row["status"]: row
        for row in Charge.objects.visible_to(user)
        .filter(status__in=[ChargeStatus.HELD, ChargeStatus.RELEASED])
        .values("status")
        .annotate(count=Count("id"), amount=Sum("amount"))
    }
    empty = {"count": 0, "amount": Decimal(0)}
    held, released = rows.get(ChargeStatus.HELD, empty), rows.get(ChargeStatus.RELEASED, empty)
    return QueueSummary(
        held["count"], held["amount"] or Decimal(0), released["count"], released["amount"] or Decimal(0)
    )


@dataclass(frozen=True)
class AuthorizationLine:
    authorization: Authorization
    used: int
    remaining: int
    alerts: tuple[str, ...]

    @property
    def used_percent(self) -> int:
        return min(100, round(100 * self.used / self.authorization.units_authorized))


ALERT_LABELS = {
    auth_rules.AuthorizationAlert.NEARLY_USED: "nearly used",
    auth_rules.AuthorizationAlert.USED_UP: "used up",
    auth_rules.AuthorizationAlert.EXPIRING_SOON: "concurrent review due",
    auth_rules.AuthorizationAlert.EXPIRED: "expired",
}


RENEWAL_SETTLES = {auth_rules.AuthorizationAlert.EXPIRING_SOON, auth_rules.AuthorizationAlert.EXPIRED}


def _renewed(coverage_ids: set[Any], authorizations: Sequence[Authorization]) -> set[Any]:
    """Authorizations followed, from the day after they end, by another for the same coverage (1 query)."""
    starts: dict[Any, list[dt.date]] = defaultdict(list)
    rows = Authorization.objects.filter(coverage_id__in=coverage_ids).values_list("coverage_id", "starts_on")
    for coverage_id, starts_on in rows:
        starts[coverage_id].append(starts_on)
    return {
        a.pk
        for a in authorizations
        if any(a.starts_on < day <= a.ends_on + dt.timedelta(days=1) for day in starts[a.coverage_id])
    }


def _authorization_lines(authorizations: QuerySet[Authorization], today: dt.date) -> list[AuthorizationLine]:
    rows = list(authorizations.select_related("coverage__client", "coverage__payer"))
    used = units_used_by_authorization(a.pk for a in rows)
    renewed = _renewed({a.coverage_id for a in rows}, rows)
    lines = []
    for authorization in rows:
        units_used = used.get(authorization.pk, 0)
        payer = authorization.coverage.payer
        window = auth_rules.AuthorizationWindow(
            authorization.starts_on, authorization.ends_on, authorization.units_authorized
        )
        thresholds = auth_rules.AlertThresholds(payer.alert_used_percent, payer.alert_days_before_end)
        alerts = auth_rules.authorization_alerts(
            window, units_used=units_used, today=today, thresholds=thresholds
        )
        if authorization.pk in renewed:  # the next authorization is in place: its review is done
            ended = today > authorization.ends_on
            alerts = () if ended else tuple(a for a in alerts if a not in RENEWAL_SETTLES)
        lines.append(
            AuthorizationLine(
                authorization=authorization,
                used=units_used,
                remaining=auth_rules.units_left(
                    units_authorized=authorization.units_authorized, used=units_used
                ),
                alerts=tuple(ALERT_LABELS[a] for a in alerts),
            )
        )
    return lines


def list_authorizations_at_risk(
    *, user: Any, today: dt.date, client_id: Any = None
) -> list[AuthorizationLine]:
    """Authorizations still running, or ended in the last two weeks, that have an alert (1 query); with
    `client_id`, that client's only. Today's panels share one reading (page_memo)."""
    return page_memo.remember(
        ("authorizations_at_risk", user.pk, today, client_id),
        lambda: _authorizations_at_risk(user=user, today=today, client_id=client_id),
    )


def _authorizations_at_risk(*, user: Any, today: dt.date, client_id: Any) -> list[AuthorizationLine]:
    running = Authorization.objects.visible_to(user).filter(ends_on__gte=today - dt.timedelta(days=14))
    if client_id is not None:
        running = running.filter(coverage__client_id=client_id)
    lines = [line for line in _authorization_lines(running, today) if line.alerts]
    return sorted(lines, key=lambda line: line.authorization.ends_on)


def list_client_authorizations(*, client: Any, user: Any, today: dt.date) -> list[AuthorizationLine]:
    authorizations = Authorization.objects.visible_to(user, client=client).filter(coverage__client=client)
    return _authorization_lines(authorizations, today)


@dataclass(frozen=True)
class CertificationLine:
    client: Any
    status: medicare_iop.CertificationStatus
    last_signed_on: dt.date | None
    due_on: dt.date | None


def list_certifications_due(*, user: Any, today: dt.date) -> list[CertificationLine]:
    """Clients with Medicare coverage now whose IOP certification is missing, lapsing or lapsed (2 queries).

    Billers chase them and prescribers sign them, so both see the list for the clients they may see."""
    if not (user.can(Capability.MANAGE_BILLING) or user.can(Capability.CERTIFY_IOP)):
        return []
    coverages = (
        Coverage.objects.filter(
            client__organization_id=user.organization_id, client__in=Client.objects.visible_to(user)
        )
        .filter(payer__kind=PayerKind.MEDICARE, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("client")
    )
    clients = {coverage.client_id: coverage.client for coverage in coverages}
    signed: dict[Any, list[medicare_iop.Certification]] = defaultdict(list)
    rows = MedicareCertification.objects.filter(client_id__in=list(clients)).values_list(
        "client_id", "signed_on", "certified_hours_per_week"
    )
    for client_id, signed_on, hours in rows:
        signed[client_id].append(medicare_iop.Certification(signed_on, hours))
    lines = []
    for client_id, client in clients.items():
        status = medicare_iop.certification_status(signed[client_id], today=today, settings=MEDICARE)
        if status is medicare_iop.CertificationStatus.CURRENT:
            continue
        last = max((c.signed_on for c in signed[client_id]), default=None)
        due = medicare_iop.recertification_due(last, MEDICARE) if last else None
        lines.append(CertificationLine(client, status, last, due))
    return sorted(lines, key=lambda line: (line.due_on or dt.date.min, line.client.legal_last_name))


def client_charges(*, client: Any, user: Any, limit: int = 60) -> list[Charge]:
    rows = queue_charges(user).filter(client=client).exclude(status=ChargeStatus.VOID)
    return list(rows.order_by("-service_date", "code")[:limit])


def client_claims(*, client: Any, user: Any) -> list[Claim]:
    return list(Claim.objects.visible_to(user).filter(client=client).select_related("payer"))
