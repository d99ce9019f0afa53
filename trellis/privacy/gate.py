"""The one disclosure gate: every path by which records leave the program calls `disclose` (DESIGN.md rule 8).

`disclose` checks that a consent in force covers this recipient, purpose and kind of information (or a court
order, for use in proceedings), refuses with a message naming what is missing, and otherwise returns the 42 CFR
2.32 notice with a summary of the consent for the caller to attach in its medium, having written a Disclosure
row and an audit event in the caller's transaction. `check` is the same decision without writing anything, for
holds and for pages that offer a release.

Records of a program that is not a Part 2 program are HIPAA records: treatment, payment and operations need no
consent (HIPAA 164.506), anything else needs the client's authorization, which Trellis keeps as a consent too.
A health plan is never told of services the client asked, under an agreed restriction, to keep from it (2.26).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction

from trellis.clients.models import Client
from trellis.core import clock
from trellis.privacy import audit, part2
from trellis.privacy.consent_models import (
    Consent,
    ConsentState,
    CourtOrder,
    RestrictionKind,
    RestrictionRequest,
    RestrictionState,
)
from trellis.privacy.disclosure_models import Authority, Disclosure
from trellis.privacy.part2 import ConsentKind, InfoKind, Purpose, RecipientKind
from trellis.privacy.paths import OUTBOUND_PATHS


@dataclass(frozen=True)
class Recipient:
    kind: str  # a RecipientKind value
    name: str
    payer_id: Any = None  # the payer, when the recipient is a health plan Trellis knows

    def matches(self, name: str) -> bool:
        return _normal(name) == _normal(self.name)


class DisclosureRefused(Exception):
    """The records may not leave: the message names what is missing, for the person who tried."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason  # "no_consent", "revoked", "expired", "restricted", "counseling_notes", "legal"


@dataclass(frozen=True)
class Authorization:
    authority: str
    part2: bool
    consent: Consent | None = None
    court_order: CourtOrder | None = None
    general_designation: bool = False


@dataclass(frozen=True)
class Release:
    """What the caller attaches to the records it sends: the notice and consent summary, and the labels."""

    disclosure: Disclosure
    notice: str  # blank for a HIPAA-only disclosure for treatment, payment or operations
    part2: bool

    @property
    def security_labels(self) -> tuple[str, ...]:
        return part2.SECURITY_LABELS if self.part2 else ()


