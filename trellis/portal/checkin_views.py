"""The client's check-in pages at /me/check-ins/: answer a due measure, then see what comes next (crisis help
first when an answer raised a safety flag; never the score)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from trellis.measures.forms import InstrumentForm
from trellis.measures.models import MeasureResponse
from trellis.portal import checkins, selectors, services, sessions
from trellis.portal.models import PortalAccount


def _context(account: PortalAccount, **extra: Any) -> dict[str, Any]:
    return {
        "client": account.client,
        "program_phone": selectors.program_phone(client=account.client),
        "signed_in": True,
        **extra,
    }


@sessions.in_care_view
def checkin_view(request: HttpRequest, account: PortalAccount, instrument: str) -> HttpResponse:
    check_in = checkins.get_check_in(account=account, code=instrument)
    form = InstrumentForm(request.POST or None, instrument=check_in.instrument)
    services.record_portal_view(account=account, page=f"check-in {check_in.instrument.code}")
    not_due = "" if check_in.due.needs_giving else checkins.not_due_message(check_in)
    if request.method == "POST":
        earlier = checkins.recent_self_report(account=account, code=instrument) if not_due else None
        if earlier is not None:  # the second click of a double click: show the first one's result
            return redirect("portal:checkin_done", pk=earlier.pk)
        if not not_due and form.is_valid():
            done = _submit(account, instrument, form)
            if done is not None:
                return redirect("portal:checkin_done", pk=done.pk)
    context = _context(account, check_in=check_in, form=form, not_due=not_due)
    status = 400 if form.errors or (request.method == "POST" and not_due) else 200
    return render(request, "portal/checkin.html", context, status=status)


def _submit(account: PortalAccount, instrument: str, form: InstrumentForm) -> MeasureResponse | None:
    """The recorded answer (or the one a concurrent click recorded first); None with the form's errors set."""
    try:
        return checkins.submit_check_in(
            account=account, code=instrument, answers=form.answers, sex=form.chosen_sex
        )
    except checkins.AlreadyAnswered as answered:
        return answered.response
    except ValidationError as error:
        form.add_service_errors(error)
        return None


@sessions.in_care_view
def checkin_done_view(request: HttpRequest, account: PortalAccount, pk: Any) -> HttpResponse:
    response = checkins.own_response(account=account, pk=pk)
    services.record_portal_view(account=account, page="check-in done")
    context = _context(account, instrument=response.definition, urgent=response.is_urgent)
    return render(request, "portal/checkin_done.html", context)
