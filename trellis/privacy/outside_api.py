"""API access by outside systems (path `outside_api`): every answer with client records passes the gate.

An outside system (trellis.accounts.outside_models.OutsideSystem) reads with its own token, as the recipient
it was registered as, for its one purpose. The design, in three pieces:

- `OutsideSystemAccess`, a default permission of every API view: an outside system may only read, and only
  from views that declare `outside_information` (the kinds of record their answer carries); anything else is
  403. A new API view is closed to outside systems until it is made to release through the gate.
- `consented` filters a list before it is paged: the gate's decision for each client (GateContext, constant
  queries) leaves out every client no consent covers, so counts and pages hold consented clients only.
- `release` discloses each client on the page (one Disclosure row each) and `attach` adds the metadata: a
  `disclosure` object and `security_labels` on each client's item, and `X-Part2-Notice` and
  `X-Security-Labels` headers on the response. A detail read that the gate refuses is a 403 with its message.

Staff tokens are the program's own use of its records, not a disclosure: none of this applies to them.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from trellis.accounts.models import OutsideSystem
from trellis.privacy import gate, part2
from trellis.privacy.paths import OUTSIDE_API

NOTICE_HEADER = "X-Part2-Notice"
LABELS_HEADER = "X-Security-Labels"


def system_of(request: Request) -> OutsideSystem | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, OutsideSystem) else None


class OutsideSystemAccess(BasePermission):
    """Outside systems read only, and only where the view releases what it shows through the gate."""

    message = "Outside systems may not use this endpoint."

    def has_permission(self, request: Request, view: Any) -> bool:
        if system_of(request) is None:
            return True
        if request.method not in SAFE_METHODS:
            self.message = "Outside systems may only read."
            return False
        return getattr(view, "outside_information", None) is not None


def recipient_of(system: OutsideSystem) -> gate.Recipient:
    return gate.Recipient(system.recipient_kind, system.name)


def _job(system: OutsideSystem) -> str:
    return f"outside system {system.prefix}"


def consented(
    system: OutsideSystem, *, client_ids: Iterable[Any], information: Sequence[str]
) -> tuple[gate.GateContext, set[Any]]:
    """The clients among `client_ids` whose records may go to `system` now, with what the gate read."""
    wanted = set(client_ids)
    context = gate.GateContext.load(wanted)
    allowed = set()
    for client_id in wanted:
        client = context.clients.get(client_id)
        if client is None:
            continue
        try:
            gate.check(
                path=OUTSIDE_API,
                client=client,
                recipient=recipient_of(system),
                purpose=system.purpose,
                information=information,
                context=context,
            )
        except gate.DisclosureRefused:
            continue
        allowed.add(client_id)
    return context, allowed


def release(
    system: OutsideSystem,
    *,
    client_ids: Iterable[Any],
    information: Sequence[str],
    description: str,
    context: gate.GateContext | None = None,
) -> dict[Any, gate.Release]:
    """One disclosure per client shown, written for the whole page at once (constant queries); a refusal
    (audited by the gate) is a 403 naming what is missing, and nothing is disclosed."""
    wanted = list(dict.fromkeys(client_ids))
    context = context or gate.GateContext.load(wanted)
    items = [
        gate.Outgoing(client=context.clients[client_id], description=description) for client_id in wanted
    ]
    try:
        granted = gate.disclose_many(
            path=OUTSIDE_API,
            recipient=recipient_of(system),
            purpose=system.purpose,
            information=information,
            items=items,
            context=context,
            actor=None,
            system_job=_job(system),
        )
    except gate.DisclosureRefused as refused:
        raise PermissionDenied(refused.message) from None
    return {release.disclosure.client_id: release for release in granted}


def metadata(granted: gate.Release) -> dict[str, Any]:
    disclosure = granted.disclosure
    return {
        "id": str(disclosure.pk),
        "recipient": disclosure.recipient_name,
        "purpose": disclosure.purpose,
        "authority": disclosure.authority,
        "part2": granted.part2,
        "notice": granted.notice,
    }


def attach(
    response: Response, items: list[dict[str, Any]], client_ids: list[Any], releases: dict[Any, gate.Release]
) -> Response:
    """Each item carries its client's disclosure and labels; the response says whether Part 2 records are in it."""
    for item, client_id in zip(items, client_ids, strict=True):
        granted = releases[client_id]
        item["disclosure"] = metadata(granted)
        item["security_labels"] = list(granted.security_labels)
    if any(granted.part2 for granted in releases.values()):
        response[NOTICE_HEADER] = part2.NOTICE
        response[LABELS_HEADER] = ", ".join(part2.SECURITY_LABELS)
    return response


class DisclosureMetadataSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(help_text="The Disclosure recorded for this answer.")
    recipient = serializers.CharField()
    purpose = serializers.ChoiceField(part2.Purpose.choices)
    authority = serializers.CharField(help_text="consent, court_order or hipaa_tpo.")
    part2 = serializers.BooleanField(help_text="The client's records are 42 CFR Part 2 records.")
    notice = serializers.CharField(
        help_text="The 42 CFR 2.32 notice and a summary of the consent the disclosure rests on."
    )


class ReleaseMetadataFields(serializers.Serializer[Any]):
    """Fields present only in answers to an outside system (absent from the instance, so skipped for staff).

    Not `read_only`: the schema would then call them required in every answer, and staff answers lack them."""

    disclosure = DisclosureMetadataSerializer(
        required=False,
        help_text="Outside systems only: the disclosure this client's records were released under.",
    )
    security_labels = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text='Outside systems only: HL7 labels, ["R", "42CFRPart2"] for Part 2 records.',
    )


RESPONSE_HEADERS = [
    OpenApiParameter(
        NOTICE_HEADER,
        str,
        OpenApiParameter.HEADER,
        response=True,
        description="Outside systems only, when the answer holds Part 2 records: the 42 CFR 2.32 notice.",
    ),
    OpenApiParameter(
        LABELS_HEADER,
        str,
        OpenApiParameter.HEADER,
        response=True,
        description="Outside systems only, with Part 2 records: the security labels (R, 42CFRPart2).",
    ),
]
