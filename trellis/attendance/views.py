"""The Today page and taking attendance in a group session."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.attendance import chart_cache, corrections, services, session_kept, telehealth, today_kept
from trellis.attendance.forms import AttendanceForm
from trellis.attendance.selectors import get_roster_with_hours
from trellis.clients import chart_stamps
from trellis.clients.models import Client
from trellis.core import clock, kept_pages, page_memo, timeline
from trellis.core.versions import StaleEdit
from trellis.privacy import audit
from trellis.scheduling.models import GroupSession


@login_required
def today_view(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    # The panels record whom they show as they render; the page writes all its view events at once, and
    # settings several panels need are read once. The kept parts record theirs again when shown again.
    with audit.gathered_views(actor=user), page_memo.reading_page():
        parts = today_kept.get_parts(request=request, user=user)
        return render(request, "attendance/today.html", {"parts": parts})


def _session_for(user: Any, pk: Any) -> GroupSession:
    return session_kept.session_for(user, pk)


@requires(Capability.VIEW_CLIENTS)
def session_view(request: HttpRequest, pk: Any) -> HttpResponse:
    user: Any = request.user
    # The page's reads share the activity stamp read with the session (its body's key, the nav's count).
    with page_memo.reading_page():
        session = session_kept.gated_session(user, pk)
        body = session_kept.body_html(request, session)
        return render(request, "attendance/session.html", {"session": session, "body": body})


@require_POST
@requires(Capability.TAKE_ATTENDANCE)
def record_view(request: HttpRequest, pk: Any, client_pk: Any) -> HttpResponse:
    session = _session_for(request.user, pk)
    client = get_object_or_404(Client.objects.visible_to(request.user), pk=client_pk)
    form = AttendanceForm(request.POST, session=session)
    problems: list[str] = []
    if form.is_valid():
        try:
            services.record_attendance(
                session=session, client=client, recorded_by=request.user, **form.cleaned
            )
        except StaleEdit as error:
            problems = error.messages  # the row shows the record as it is now, with a fresh form
        except ValidationError as error:
            form.add_service_errors(error)
    if not request.htmx:  # type: ignore[attr-defined]
        for problem in problems + [str(e) for errors in form.errors.values() for e in errors]:
            messages.error(request, problem)
        return redirect("attendance:session", pk=session.pk)
    return _render_row(request, session, client, form if form.errors else None, problems)


def _render_row(
    request: HttpRequest,
    session: GroupSession,
    client: Client,
    form: AttendanceForm | None,
    problems: list[str],
) -> HttpResponse:
    day = clock.today_in(session.track.site.timezone)
    found = get_roster_with_hours(session=session, today=day)
    roster = found.lines
    line = next((line for line in roster if line.client.pk == client.pk), None)
    if line is None:
        raise Http404("This client is not on the session's roster.")
    week = found.hours.get(client.pk)
    locks = corrections.locks_of([line.record])
    context = {
        "session": session,
        "row": session_kept.row(session, line, week, form, locks=locks, problems=problems),
        "taps": session_kept.TAPS,
        "can_take": True,
        **session_kept.tally(roster),
    }
    return render(request, "attendance/session.html#tap_response", context)


@require_POST
@requires(Capability.TAKE_ATTENDANCE)
def mark_all_present_view(request: HttpRequest, pk: Any) -> HttpResponse:
    """Everyone on the roster without a record yet is marked present for the whole session."""
    session = _session_for(request.user, pk)
    services.mark_remaining_present(session=session, recorded_by=request.user)
    return redirect("attendance:session", pk=session.pk)


@require_POST
@requires(Capability.TAKE_ATTENDANCE)
def confirm_telehealth_view(request: HttpRequest, pk: Any, client_pk: Any) -> HttpResponse:
    """One tap takes the portal's proposed minutes as the client's attendance (the attendance service's rules)."""
    session = _session_for(request.user, pk)
    client = get_object_or_404(Client.objects.visible_to(request.user), pk=client_pk)
    version = request.POST.get("version", "")
    try:
        telehealth.confirm_proposal(
            session=session,
            client=client,
            confirmed_by=request.user,
            expected_version=int(version) if version.isdigit() else None,
        )
    except ValidationError as error:  # a stale tap (StaleEdit) says what the record is now
        for problem in error.messages:
            messages.error(request, problem)
    return redirect("attendance:session", pk=session.pk)


@requires(Capability.VIEW_CLIENTS)
def chart_view(request: HttpRequest, pk: Any) -> HttpResponse:
    """The client's chart: every app's panel, kept rendered until anything it shows changes (chart_cache)."""
    user: Any = request.user
    visible = chart_stamps.stamped(Client.objects.visible_to(user).select_related("site"))
    # The activity stamps are read first and shared by the page's reads (its worklist panel's key, the nav's
    # count).
    with page_memo.reading_page():
        kept_pages.activity_key(user)
        client = get_object_or_404(visible, pk=pk)
        audit.record(actor=user, action=audit.Action.VIEW, client_id=client.pk, obj=client, detail="chart")
        today_there = clock.today_in(client.site.timezone)
        parts = chart_cache.get_parts(request=request, client=client, today=today_there)
        return render(request, "attendance/chart.html", {"client": client, "parts": parts})


@requires(Capability.VIEW_CLIENTS)
def timeline_view(request: HttpRequest, pk: Any) -> HttpResponse:
    """One chronological view of the client's care, newest first, from every app's timeline provider."""
    client = get_object_or_404(Client.objects.visible_to(request.user).select_related("site"), pk=pk)
    audit.record(
        actor=request.user, action=audit.Action.VIEW, client_id=client.pk, obj=client, detail="timeline"
    )
    events = timeline.collect(client=client, user=request.user)
    kinds = sorted({event.kind for event in events})
    chosen = request.GET.get("kind", "")
    shown = [event for event in events if not chosen or event.kind == chosen]
    context = {
        "client": client,
        "months": _by_month(shown, clock.zone(client.site.timezone)),
        "kinds": kinds,
        "chosen": chosen,
        "total": len(events),
    }
    return render(request, "attendance/timeline.html", context)


def _by_month(events: list[Any], zone: Any) -> list[tuple[str, list[tuple[str, Any]]]]:
    """Events grouped under "November 2026" headings with "Nov 23" labels, dated in the client's site zone.

    Formatted here rather than with template filters: a two-year history has about a thousand events.
    """
    months: list[tuple[str, list[tuple[str, Any]]]] = []
    for event in events:
        local = event.at.astimezone(zone)
        month = f"{local:%B %Y}"
        if not months or months[-1][0] != month:
            months.append((month, []))
        months[-1][1].append((f"{local:%b} {local.day}", event))
    return months
