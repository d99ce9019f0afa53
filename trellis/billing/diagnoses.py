"""The client's diagnoses as clinicians keep them on the face sheet: ICD-10-CM codes, one primary, dated.

Exactly one primary while the client has any diagnosis: the first one recorded is primary, choosing another
moves the mark in the same write, and the primary cannot be resolved while an unresolved one could take its
place (the database holds "at most one"; these services hold "at least one"). The claim lists the primary
first (837 HI: principal diagnosis, ICD-10-CM Official Guidelines section II).
"""

import datetime as dt
import re
from typing import Any

from django.db import transaction

from trellis.accounts.roles import Capability
from trellis.billing.models import Diagnosis
from trellis.billing.scope import require_same_organization
from trellis.clients.models import Client
from trellis.core import plausible_dates
from trellis.core.errors import reject
from trellis.privacy import audit

# ICD-10-CM: a letter, two characters, then up to four more after the dot (CDC ICD-10-CM conventions).
ICD10 = re.compile(r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")
# Clinical staff diagnose; billers keep the codes a claim needs (billing's client page).
MAY_RECORD = (Capability.VIEW_CLINICAL, Capability.MANAGE_BILLING)


def _check_recorder(*, user: Any, client: Client) -> None:
    if not any(user.can(capability) for capability in MAY_RECORD):
        reject("code", "Your role does not allow recording diagnoses.")
    require_same_organization(
        user=user, organization_id=client.organization_id, field="client", what="client"
    )


def _check_dates(*, client: Client, onset_on: dt.date | None, resolved_on: dt.date | None) -> None:
    today = plausible_dates.today_at(client.site.timezone)
    if onset_on is not None:
        plausible_dates.check_not_in_future(field="onset_on", day=onset_on, today=today, what="onset date")
    if resolved_on is not None:
        plausible_dates.check_not_in_future(
            field="resolved_on", day=resolved_on, today=today, what="date resolved"
        )
        if onset_on is not None and resolved_on < onset_on:
            reject(
                "resolved_on",
                f"A diagnosis cannot resolve before its onset ({plausible_dates.spoken(onset_on)}).",
            )


@transaction.atomic
def create_diagnosis(
    *,
    client: Client,
    code: str,
    recorded_by: Any,
    description: str = "",
    is_primary: bool = False,
    onset_on: dt.date | None = None,
) -> Diagnosis:
    """A diagnosis on the client's record; the first one is primary until another is chosen."""
    _check_recorder(user=recorded_by, client=client)
    Client.objects.select_for_update().filter(pk=client.pk).first()  # one primary at a time, per client
    code = code.strip().upper()
    if not ICD10.match(code):
        reject(
            "code",
            "Enter an ICD-10-CM code such as F10.20 (a letter, two characters, a dot, up to four more).",
        )
    if Diagnosis.objects.filter(client=client, code=code).exists():
        reject("code", f"{code} is already on the client's record.")
    _check_dates(client=client, onset_on=onset_on, resolved_on=None)
    current = Diagnosis.objects.filter(client=client, is_primary=True)
    if is_primary:
        current.update(is_primary=False)
    elif not current.exists():
        is_primary = True
    diagnosis = Diagnosis.objects.create(
        client=client, code=code, description=description.strip(), is_primary=is_primary, onset_on=onset_on,
        recorded_by=recorded_by,
    )  # fmt: skip
    audit.record(
        actor=recorded_by, action=audit.Action.CREATE, client_id=client.pk, obj=diagnosis, detail="diagnosis"
    )
    return diagnosis


@transaction.atomic
def make_primary(*, diagnosis: Diagnosis, changed_by: Any) -> Diagnosis:
    """This diagnosis becomes the primary one and the former primary an additional one, in one write."""
    client = diagnosis.client
    _check_recorder(user=changed_by, client=client)
    Client.objects.select_for_update().filter(pk=client.pk).first()
    diagnosis = Diagnosis.objects.get(pk=diagnosis.pk)
    if diagnosis.resolved_on is not None:
        reject("is_primary", f"{diagnosis.code} is resolved: a resolved diagnosis cannot be the primary one.")
    if diagnosis.is_primary:
        return diagnosis
    Diagnosis.objects.filter(client=client, is_primary=True).update(is_primary=False)
    diagnosis.is_primary = True
    diagnosis.save(update_fields=["is_primary", "updated_at"])
    audit.record(
        actor=changed_by, action=audit.Action.UPDATE, client_id=client.pk, obj=diagnosis,
        detail="diagnosis: made primary",
    )  # fmt: skip
    return diagnosis


@transaction.atomic
def resolve_diagnosis(*, diagnosis: Diagnosis, resolved_on: dt.date, changed_by: Any) -> Diagnosis:
    """The diagnosis no longer applies from this date; the primary one only once another can take its place."""
    client = diagnosis.client
    _check_recorder(user=changed_by, client=client)
    Client.objects.select_for_update().filter(pk=client.pk).first()
    diagnosis = Diagnosis.objects.get(pk=diagnosis.pk)
    _check_dates(client=client, onset_on=diagnosis.onset_on, resolved_on=resolved_on)
    others = Diagnosis.objects.filter(client=client, resolved_on__isnull=True).exclude(pk=diagnosis.pk)
    if diagnosis.is_primary and others.exists():
        reject("resolved_on", f"{diagnosis.code} is the primary diagnosis: make another one primary first.")
    diagnosis.resolved_on = resolved_on
    diagnosis.save(update_fields=["resolved_on", "updated_at"])
    audit.record(
        actor=changed_by, action=audit.Action.UPDATE, client_id=client.pk, obj=diagnosis,
        detail="diagnosis: resolved",
    )  # fmt: skip
    return diagnosis
