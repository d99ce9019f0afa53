"""Alumni writes: answer a follow-up, ask to talk about coming back, say "I'll come", hold an event.

Keyword-only, atomic, audited. An alumnus's own acts have no staff actor: they name the job "client portal" and
the client as subject, like every portal write. Audit text never holds anything the alumnus typed.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from trellis.alumni import rules, selectors
from trellis.alumni.models import AlumniEvent, EventReply, FollowUp, Reconnect, UsingSince
from trellis.clients.models import Client
from trellis.core import clock
from trellis.core.errors import reject
from trellis.episodes.models import Episode
from trellis.intake.choices import ReferralSource, Urgency
from trellis.intake.services import create_inquiry
from trellis.measures import scoring
from trellis.measures.choices import Source
from trellis.measures.models import MeasureResponse, OnCall
from trellis.measures.services import record_measure
from trellis.portal.models import PortalAccount
from trellis.portal.services import PORTAL_JOB
from trellis.privacy import audit

NOT_OPEN = "There is no follow-up to answer right now. We will send you a reminder when the next one opens."
NO_CLINICIAN = "Your care team has to set this check-in up first. Please call the program."
ASKED_CONCERN = (
    "Former client asked through the portal to talk about coming back to the program "
    "(discharged {discharged}, chart {chart}). Look up their chart before calling."
)
FOLLOW_UP_CONCERN = (
    "Former client's {milestone}-day follow-up (portal) calls for a call back "
    "(discharged {discharged}, chart {chart}). Read the follow-up in their chart before calling."
)


@dataclass(frozen=True)
class SelfReport:
    using_since: str
    in_support: bool | None
    working_or_school: bool | None
    housing_stable: bool | None
    note: str


def _answerable_clinician(episode: Episode, client: Client) -> Any:
    """The stay's primary clinician, else the site's on-call clinician: who answers for the self-report."""
    if episode.primary_clinician is not None and episode.primary_clinician.is_active:
        return episode.primary_clinician
    on_call = OnCall.objects.filter(site_id=client.site_id).select_related("clinician").first()
    if on_call is None:
        reject("__all__", NO_CLINICIAN)
    return on_call.clinician


@transaction.atomic
def submit_follow_up(
    *, account: PortalAccount, answers: Sequence[scoring.Answer], sex: str | None, report: SelfReport
) -> FollowUp:
    """Record the open follow-up once: the BAM through the measures service (source client), the self-report
    beside it; a use or cravings answer passes the alumnus to admissions for a call back."""
    PortalAccount.objects.select_for_update().filter(pk=account.pk).first()
    client = account.client
    today = clock.today_in(client.site.timezone)
    found = selectors.get_open_follow_up(client=client, today=today)
    if found is None:
        reject("__all__", NOT_OPEN)
    if not found.needs_answer:
        assert found.done is not None
        return found.done
    if report.using_since not in UsingSince.values:
        reject("using_since", "Choose an answer, or 'I'd rather not say'.")
    response = record_measure(
        client=client,
        instrument="bam",
        answers=answers,
        sex=sex,
        administered_by=_answerable_clinician(found.episode, client),
        source=Source.CLIENT,
    )
    follow_up = _save_follow_up(found, client=client, response=response, report=report)
    audit.record(
        actor=None,
        action=audit.Action.CREATE,
        client_id=client.pk,
        obj=follow_up,
        detail=f"portal: alumni {found.window.milestone}-day follow-up answered",
        system_job=PORTAL_JOB,
    )
    if rules.warrants_call_back(list(response.answers), using_since=report.using_since):
        _pass_to_admissions(client=client, episode=found.episode, reason=Reconnect.Reason.FOLLOW_UP,
                            follow_up=follow_up)  # fmt: skip
    return follow_up


def _save_follow_up(
    found: selectors.OpenFollowUp, *, client: Client, response: MeasureResponse, report: SelfReport
) -> FollowUp:
    follow_up, _ = FollowUp.objects.update_or_create(
        episode=found.episode,
        milestone=found.window.milestone,
        defaults={
            "client": client,
            "due_on": found.window.due_on,
            "completed_at": clock.now(),
            "response": response,
            "using_since": report.using_since,
            "in_support": report.in_support,
            "working_or_school": report.working_or_school,
            "housing_stable": report.housing_stable,
            "note": report.note.strip()[:2000],
        },
    )
    return follow_up


@transaction.atomic
def request_reconnect(*, account: PortalAccount) -> Reconnect:
    """The alumnus would like to talk about coming back: an inquiry for the site's admissions staff, once
    while it is open (a second tap finds the first)."""
    PortalAccount.objects.select_for_update().filter(pk=account.pk).first()
    client = account.client
    episode = selectors.get_last_discharge(client=client)
    if episode is None:
        reject("__all__", "This is for former clients. Please talk to your care team.")
    pending = selectors.get_pending_reconnect(client=client)
    if pending is not None:
        return pending
    return _pass_to_admissions(client=client, episode=episode, reason=Reconnect.Reason.ASKED, follow_up=None)


def _pass_to_admissions(
    *, client: Client, episode: Episode, reason: str, follow_up: FollowUp | None
) -> Reconnect:
    """An inquiry in the intake pipeline, due within 24 hours, at the alumnus's site; its text names the
    chart, not the answers (those stay in the chart, behind the clinical role check)."""
    words = {"discharged": f"{episode.discharged_on:%Y-%m-%d}", "chart": client.chart_number}
    concern = (
        ASKED_CONCERN.format(**words)
        if follow_up is None
        else FOLLOW_UP_CONCERN.format(milestone=follow_up.milestone, **words)
    )
    inquiry = create_inquiry(
        site=client.site,
        caller_name=client.display_name,
        caller_relation="self",
        phone=client.phone,
        prospect_first_name=client.legal_first_name,
        prospect_last_name=client.legal_last_name,
        referral_source=ReferralSource.SELF,
        presenting_concern=concern,
        urgency=Urgency.SOON,
        next_action="Call back: former client (alumni)",
        created_by=None,
    )
    reconnect = Reconnect.objects.create(
        client=client, reason=reason, inquiry=inquiry, follow_up=follow_up, requested_at=clock.now()
    )
    audit.record(
        actor=None,
        action=audit.Action.CREATE,
        client_id=client.pk,
        obj=reconnect,
        detail=f"portal: alumni reconnect passed to admissions ({reason})",
        system_job=PORTAL_JOB,
    )
    return reconnect


@transaction.atomic
def reply_to_event(*, account: PortalAccount, event: AlumniEvent, coming: bool) -> None:
    """'I'll come' (or, taken back, no longer)."""
    if coming:
        EventReply.objects.get_or_create(event=event, client=account.client)
    else:
        EventReply.objects.filter(event=event, client=account.client).delete()
    audit.record(
        actor=None,
        action=audit.Action.UPDATE,
        client_id=account.client_id,
        obj=event,
        detail="portal: alumni event " + ("reply: coming" if coming else "reply withdrawn"),
        system_job=PORTAL_JOB,
    )


@transaction.atomic
def create_event(
    *,
    site: Any,
    title: str,
    starts_at: dt.datetime,
    location: str,
    virtual_link: str,
    description: str,
    created_by: Any,
) -> AlumniEvent:
    if not selectors.may_manage_events(created_by) or site.pk not in created_by.site_ids():
        reject("site", "Choose one of your sites.")
    if not title.strip():
        reject("title", "Give the event a title.")
    if not location.strip() and not virtual_link.strip():
        reject("location", "Say where the event is, or give its online link.")
    if starts_at < clock.now():
        reject("starts_at", "Choose a time that has not passed.")
    event = AlumniEvent.objects.create(
        organization_id=site.organization_id, site=site, title=title.strip(), starts_at=starts_at,
        location=location.strip(), virtual_link=virtual_link.strip(), description=description.strip(),
        created_by=created_by,
    )  # fmt: skip
    audit.record(actor=created_by, action=audit.Action.CREATE, obj=event, detail="alumni event created")
    return event
