"""The intake pipeline's writes: take an inquiry, move it along, book the assessment, admit, refer or lose it.

An inquiry holds a caller's name, number and concern, so every write is audited like client data (without
copying any of it into the audit detail).
"""

import datetime as dt
from typing import Any

from django.db import transaction

from trellis.clients.models import Client
from trellis.clients.services import add_contact, register_client
from trellis.core import clock, plausible_dates
from trellis.core.errors import reject
from trellis.intake.choices import (
    TRANSITIONS,
    InquiryEventKind,
    InquiryStatus,
    ReferralSource,
    Urgency,
)
from trellis.intake.crisis import crisis_terms
from trellis.intake.models import Inquiry, InquiryEvent
from trellis.privacy import audit
from trellis.programs.models import Site
from trellis.scheduling import booking
from trellis.scheduling.models import Appointment

# An ASAM multidimensional assessment with its instruments takes 60-90 minutes; the calendar holds 90.
ASSESSMENT_MINUTES = 90
CRISIS_ACTION = "Crisis: call back now. If in danger: 911, or a warm handoff to 988."
# How soon the first screening call is due when the caller gives no time; a default, editable per inquiry.
FIRST_CALL_WITHIN = {
    Urgency.URGENT: dt.timedelta(hours=1),
    Urgency.SOON: dt.timedelta(hours=24),
    Urgency.ROUTINE: dt.timedelta(hours=48),
}


def _event(
    inquiry: Inquiry, *, kind: str, actor: Any, from_status: str = "", to_status: str = "", note: str = ""
) -> None:
    InquiryEvent.objects.create(
        inquiry=inquiry,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        note=note[:300],
        actor=actor,
        occurred_at=clock.now(),
    )


def _audit(*, actor: Any, action: str, inquiry: Inquiry, detail: str) -> None:
    audit.record(actor=actor, action=action, client_id=inquiry.client_id, obj=inquiry, detail=detail)


def _check_colleague(field: str, user: Any, site: Site) -> None:
    if user is not None and site.pk not in user.site_ids():
        reject(field, "Choose someone who works at this inquiry's site.")


@transaction.atomic
def create_inquiry(
    *,
    site: Site,
    caller_name: str,
    referral_source: str,
    presenting_concern: str,
    created_by: Any,
    caller_relation: str = "",
    phone: str = "",
    prospect_first_name: str = "",
    prospect_last_name: str = "",
    referrer_name: str = "",
    urgency: str = Urgency.ROUTINE,
    payer_name: str = "",
    member_id: str = "",
    next_action: str = "",
    next_action_due: dt.datetime | None = None,
    assigned_to: Any = None,
) -> Inquiry:
    """Take a call or referral. Crisis words in the concern flag it at once: urgent, call back now."""
    if not caller_name.strip():
        reject("caller_name", "Who called? Enter the caller's name (or 'anonymous').")
    if not presenting_concern.strip():
        reject("presenting_concern", "Write what the caller is asking help for.")
    if referral_source not in ReferralSource.values:
        reject("referral_source", "Choose where the inquiry came from.")
    if urgency not in Urgency.values:
        reject("urgency", "Choose an urgency.")
    _check_colleague("assigned_to", assigned_to, site)
    if next_action_due is not None:
        _check_within_a_year("next_action_due", next_action_due, what="due time")
    now = clock.now()
    terms = crisis_terms(presenting_concern)
    if terms:
        urgency = Urgency.URGENT
        next_action = next_action.strip() or CRISIS_ACTION
        next_action_due = now
    inquiry = Inquiry.objects.create(
        site=site,
        caller_name=caller_name.strip(),
        caller_relation=caller_relation.strip(),
        phone=phone.strip(),
        prospect_first_name=prospect_first_name.strip(),
        prospect_last_name=prospect_last_name.strip(),
        referral_source=referral_source,
        referrer_name=referrer_name.strip(),
        presenting_concern=presenting_concern.strip(),
        urgency=urgency,
        payer_name=payer_name.strip(),
        member_id=member_id.strip(),
        next_action=next_action.strip() or "Screening call",
        next_action_due=next_action_due or now + FIRST_CALL_WITHIN[Urgency(urgency)],
        assigned_to=assigned_to,
        is_crisis=bool(terms),
        crisis_terms=terms,
    )
    _event(inquiry, kind=InquiryEventKind.CREATED, actor=created_by, to_status=InquiryStatus.NEW)
    if terms:
        _event(
            inquiry, kind=InquiryEventKind.CRISIS, actor=created_by, note="Crisis words: " + ", ".join(terms)
        )
    _audit(
        actor=created_by,
        action=audit.Action.CREATE,
        inquiry=inquiry,
        detail="inquiry taken" + (", crisis flagged" if terms else ""),
    )
    return inquiry


def _locked(inquiry: Inquiry) -> Inquiry:
    """Re-read the inquiry under a row lock so two coordinators cannot move it at the same time."""
    locked: Inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    return locked


