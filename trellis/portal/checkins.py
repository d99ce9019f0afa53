"""Check-ins a client answers in the portal: the measures their program's schedule has due, recorded through
the same measures service staff use (same scorer, same chart and trends, same safety task).

A self-report is stored with source "client"; the measure's administered_by is the episode's primary clinician
(else the site's on-call clinician), who is answerable for it (the column cannot be empty), and a portal audit event with no staff actor records
that the client entered it. One response per due check-in: the account row is locked while the due state is
read again, so a double click finds the check-in no longer due and is shown the first answer's result.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import Http404

from trellis.core import clock
from trellis.core.errors import reject
from trellis.episodes.models import Episode
from trellis.measures import scoring, services
from trellis.measures.choices import Source
from trellis.measures.instrument_data import Instrument, UnknownInstrumentError, get_instrument
from trellis.measures.models import MeasureResponse, OnCall
from trellis.measures.schedule import Due
from trellis.measures.selectors import list_client_due
from trellis.portal.models import PortalAccount
from trellis.portal.services import PORTAL_JOB
from trellis.privacy import audit

# A second submit of the same check-in within this time is the same answer (double click, back and resend).
RESUBMIT_WINDOW = dt.timedelta(hours=1)
NO_CLINICIAN = "Your care team has to set this check-in up first. Please ask them at your next visit."


class AlreadyAnswered(Exception):
    """The check-in is no longer due because the client just answered it; carries that answer."""

    def __init__(self, response: MeasureResponse) -> None:
        super().__init__("check-in already answered")
        self.response = response


@dataclass(frozen=True)
class CheckIn:
    instrument: Instrument
    due: Due


def get_check_in(*, account: PortalAccount, code: str) -> CheckIn:
    """The client's own scheduled instrument, due or not; 404 for one their program does not schedule."""
    try:
        instrument = get_instrument(code)
    except UnknownInstrumentError as error:
        raise Http404("No such check-in") from error
    due = next(
        (d for d in list_client_due(client=account.client, now=clock.now()) if d.instrument == code), None
    )
    if due is None:
        raise Http404("No such check-in")
    return CheckIn(instrument=instrument, due=due)


def recent_self_report(*, account: PortalAccount, code: str) -> MeasureResponse | None:
    """The client's own answer to this check-in in the last hour, if any (what a resubmission is shown)."""
    found: MeasureResponse | None = (
        MeasureResponse.objects.filter(
            client_id=account.client_id,
            instrument=code,
            source=Source.CLIENT,
            administered_at__gte=clock.now() - RESUBMIT_WINDOW,
        )
        .order_by("-administered_at")
        .first()
    )
    return found


def _answerable_clinician(account: PortalAccount) -> Any:
    """The episode's primary clinician, else the site's on-call clinician: who is told and owns any task."""
    episode = (
        Episode.objects.filter(client_id=account.client_id, discharged_on__isnull=True)
        .select_related("primary_clinician")
        .order_by("-admitted_on")
        .first()
    )
    if episode is not None and episode.primary_clinician is not None:
        return episode.primary_clinician
    on_call = OnCall.objects.filter(site_id=account.client.site_id).select_related("clinician").first()
    if on_call is None:
        reject("instrument", NO_CLINICIAN)
    return on_call.clinician


@transaction.atomic
def submit_check_in(
    *, account: PortalAccount, code: str, answers: Sequence[scoring.Answer], sex: str | None
) -> MeasureResponse:
    """Record a due check-in once; raises AlreadyAnswered for a resubmission, Http404 for one not scheduled."""
    PortalAccount.objects.select_for_update().filter(pk=account.pk).first()
    check_in = get_check_in(account=account, code=code)
    if not check_in.due.needs_giving:
        earlier = recent_self_report(account=account, code=code)
        if earlier is not None:
            raise AlreadyAnswered(earlier)
        reject("instrument", not_due_message(check_in))
    response = services.record_measure(
        client=account.client,
        instrument=code,
        answers=answers,
        sex=sex,
        administered_by=_answerable_clinician(account),
        source=Source.CLIENT,
    )
    audit.record(
        actor=None,
        action=audit.Action.CREATE,
        client_id=account.client_id,
        obj=response,
        detail=f"portal: check-in self-reported ({code})",
        system_job=PORTAL_JOB,
    )
    return response


def not_due_message(check_in: CheckIn) -> str:
    return (
        f"Your {check_in.instrument.short_name} check-in is not due yet. "
        f"It is next due on {check_in.due.due_on:%A, %B} {check_in.due.due_on.day}."
    )


def own_response(*, account: PortalAccount, pk: Any) -> MeasureResponse:
    """One of the client's own self-reports; 404 for anything else."""
    found = MeasureResponse.objects.filter(pk=pk, client_id=account.client_id, source=Source.CLIENT).first()
    if found is None:
        raise Http404("No such check-in")
    return found
