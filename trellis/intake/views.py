"""Intake pipeline pages: the board, taking an inquiry, working it, and conversion by referral source."""

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from trellis.accounts.access import requires
from trellis.accounts.roles import Capability
from trellis.core import clock
from trellis.intake import selectors, services
from trellis.intake.choices import InquiryStatus
from trellis.intake.forms import (
    AdmitForm,
    BookAssessmentForm,
    InquiryForm,
    LostForm,
    NextActionForm,
    ReferForm,
    ReportRangeForm,
    ScreenForm,
)
from trellis.intake.models import Inquiry
from trellis.privacy import audit
from trellis.programs.models import Site


def show_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's refusal on the form field it names (or on the form when the field is not shown)."""
    for name, messages_ in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages_)


def _home_zone(user: Any) -> str:
    site = Site.objects.filter(pk__in=user.site_ids()).order_by("name").first()
    return site.timezone if site is not None else timezone.get_current_timezone_name()


@requires(Capability.WORK_INQUIRIES)
def pipeline_view(request: HttpRequest) -> HttpResponse:
    now = clock.now()
    pipeline = selectors.list_pipeline(user=request.user, now=now)
    shown = pipeline.inquiries
    audit.record(
        actor=request.user, action=audit.Action.VIEW, detail=f"intake pipeline, {len(shown)} inquiries"
    )
    overdue = sum(1 for i in shown if getattr(i, "is_overdue", False))
    context = {
        "pipeline": pipeline,
        "now": now,
        "overdue": overdue,
        "open_total": len(shown) - len(pipeline.recently_closed),
    }
    return render(request, "intake/pipeline.html", context)


