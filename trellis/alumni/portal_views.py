"""The alumnus's pages at /me/alumni/: a limited home (follow-up, events, coming back, crisis help), the
follow-up check-in, "I'll come" and "I'd like to talk about coming back". Each view is audited like every
portal page; a client still in care (or never discharged) is sent to the portal's own home."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from trellis.alumni import rules, selectors, services
from trellis.alumni.forms import SelfReportForm
from trellis.alumni.models import FollowUp
from trellis.core import clock
from trellis.measures.forms import InstrumentForm
from trellis.measures.instrument_data import get_instrument
from trellis.portal import selectors as portal_selectors
from trellis.portal import sessions
from trellis.portal.models import PortalAccount
from trellis.portal.services import record_portal_view

View = Callable[..., HttpResponse]


def alumni_view(view: View) -> View:
    """A portal page for alumni only: anyone else signed in goes to their own home."""

    @sessions.portal_view
    @wraps(view)
    def guarded(request: HttpRequest, account: PortalAccount, *args: Any, **kwargs: Any) -> HttpResponse:
        if not selectors.is_alumnus(client=account.client):
            return redirect("portal:home")
        return view(request, account, *args, **kwargs)

    return guarded


def _context(account: PortalAccount, **extra: Any) -> dict[str, Any]:
    return {
        "client": account.client,
        "program_phone": portal_selectors.program_phone(client=account.client),
        "signed_in": True,
        **extra,
    }


def _today(account: PortalAccount) -> Any:
    return clock.today_in(account.client.site.timezone)


@alumni_view
def home_view(request: HttpRequest, account: PortalAccount) -> HttpResponse:
    client = account.client
    record_portal_view(account=account, page="alumni home")
    context = _context(
        account,
        follow_up=selectors.get_open_follow_up(client=client, today=_today(account)),
        events=selectors.list_upcoming_events(client=client),
        reconnect=selectors.get_pending_reconnect(client=client),
    )
    return render(request, "alumni/home.html", context)


@alumni_view
def follow_up_view(request: HttpRequest, account: PortalAccount) -> HttpResponse:
    found = selectors.get_open_follow_up(client=account.client, today=_today(account))
    if found is None:
        raise Http404("No follow-up open")
    record_portal_view(account=account, page=f"alumni {found.window.milestone}-day follow-up")
    if not found.needs_answer and found.done is not None:
        return redirect("alumni:follow_up_done", pk=found.done.pk)
    bam = InstrumentForm(request.POST or None, instrument=get_instrument("bam"))
    report = SelfReportForm(request.POST or None)
    if request.method == "POST" and bam.is_valid() and report.is_valid():
        try:
            done = services.submit_follow_up(
                account=account, answers=bam.answers, sex=bam.chosen_sex, report=report.report()
            )
        except ValidationError as error:
            bam.add_service_errors(error)
        else:
            return redirect("alumni:follow_up_done", pk=done.pk)
    errors = bool(bam.errors or report.errors)
    context = _context(account, found=found, bam=bam, report=report, instrument=bam.instrument, errors=errors)
    return render(request, "alumni/follow_up.html", context, status=400 if errors else 200)


@alumni_view
def follow_up_done_view(request: HttpRequest, account: PortalAccount, pk: Any) -> HttpResponse:
    follow_up = FollowUp.objects.filter(pk=pk, client=account.client, completed_at__isnull=False).first()
    if follow_up is None or follow_up.response is None:
        raise Http404("No such follow-up")
    record_portal_view(account=account, page="alumni follow-up done")
    answers = list(follow_up.response.answers)
    context = _context(
        account,
        follow_up=follow_up,
        call_back=rules.warrants_call_back(answers, using_since=follow_up.using_since),
    )
    return render(request, "alumni/follow_up_done.html", context)


@alumni_view
def reconnect_view(request: HttpRequest, account: PortalAccount) -> HttpResponse:
    """GET explains what happens; POST passes the wish to admissions (once while it is open)."""
    record_portal_view(account=account, page="alumni reconnect")
    sent = request.method == "POST"
    if sent:
        services.request_reconnect(account=account)
    pending = selectors.get_pending_reconnect(client=account.client)
    return render(request, "alumni/reconnect.html", _context(account, pending=pending, sent=sent))


@require_POST
@alumni_view
def event_reply_view(request: HttpRequest, account: PortalAccount, pk: Any) -> HttpResponse:
    event = selectors.get_alumni_event(client=account.client, pk=pk)
    if event is None:
        raise Http404("No such event")
    services.reply_to_event(account=account, event=event, coming=request.POST.get("coming") != "no")
    return redirect("alumni:home")
