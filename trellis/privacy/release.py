"""Releasing a clinical document (a PDF) to someone other than the client, through the disclosure gate.

The pages that offer a release (treatment plan, discharge summary, aftercare referral) share this: the choice of
recipient from the client's consents and court orders in force, the release itself (the gate's Disclosure row
and the PDF made in one transaction), and the cover page that carries the 42 CFR 2.32 notice and the consent it
rests on as the document's first page. Every page of a Part 2 client's document carries the footer label.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import transaction

from trellis.clients.models import Client
from trellis.core import clock
from trellis.privacy import gate, part2
from trellis.privacy.consent_models import ConsentState
from trellis.privacy.part2 import ConsentKind, Purpose, RecipientKind

# On every page of a Part 2 client's document, whoever holds it (42 CFR 2.32; REFERENCE.md s5).
PDF_FOOTER = f"42 CFR Part 2 record — redisclosure prohibited. {part2.NOTICE}"


def records_are_part2(client: Client) -> bool:
    """The gate's reading: a client of any Part 2 program (or of none yet) has Part 2 records."""
    return gate.GateContext.load([client.pk]).part2.get(client.pk, True)


@dataclass(frozen=True)
class Cover:
    """The first page of a released document: to whom, why, what, and the notice with the consent summary."""

    recipient: gate.Recipient
    purpose: str
    information: tuple[str, ...]
    notice: str
    part2: bool
    disclosed_at: dt.datetime
    disclosed_by: str
    disclosure_id: str

    @property
    def recipient_kind_label(self) -> str:
        return str(RecipientKind(self.recipient.kind).label)

    @property
    def purpose_label(self) -> str:
        return str(Purpose(self.purpose).label)

    @property
    def information_labels(self) -> list[str]:
        return part2.labels(list(self.information))

    @property
    def statement(self) -> str:
        return part2.NOTICE

    @property
    def authority(self) -> str:
        """The consent summary or court order the notice carries, without repeating the statement."""
        return self.notice.removeprefix(part2.NOTICE).strip()

    @property
    def redisclosure(self) -> str:
        return part2.REDISCLOSURE


def _separator(kind: str, name: str) -> str:
    return f"{kind}|{name}"


def recipient_options(client: Client) -> list[tuple[str, str]]:
    """Recipients the client's consents and court orders in force name, then "someone else"."""
    context = gate.GateContext.load([client.pk])
    moment = clock.now()
    today = clock.today_in(client.site.timezone)
    options: dict[str, str] = {}
    for consent in context.consents.get(client.pk, []):
        if (
            consent.kind == ConsentKind.COUNSELING_NOTES
            or consent.state_on(moment, today) != ConsentState.ACTIVE
        ):
            continue
        if consent.general_designation:
            for kind in sorted(part2.GENERAL_DESIGNATION_KINDS):
                label = RecipientKind(kind).label
                options[_separator(kind, "")] = f"{label}: name them below (general designation, TPO consent)"
        else:
            kind_label = RecipientKind(consent.recipient_kind).label
            options[_separator(consent.recipient_kind, consent.recipient_name)] = (
                f"{consent.recipient_name} ({kind_label}, {consent.get_kind_display()} consent)"
            )
    for order in context.court_orders.get(client.pk, []):
        if order.issued_on <= today and (order.expires_on is None or today <= order.expires_on):
            options[_separator(RecipientKind.COURT, order.recipient_name)] = (
                f"{order.recipient_name} (court order {order.order_reference})"
            )
    return [*options.items(), ("", "Someone else: type the name and kind below")]


class ReleaseForm(forms.Form):
    """Whom the document goes to and why; the gate, not the form, decides whether it may."""

    recipient = forms.CharField(label="Recipient", required=False, widget=forms.Select)
    recipient_name = forms.CharField(
        label="Recipient's name",
        required=False,
        max_length=160,
        help_text="For a general designation or someone else: the person or organization, as a consent names them.",
    )
    recipient_kind = forms.ChoiceField(
        label="Kind of recipient (someone else)",
        required=False,
        choices=[("", "—"), *RecipientKind.choices],
    )
    purpose = forms.ChoiceField(label="Purpose of the disclosure", choices=Purpose.choices)

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient"].widget.choices = recipient_options(client)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = str(data.get("recipient") or "")
        kind, _, name = chosen.partition("|") if chosen else ("", "", "")
        if kind and kind not in RecipientKind.values:
            self.add_error("recipient", "Choose a recipient from the list.")
            return data
        name = name.strip() or " ".join(str(data.get("recipient_name") or "").split())
        kind = kind or str(data.get("recipient_kind") or "")
        if not name:
            self.add_error("recipient_name", "Name the person or organization who receives the document.")
        elif len(name) > 160:
            self.add_error("recipient_name", "Use at most 160 characters for the recipient's name.")
            name = ""
        if not kind:
            self.add_error("recipient_kind", "Say what kind of recipient they are.")
        if name and kind:
            data["to"] = gate.Recipient(kind, name)
        return data


def release_document(
    *,
    path: str,
    client: Client,
    recipient: gate.Recipient,
    purpose: str,
    information: tuple[str, ...],
    description: str,
    actor: Any,
    obj: Any,
    render: Callable[[Cover], bytes],
) -> bytes:
    """The document with its cover page, and one Disclosure row, in one transaction; or DisclosureRefused.

    A refusal leaves the gate's audit event standing (it is the record of who tried) and releases nothing; a
    document that fails to render takes its Disclosure row with it."""
    refused: gate.DisclosureRefused | None = None
    with transaction.atomic():
        try:
            granted = gate.disclose(
                path=path,
                client=client,
                recipient=recipient,
                purpose=purpose,
                information=information,
                description=description,
                actor=actor,
                obj=obj,
            )
        except gate.DisclosureRefused as refusal:
            refused = refusal
        else:
            cover = Cover(
                recipient=recipient,
                purpose=purpose,
                information=information,
                notice=granted.notice,
                part2=granted.part2,
                disclosed_at=granted.disclosure.disclosed_at,
                disclosed_by=actor.get_full_name() or actor.username,
                disclosure_id=str(granted.disclosure.pk),
            )
            return render(cover)
    assert refused is not None
    raise refused