@requires(Capability.WORK_INQUIRIES)
def inquiry_new_view(request: HttpRequest) -> HttpResponse:
    with timezone.override(_home_zone(request.user)):
        form = InquiryForm(request.POST or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            try:
                inquiry = services.create_inquiry(created_by=request.user, **form.cleaned_data)
            except ValidationError as error:
                show_errors(form, error)
            else:
                if inquiry.is_crisis:
                    messages.warning(
                        request, "Crisis words in the concern: this inquiry is urgent. Call back now."
                    )
                else:
                    messages.success(request, "Inquiry taken.")
                return redirect("intake:inquiry", pk=inquiry.pk)
        return render(request, "intake/inquiry_new.html", {"form": form}, status=400 if form.errors else 200)


def _forms_for(inquiry: Inquiry, now: dt.datetime) -> dict[str, forms.Form]:
    soon = (now + dt.timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    return {
        "next_form": NextActionForm(
            site=inquiry.site,
            initial={
                "next_action": inquiry.next_action,
                "next_action_due": inquiry.next_action_due,
                "assigned_to": inquiry.assigned_to_id,
            },
        ),
        "screen_form": ScreenForm(),
        "book_form": BookAssessmentForm(
            site=inquiry.site, initial={"starts_at": inquiry.assessment_at or soon}
        ),
        "admit_form": AdmitForm(
            initial={
                "legal_first_name": inquiry.prospect_first_name,
                "legal_last_name": inquiry.prospect_last_name,
            }
        ),
        "refer_form": ReferForm(),
        "lost_form": LostForm(),
    }


def _render_detail(
    request: HttpRequest, inquiry: Inquiry, *, status: int = 200, **bound: forms.Form
) -> HttpResponse:
    now = clock.now()
    context: dict[str, Any] = {
        "inquiry": inquiry,
        "now": now,
        "is_overdue": inquiry.is_open
        and inquiry.next_action_due is not None
        and inquiry.next_action_due < now,
        "statuses": InquiryStatus,
        **_forms_for(inquiry, now),
        **bound,
    }
    return render(request, "intake/inquiry_detail.html", context, status=status)


@requires(Capability.WORK_INQUIRIES)
def inquiry_detail_view(request: HttpRequest, pk: Any) -> HttpResponse:
    inquiry = selectors.get_inquiry(user=request.user, pk=pk)
    audit.record(
        actor=request.user,
        action=audit.Action.VIEW,
        client_id=inquiry.client_id,
        obj=inquiry,
        detail="inquiry",
    )
    with timezone.override(inquiry.site.timezone):
        return _render_detail(request, inquiry)


Step = Callable[[HttpRequest, Inquiry, dict[str, Any]], str]


def _assessment_ahead(inquiry: Inquiry) -> str:
    """What to add to the message when a step cancels the assessment still to come (intake.services)."""
    at = inquiry.assessment_at
    if inquiry.status != InquiryStatus.ASSESSMENT_BOOKED or at is None or at <= clock.now():
        return ""
    return " The assessment booked for it is cancelled."


def _work(
    request: HttpRequest, pk: Any, form_name: str, make_form: Callable[[Inquiry], forms.Form], step: Step
) -> HttpResponse:
    """Validate one action form on the inquiry page and run its service; errors re-render the page.

    Times typed into the form are read in the inquiry's site zone.
    """
    inquiry = selectors.get_inquiry(user=request.user, pk=pk)
    with timezone.override(inquiry.site.timezone):
        form = make_form(inquiry)
        if form.is_valid():
            try:
                done = step(request, inquiry, form.cleaned_data)
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, done)
                return redirect(request.POST.get("next") or reverse("intake:inquiry", args=[inquiry.pk]))
        return _render_detail(request, inquiry, status=400, **{form_name: form})


@require_POST
@requires(Capability.WORK_INQUIRIES)
def screen_view(request: HttpRequest, pk: Any) -> HttpResponse:
    def step(request: HttpRequest, inquiry: Inquiry, data: dict[str, Any]) -> str:
        ahead = _assessment_ahead(inquiry)
        services.advance_inquiry(
            inquiry=inquiry,
            to_status=InquiryStatus.SCREENED,
            advanced_by=request.user,
            note=data["note"],
            next_action="Book the assessment",
            next_action_due=clock.now() + dt.timedelta(days=1),
        )
        return "Marked screened." + ahead

    return _work(request, pk, "screen_form", lambda inquiry: ScreenForm(request.POST), step)


@require_POST
@requires(Capability.WORK_INQUIRIES)
def next_action_view(request: HttpRequest, pk: Any) -> HttpResponse:
    def step(request: HttpRequest, inquiry: Inquiry, data: dict[str, Any]) -> str:
        services.set_next_action(
            inquiry=inquiry,
            next_action=data["next_action"],
            due=data["next_action_due"],
            assigned_to=data["assigned_to"],
            set_by=request.user,
        )
        return "Next action saved."

    return _work(
        request, pk, "next_form", lambda inquiry: NextActionForm(request.POST, site=inquiry.site), step
    )


@require_POST
@requires(Capability.WORK_INQUIRIES)
def book_view(request: HttpRequest, pk: Any) -> HttpResponse:
    def step(request: HttpRequest, inquiry: Inquiry, data: dict[str, Any]) -> str:
        services.book_assessment(
            inquiry=inquiry, starts_at=data["starts_at"], assessor=data["assessor"], booked_by=request.user
        )
        return "Assessment booked."

    return _work(
        request, pk, "book_form", lambda inquiry: BookAssessmentForm(request.POST, site=inquiry.site), step
    )


@require_POST
@requires(Capability.WORK_INQUIRIES)
def admit_view(request: HttpRequest, pk: Any) -> HttpResponse:
    def step(request: HttpRequest, inquiry: Inquiry, data: dict[str, Any]) -> str:
        client = services.convert_inquiry(inquiry=inquiry, converted_by=request.user, **data)
        return (
            f"{client.display_name} is registered (chart {client.chart_number}). Record the assessment next."
        )

    return _work(request, pk, "admit_form", lambda inquiry: AdmitForm(request.POST), step)


@require_POST
@requires(Capability.WORK_INQUIRIES)
def refer_view(request: HttpRequest, pk: Any) -> HttpResponse:
    def step(request: HttpRequest, inquiry: Inquiry, data: dict[str, Any]) -> str:
        ahead = _assessment_ahead(inquiry)
        services.refer_elsewhere(inquiry=inquiry, referred_to=data["referred_to"], referred_by=request.user)
        return "Referred elsewhere." + ahead

    return _work(request, pk, "refer_form", lambda inquiry: ReferForm(request.POST), step)


@require_POST
@requires(Capability.WORK_INQUIRIES)
def lose_view(request: HttpRequest, pk: Any) -> HttpResponse:
    def step(request: HttpRequest, inquiry: Inquiry, data: dict[str, Any]) -> str:
        ahead = _assessment_ahead(inquiry)
        services.mark_lost(inquiry=inquiry, reason=data["lost_reason"], marked_by=request.user)
        return "Marked lost." + ahead

    return _work(request, pk, "lost_form", lambda inquiry: LostForm(request.POST), step)


@requires(Capability.WORK_INQUIRIES)
def conversion_report_view(request: HttpRequest) -> HttpResponse:
    zone = ZoneInfo(_home_zone(request.user))
    today = clock.now().astimezone(zone).date()
    form = ReportRangeForm(request.GET or {"start": today - dt.timedelta(days=29), "end": today})
    rows: list[selectors.SourceRow] = []
    if form.is_valid():
        start = dt.datetime.combine(form.cleaned_data["start"], dt.time(0), tzinfo=zone)
        end = dt.datetime.combine(form.cleaned_data["end"] + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
        rows = selectors.conversion_by_source(user=request.user, start=start, end=end)
    context = {
        "form": form,
        "rows": rows,
        "total": selectors.total_row(rows),
        "statuses": InquiryStatus.choices,
    }
    return render(request, "intake/conversion_report.html", context, status=200 if form.is_valid() else 400)