def _check_transition(inquiry: Inquiry, to_status: str) -> None:
    allowed = TRANSITIONS.get(inquiry.status, frozenset())
    if to_status not in allowed:
        labels = dict(InquiryStatus.choices)
        options = ", ".join(str(labels[s]) for s in sorted(allowed)) or "none (it is closed)"
        reject(
            "status",
            f"An inquiry cannot go from {labels[inquiry.status]} to {labels.get(to_status, to_status)}. "
            f"From here: {options}.",
        )


def _move(
    inquiry: Inquiry,
    *,
    to_status: str,
    actor: Any,
    note: str,
    next_action: str,
    next_action_due: dt.datetime | None,
    changes: dict[str, Any],
) -> Inquiry:
    from_status = inquiry.status
    inquiry.status = to_status
    inquiry.next_action = next_action.strip()
    inquiry.next_action_due = next_action_due
    if to_status not in TRANSITIONS or not TRANSITIONS[to_status]:
        inquiry.closed_at = clock.now()
    for name, value in changes.items():
        setattr(inquiry, name, value)
    fields = ["status", "next_action", "next_action_due", "closed_at", *changes, "updated_at"]
    inquiry.save(update_fields=fields)
    _event(
        inquiry,
        kind=InquiryEventKind.STATUS,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        note=note,
    )
    _audit(actor=actor, action=audit.Action.UPDATE, inquiry=inquiry, detail=f"inquiry {to_status}")
    return inquiry


@transaction.atomic
def advance_inquiry(
    *,
    inquiry: Inquiry,
    to_status: str,
    advanced_by: Any,
    note: str = "",
    next_action: str = "",
    next_action_due: dt.datetime | None = None,
) -> Inquiry:
    """Move an open inquiry along the pipeline (screened, back to screened); closing steps have their own."""
    inquiry = _locked(inquiry)
    _check_transition(inquiry, to_status)
    special = {
        InquiryStatus.ASSESSMENT_BOOKED: "Book the assessment with a time and an assessor.",
        InquiryStatus.ADMITTED: "Admit through 'Admit': it registers the client.",
        InquiryStatus.REFERRED_ELSEWHERE: "Use 'Refer elsewhere' and say where.",
        InquiryStatus.LOST: "Use 'Mark lost' and say why.",
    }
    if to_status in special:
        reject("status", special[InquiryStatus(to_status)])
    if next_action_due is not None:
        _check_within_a_year("next_action_due", next_action_due, what="due time")
    if inquiry.status == InquiryStatus.ASSESSMENT_BOOKED:  # back to screened: the assessment fell through
        booking.cancel_inquiry_appointments(
            inquiry=inquiry, reason="Assessment fell through", cancelled_by=advanced_by
        )
    return _move(
        inquiry,
        to_status=to_status,
        actor=advanced_by,
        note=note,
        next_action=next_action,
        next_action_due=next_action_due,
        changes={},
    )


def _check_within_a_year(field: str, moment: dt.datetime, *, what: str) -> None:
    """Intake looks days or weeks ahead; a year or more is a mistyped year."""
    if moment > clock.now() + plausible_dates.ONE_YEAR:
        reject(field, f"The {what} is more than a year ahead; check the year.", code=plausible_dates.CODE)


@transaction.atomic
def book_assessment(*, inquiry: Inquiry, starts_at: dt.datetime, assessor: Any, booked_by: Any) -> Inquiry:
    """Book (or move) the clinical assessment; it becomes the inquiry's next action."""
    inquiry = _locked(inquiry)
    if inquiry.status != InquiryStatus.ASSESSMENT_BOOKED:
        _check_transition(inquiry, InquiryStatus.ASSESSMENT_BOOKED)
    if starts_at < clock.now() - dt.timedelta(minutes=5):
        reject("starts_at", "The assessment time has passed; choose a time from now on.")
    _check_within_a_year("starts_at", starts_at, what="assessment time")
    if assessor is None:
        reject("assessor", "Choose who will do the assessment.")
    _check_colleague("assessor", assessor, inquiry.site)
    # On the assessor's calendar, refused if it overlaps a group they facilitate or another booking.
    booking.book_appointment(
        kind=Appointment.Kind.ASSESSMENT,
        site=inquiry.site,
        staff=assessor,
        client=inquiry.client,
        inquiry=inquiry,
        starts_at=starts_at,
        minutes=ASSESSMENT_MINUTES,
        booked_by=booked_by,
    )
    return _move(
        inquiry,
        to_status=InquiryStatus.ASSESSMENT_BOOKED,
        actor=booked_by,
        note=f"Assessment with {assessor.get_full_name() or assessor.username}",
        next_action="Assessment",
        next_action_due=starts_at,
        changes={"assessment_at": starts_at, "assessor": assessor},
    )