@dataclass
class GateContext:
    """Everything the gate reads about some clients, loaded in a constant number of queries."""

    clients: dict[Any, Client] = field(default_factory=dict)
    part2: dict[Any, bool] = field(default_factory=dict)
    consents: dict[Any, list[Consent]] = field(default_factory=lambda: defaultdict(list))
    court_orders: dict[Any, list[CourtOrder]] = field(default_factory=lambda: defaultdict(list))
    restrictions: dict[Any, list[RestrictionRequest]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def load(cls, client_ids: Iterable[Any]) -> "GateContext":
        from trellis.episodes.models import Episode  # episodes import privacy; the gate reads them late

        wanted = set(client_ids)
        context = cls()
        context.clients = {c.pk: c for c in Client.objects.filter(pk__in=wanted).select_related("site")}
        episodes_by_client: dict[Any, list[bool]] = defaultdict(list)
        for episode in Episode.objects.filter(client_id__in=wanted).select_related("program"):
            episodes_by_client[episode.client_id].append(episode.program.part2)
        for client_id in wanted:
            flags = episodes_by_client.get(client_id, [])
            # A client not yet in any program is treated as a Part 2 client: the safe reading.
            context.part2[client_id] = not flags or any(flags)
        for consent in Consent.objects.filter(client_id__in=wanted).order_by("-signed_at", "-created_at"):
            context.consents[consent.client_id].append(consent)
        for order in CourtOrder.objects.filter(client_id__in=wanted):
            context.court_orders[order.client_id].append(order)
        for restriction in RestrictionRequest.objects.filter(
            client_id__in=wanted, state=RestrictionState.AGREED
        ).select_related("payer"):
            context.restrictions[restriction.client_id].append(restriction)
        return context


def _normal(name: str) -> str:
    return " ".join(name.casefold().split())


def _words(values: Iterable[str], vocabulary: type[models.TextChoices] = InfoKind) -> str:
    items = part2.labels(sorted(values), vocabulary)
    return "; ".join(item[0].lower() + item[1:] for item in items)


def _local_today(client: Client, moment: dt.datetime) -> dt.date:
    return moment.astimezone(clock.zone(client.site.timezone)).date()


def _recipient_covered(consent: Consent, recipient: Recipient) -> bool:
    if consent.general_designation:
        return recipient.kind in part2.GENERAL_DESIGNATION_KINDS
    return consent.recipient_kind == recipient.kind and recipient.matches(consent.recipient_name)


def _covers(consent: Consent, recipient: Recipient, purpose: str, information: set[str]) -> bool:
    return (
        _recipient_covered(consent, recipient)
        and purpose in consent.purposes
        and information <= set(consent.information)
    )


def _restriction_refusal(
    context: GateContext, client: Client, recipient: Recipient, purpose: str, today: dt.date
) -> DisclosureRefused | None:
    if recipient.kind != RecipientKind.HEALTH_PLAN or purpose not in (Purpose.PAYMENT, Purpose.OPERATIONS):
        return None
    for restriction in context.restrictions.get(client.pk, []):
        if restriction.kind != RestrictionKind.HEALTH_PLAN:
            continue
        if restriction.payer_id is None or restriction.payer_id == recipient.payer_id:
            return DisclosureRefused(
                f"Refused: on {restriction.requested_on:%Y-%m-%d} the client asked that "
                f"{restriction.payer.name if restriction.payer else 'no health plan'} be told of self-paid "
                "services, and the program agreed (42 CFR 2.26). Bill the client instead.",
                reason="restricted",
            )
    return None


def _court_order_for(
    context: GateContext, client: Client, recipient: Recipient, information: set[str], today: dt.date
) -> CourtOrder | None:
    for order in context.court_orders.get(client.pk, []):
        in_force = order.issued_on <= today and (order.expires_on is None or today <= order.expires_on)
        if in_force and recipient.matches(order.recipient_name) and information <= set(order.information):
            return order
    return None


def _why_not(
    candidates: list[Consent],
    recipient: Recipient,
    purpose: str,
    information: set[str],
    moment: dt.datetime,
    today: dt.date,
) -> tuple[str, str]:
    """The closest consent's shortfall, as (reason, words)."""
    scoped = [c for c in candidates if _covers(c, recipient, purpose, information)]
    for consent in scoped:
        state = consent.state_on(moment, today)
        if state == ConsentState.REVOKED:
            assert consent.revoked_at is not None
            return (
                "revoked",
                f"the {consent.get_kind_display()} consent was revoked on {consent.revoked_at:%Y-%m-%d}",
            )
        if state == ConsentState.EXPIRED:
            return "expired", f"the {consent.get_kind_display()} consent has expired ({consent.expiry_words})"
        if state == ConsentState.AWAITING_SIGNATURE:
            return "no_consent", f"the {consent.get_kind_display()} consent has not been signed yet"
    for consent in candidates:
        if consent.state_on(moment, today) != ConsentState.ACTIVE:
            continue
        if not _recipient_covered(consent, recipient):
            continue
        if purpose not in consent.purposes:
            return (
                "no_consent",
                f"the consent in force does not cover the purpose {Purpose(purpose).label.lower()}",
            )
        missing = information - set(consent.information)
        return "no_consent", f"the consent in force does not cover {_words(missing)}"
    return "no_consent", "there is no signed consent for this recipient"


def check(
    *,
    path: str,
    client: Client,
    recipient: Recipient,
    purpose: str,
    information: Iterable[str],
    at: dt.datetime | None = None,
    context: GateContext | None = None,
) -> Authorization:
    """May these records of `client` go to `recipient` for `purpose` now (or at `at`)? The authority, or
    DisclosureRefused naming what is missing. Reads only."""
    outbound = OUTBOUND_PATHS[path]  # an unregistered path is a programming error, not a refusal
    wanted = {str(kind) for kind in information}
    if not wanted or not wanted <= outbound.information:
        raise ValueError(f"{path} carries only {sorted(outbound.information)}, not {sorted(wanted)}")
    if purpose not in outbound.purposes or recipient.kind not in outbound.recipient_kinds:
        raise ValueError(f"{path} does not go to {recipient.kind} for {purpose}")
    moment = at or clock.now()
    context = context or GateContext.load([client.pk])
    client = context.clients.get(client.pk, client)
    today = _local_today(client, moment)
    is_part2 = context.part2.get(client.pk, True)
    restricted = _restriction_refusal(context, client, recipient, purpose, today)
    if restricted is not None:
        raise restricted
    if not is_part2 and purpose in part2.TPO_PURPOSES and InfoKind.COUNSELING_NOTES not in wanted:
        return Authorization(Authority.HIPAA_TPO, part2=False)
    return _consent_authority(context, client, recipient, purpose, wanted, moment, today, is_part2)


def _consent_authority(
    context: GateContext,
    client: Client,
    recipient: Recipient,
    purpose: str,
    wanted: set[str],
    moment: dt.datetime,
    today: dt.date,
    is_part2: bool,
) -> Authorization:
    consents = context.consents.get(client.pk, [])
    if purpose == Purpose.LEGAL:
        order = _court_order_for(context, client, recipient, wanted, today)
        if order is not None:
            return Authorization(Authority.COURT_ORDER, part2=is_part2, court_order=order)
        kinds = {ConsentKind.LEGAL}
    elif InfoKind.COUNSELING_NOTES in wanted:
        kinds = {ConsentKind.COUNSELING_NOTES}  # 2.31(b): never combined with any other consent
    else:
        kinds = {ConsentKind.TPO, ConsentKind.NAMED}
    candidates = [c for c in consents if c.kind in kinds]
    for consent in candidates:
        if consent.state_on(moment, today) == ConsentState.ACTIVE and _covers(
            consent, recipient, purpose, wanted
        ):
            return Authorization(
                Authority.CONSENT,
                part2=is_part2,
                consent=consent,
                general_designation=consent.general_designation,
            )
    reason, shortfall = _why_not(candidates, recipient, purpose, wanted, moment, today)
    if purpose == Purpose.LEGAL:
        reason, shortfall = (
            "legal",
            "use in a proceeding needs the client's separate consent or a court order (42 CFR 2.64)",
        )
    elif kinds == {ConsentKind.COUNSELING_NOTES} and reason == "no_consent":
        reason = "counseling_notes"
        shortfall = (
            "SUD counseling notes need their own consent, separate from any other (42 CFR 2.31(b)); "
            + shortfall
        )
    raise DisclosureRefused(
        f"Refused: no consent in force covers giving {_words(wanted)} to {recipient.name} for "
        f"{Purpose(purpose).label.lower()}: {shortfall}. Nothing was sent.",
        reason=reason,
    )


def consent_summary(consent: Consent) -> str:
    """A clear explanation of the consent's scope, to travel with what it allowed (42 CFR 2.32(b))."""
    signed = f"{consent.signed_at:%Y-%m-%d}" if consent.signed_at else "not signed"
    return "\n".join(
        [
            f"Disclosed with the written consent of the client, signed {signed} ({consent.get_kind_display()}).",
            f"Who may disclose: {consent.disclosing_party}.",
            f"Information: {_words(consent.information)}. {consent.information_detail}".strip(),
            f"To: {consent.recipient_words}.",
            f"Purposes: {_words(consent.purposes, Purpose)}."
            + (f" {consent.purpose_detail}" if consent.purpose_detail else ""),
            f"Expires: {consent.expiry_words}.",
            part2.RIGHT_TO_REVOKE,
        ]
    )


def notice_for(authorization: Authorization) -> str:
    """The words attached to a disclosure: the 2.32 notice and the consent or order it rests on."""
    if authorization.authority == Authority.HIPAA_TPO:
        return ""
    lines = [part2.NOTICE] if authorization.part2 else []
    if authorization.consent is not None:
        lines.append(consent_summary(authorization.consent))
    if authorization.court_order is not None:
        order = authorization.court_order
        lines.append(
            f"Disclosed under the order of {order.court_name}, {order.order_reference}, issued "
            f"{order.issued_on:%Y-%m-%d} (42 CFR 2.64): {order.scope}"
        )
    return "\n\n".join(lines)


def disclose(
    *,
    path: str,
    client: Client,
    recipient: Recipient,
    purpose: str,
    information: Iterable[str],
    description: str,
    actor: Any = None,
    system_job: str = "",
    obj: models.Model | None = None,
    context: GateContext | None = None,
) -> Release:
    """Let these records of `client` leave, or raise DisclosureRefused (audited) and let nothing out.

    On success a Disclosure row and an audit event are written in the caller's transaction, so a release that
    later fails rolls its record back with it; the caller attaches `Release.notice` in its medium."""
    wanted = sorted({str(kind) for kind in information})
    try:
        authorization = check(
            path=path,
            client=client,
            recipient=recipient,
            purpose=purpose,
            information=wanted,
            context=context,
        )
    except DisclosureRefused as refused:
        _audit_refusal(actor=actor, client=client, path=path, reason=refused.reason, system_job=system_job)
        raise
    with transaction.atomic():
        return _release(
            authorization, path, client, recipient, purpose, wanted, description, actor, system_job, obj
        )


def _release(
    authorization: Authorization,
    path: str,
    client: Client,
    recipient: Recipient,
    purpose: str,
    wanted: list[str],
    description: str,
    actor: Any,
    system_job: str,
    obj: models.Model | None,
) -> Release:
    disclosure = _row(
        authorization, path, client, recipient, purpose, wanted, description, actor, system_job, obj
    )
    disclosure.save(force_insert=True)
    audit.record(
        actor=actor,
        action=audit.Action.DISCLOSE,
        client_id=client.pk,
        obj=disclosure,
        detail=f"{path} for {purpose}",
        system_job=system_job,
    )
    return Release(disclosure=disclosure, notice=disclosure.notice, part2=authorization.part2)


def _row(
    authorization: Authorization,
    path: str,
    client: Client,
    recipient: Recipient,
    purpose: str,
    wanted: list[str],
    description: str,
    actor: Any,
    system_job: str,
    obj: models.Model | None,
) -> Disclosure:
    return Disclosure(
        organization_id=client.organization_id,
        client=client,
        path=path,
        disclosed_at=clock.now(),
        recipient_kind=recipient.kind,
        recipient_name=recipient.name,
        purpose=purpose,
        information=wanted,
        description=description[:200],
        authority=authorization.authority,
        consent=authorization.consent,
        court_order=authorization.court_order,
        general_designation=authorization.general_designation,
        part2=authorization.part2,
        notice=notice_for(authorization),
        disclosed_by=actor if getattr(actor, "is_authenticated", False) else None,
        system_job=system_job,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
    )


@dataclass(frozen=True)
class Outgoing:
    """One client's records in a batch that leaves together (an export file)."""

    client: Client
    description: str
    obj: models.Model | None = None


def disclose_many(
    *,
    path: str,
    recipient: Recipient,
    purpose: str,
    information: Iterable[str],
    items: list[Outgoing],
    context: GateContext,
    actor: Any = None,
    system_job: str = "",
) -> list[Release]:
    """`disclose` for many clients going to one recipient together, in a constant number of queries: every
    check first, then all the Disclosure rows and audit events in one INSERT each. A refusal of any client
    refuses the batch (its audit event written, as `disclose` writes it); callers hold back refused clients
    beforehand with `check`."""
    wanted = sorted({str(kind) for kind in information})
    authorizations = []
    for item in items:
        try:
            authorizations.append(
                check(
                    path=path,
                    client=item.client,
                    recipient=recipient,
                    purpose=purpose,
                    information=wanted,
                    context=context,
                )
            )
        except DisclosureRefused as refused:
            _audit_refusal(
                actor=actor, client=item.client, path=path, reason=refused.reason, system_job=system_job
            )
            raise
    rows = [
        _row(
            authorization,
            path,
            item.client,
            recipient,
            purpose,
            wanted,
            item.description,
            actor,
            system_job,
            item.obj,
        )
        for authorization, item in zip(authorizations, items, strict=True)
    ]
    with transaction.atomic():
        Disclosure.objects.bulk_create(rows)
        audit.record_changes(
            actor=actor,
            action=audit.Action.DISCLOSE,
            changes=[(row.client_id, row, f"{path} for {purpose}") for row in rows],
            system_job=system_job,
        )
    return [Release(disclosure=row, notice=row.notice, part2=row.part2) for row in rows]


def _audit_refusal(*, actor: Any, client: Client, path: str, reason: str, system_job: str) -> None:
    """Written in the caller's transaction, outside the gate's own: a caller that catches the refusal and shows
    it (every page does) keeps the record of who tried."""
    audit.record(
        actor=actor,
        action=audit.Action.DISCLOSURE_REFUSED,
        client_id=client.pk,
        obj=client,
        detail=f"{path}: {reason}",
        system_job=system_job,
    )