@transaction.atomic
def convert_inquiry(
    *,
    inquiry: Inquiry,
    legal_first_name: str,
    legal_last_name: str,
    converted_by: Any,
    date_of_birth: dt.date | None = None,
) -> Client:
    """Admission: the prospective client gets a client record; the level-of-care decision opens the episode."""
    inquiry = _locked(inquiry)
    _check_transition(inquiry, InquiryStatus.ADMITTED)
    returning = _returning_client(inquiry)  # an alumna who asked to come back keeps her one chart
    client = returning or _register_from(
        inquiry,
        legal_first_name=legal_first_name,
        legal_last_name=legal_last_name,
        date_of_birth=date_of_birth,
        registered_by=converted_by,
    )
    _move(
        inquiry,
        to_status=InquiryStatus.ADMITTED,
        actor=converted_by,
        note="Returning client: their chart continues" if returning else "Client record created",
        next_action="",
        next_action_due=None,
        changes={"client": client},
    )
    return client


def _register_from(
    inquiry: Inquiry, *, legal_first_name: str, legal_last_name: str, date_of_birth: Any, registered_by: Any
) -> Client:
    # The caller's number is the client's only when they called for themselves; someone who called for them
    # (a mother, a sponsor) joins the chart as a contact, so the number reaches the face sheet either way.
    called_for_self = inquiry.caller_relation.strip().lower() in {"", "self"}
    client = register_client(
        site=inquiry.site,
        legal_first_name=legal_first_name,
        legal_last_name=legal_last_name,
        date_of_birth=date_of_birth,
        phone=inquiry.phone if called_for_self else "",
        registered_by=registered_by,
    )
    if not called_for_self and inquiry.caller_name.strip():
        add_contact(
            client=client, name=inquiry.caller_name, relationship=inquiry.caller_relation.strip()[:60],
            phone=inquiry.phone, is_emergency_contact=False, added_by=registered_by,
        )  # fmt: skip
    return client


def _returning_client(inquiry: Inquiry) -> Client | None:
    """The former client behind an inquiry the alumni portal opened ("I'd like to come back"), if any."""
    from trellis.alumni.models import Reconnect  # alumni builds on intake: imported when first used

    found = Reconnect.objects.filter(inquiry=inquiry).select_related("client").first()
    return found.client if found is not None else None


@transaction.atomic
def refer_elsewhere(*, inquiry: Inquiry, referred_to: str, referred_by: Any, note: str = "") -> Inquiry:
    if not referred_to.strip():
        reject("referred_to", "Say where the person was referred (program or level of care).")
    inquiry = _locked(inquiry)
    _check_transition(inquiry, InquiryStatus.REFERRED_ELSEWHERE)
    booking.cancel_inquiry_appointments(
        inquiry=inquiry, reason="Inquiry closed: referred elsewhere", cancelled_by=referred_by
    )
    return _move(
        inquiry,
        to_status=InquiryStatus.REFERRED_ELSEWHERE,
        actor=referred_by,
        note=note or f"Referred to {referred_to.strip()}",
        next_action="",
        next_action_due=None,
        changes={"referred_to": referred_to.strip()[:200]},
    )


@transaction.atomic
def mark_lost(*, inquiry: Inquiry, reason: str, marked_by: Any) -> Inquiry:
    if not reason.strip():
        reject("lost_reason", "Say why the inquiry was lost (no answer, chose another program, ...).")
    inquiry = _locked(inquiry)
    _check_transition(inquiry, InquiryStatus.LOST)
    booking.cancel_inquiry_appointments(
        inquiry=inquiry, reason="Inquiry closed: lost", cancelled_by=marked_by
    )
    return _move(
        inquiry,
        to_status=InquiryStatus.LOST,
        actor=marked_by,
        note=reason.strip(),
        next_action="",
        next_action_due=None,
        changes={"lost_reason": reason.strip()[:200]},
    )


@transaction.atomic
def set_next_action(
    *, inquiry: Inquiry, next_action: str, due: dt.datetime | None, assigned_to: Any, set_by: Any
) -> Inquiry:
    inquiry = _locked(inquiry)
    if not inquiry.is_open:
        reject("next_action", "This inquiry is closed.")
    if not next_action.strip():
        reject("next_action", "Say what happens next.")
    if due is None:
        reject("next_action_due", "Give the next action a due time.")
    _check_within_a_year("next_action_due", due, what="due time")
    _check_colleague("assigned_to", assigned_to, inquiry.site)
    inquiry.next_action = next_action.strip()
    inquiry.next_action_due = due
    inquiry.assigned_to = assigned_to
    inquiry.save(update_fields=["next_action", "next_action_due", "assigned_to", "updated_at"])
    _event(inquiry, kind=InquiryEventKind.NEXT_ACTION, actor=set_by, note=next_action.strip())
    _audit(actor=set_by, action=audit.Action.UPDATE, inquiry=inquiry, detail="inquiry next action")
    return inquiry
