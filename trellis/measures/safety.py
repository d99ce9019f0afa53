"""Urgent safety tasks, whatever raised them (a measure's flag or a note rated high risk), and who is told.

One way to open a task, so a PHQ-9 item 9 and a "disclosed plan to overdose tonight" in a note open the same
task, shown on Today until a documented assessment closes it (services.close_safety_task). Opening a task,
whatever raised it, tells the site's on-call clinician and the organization's clinical directors who work
there: an in-app notice each, and an e-mail that carries no client information, only that a task waits and a
link (HIPAA minimum necessary, 45 CFR 164.502(b); e-mail is not a secure channel for PHI).
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from trellis.accounts.models import User
from trellis.accounts.roles import CAPABILITIES, Capability, Role
from trellis.clients.models import Client
from trellis.core import clock
from trellis.core.errors import reject
from trellis.measures.choices import SafetyTaskKind, SafetyTaskStatus
from trellis.measures.models import MeasureResponse, OnCall, SafetyNotice, SafetyTask
from trellis.privacy import audit
from trellis.programs.models import Site

NOTICE_SUBJECT = "Trellis: an urgent safety task is waiting"
NOTICE_BODY = (
    "An urgent safety task is waiting in Trellis.\n"
    "Open it: {link}\n\n"
    "This message carries no client information on purpose; sign in to see it."
)


def open_safety_task(
    *,
    client: Client,
    kind: SafetyTaskKind,
    reason: str,
    assigned_to: Any,
    due_on: dt.date,
    opened_by: Any,
    response: MeasureResponse | None = None,
) -> SafetyTask:
    """Open a same-day safety task, audit it and tell on call and the directors (notify_safety_task); the
    caller's transaction holds it, so the e-mails leave only if it commits."""
    task = SafetyTask.objects.create(
        client=client,
        response=response,
        kind=kind,
        reason=reason[:300],
        assigned_to=assigned_to,
        due_on=due_on,
    )
    audit.record(
        actor=opened_by,
        action=audit.Action.CREATE,
        client_id=client.pk,
        obj=task,
        detail=f"safety task opened ({kind.value})",
    )
    notify_safety_task(task=task, actor=opened_by)
    return task


def task_link(task: SafetyTask) -> str:
    return settings.TRELLIS_BASE_URL.rstrip("/") + reverse("measures:task", kwargs={"pk": task.pk})


def _recipients(client: Client) -> list[tuple[User, str]]:
    """The site's on-call clinician, then every active director of the organization who works at the site."""
    found: dict[Any, tuple[User, str]] = {}
    on_call = OnCall.objects.filter(site_id=client.site_id, clinician__is_active=True).select_related(
        "clinician"
    )
    for row in on_call:
        if row.clinician.organization_id == client.organization_id:
            found[row.clinician.pk] = (row.clinician, SafetyNotice.Reason.ON_CALL)
    directors = User.objects.filter(
        organization_id=client.organization_id, role=Role.DIRECTOR, is_active=True, sites=client.site_id
    )
    for director in directors:
        found.setdefault(director.pk, (director, SafetyNotice.Reason.DIRECTOR))
    return list(found.values())


def notify_safety_task(*, task: SafetyTask, actor: Any) -> list[SafetyNotice]:
    """A notice for each person to tell, audited; their e-mails leave only once the task is committed."""
    people = _recipients(task.client)
    notices = SafetyNotice.objects.bulk_create(
        [
            SafetyNotice(task=task, recipient=person, reason=reason, emailed=bool(person.email))
            for person, reason in people
        ]
    )
    audit.record(
        actor=actor,
        action=audit.Action.CREATE,
        client_id=task.client_id,
        obj=task,
        detail=f"safety task notice to {len(notices)} staff",
    )
    addresses = sorted({person.email for person, _ in people if person.email})
    link = task_link(task)
    transaction.on_commit(lambda: _send(addresses, link))
    return notices


def _send(addresses: list[str], link: str) -> None:
    if addresses:
        send_mail(
            NOTICE_SUBJECT,
            NOTICE_BODY.format(link=link),
            settings.DEFAULT_FROM_EMAIL,
            addresses,
            fail_silently=True,  # the task and the in-app notice are what count; a mail server down must not undo them
        )


def list_unread_notices(*, user: Any) -> list[SafetyNotice]:
    """The user's notices of tasks still open (for Today), newest first."""
    return list(
        SafetyNotice.objects.filter(recipient=user, read_at__isnull=True, task__status=SafetyTaskStatus.OPEN)
        .select_related("task")
        .order_by("-created_at")[:20]
    )


def mark_notices_read(*, task: SafetyTask, user: Any) -> None:
    """Opening the task reads the user's notice of it; nothing else changes, so no audit event of its own."""
    SafetyNotice.objects.filter(task=task, recipient=user, read_at__isnull=True).update(read_at=clock.now())


def _may_be_on_call(user: User) -> bool:
    return user.is_active and Capability.VIEW_CLINICAL in CAPABILITIES.get(user.role, frozenset())


def on_call_candidates(*, site: Site) -> list[User]:
    staff = User.objects.filter(organization_id=site.organization_id, sites=site, is_active=True)
    return [user for user in staff.order_by("last_name", "first_name") if _may_be_on_call(user)]


@transaction.atomic
def set_on_call(*, site: Site, clinician: User | None, set_by: Any) -> OnCall | None:
    """Name the site's on-call clinician (a clinical role working at the site), or clear it with None."""
    if site.organization_id != set_by.organization_id:
        reject("site", "Choose one of your organization's sites.")
    if clinician is None:
        OnCall.objects.filter(site=site).delete()
        audit.record(actor=set_by, action=audit.Action.DELETE, detail=f"on-call cleared at {site.name}")
        return None
    if clinician.pk not in {user.pk for user in on_call_candidates(site=site)}:
        reject("clinician", "Choose a clinician who works at this site.")
    row, _ = OnCall.objects.update_or_create(site=site, defaults={"clinician": clinician, "set_by": set_by})
    audit.record(actor=set_by, action=audit.Action.UPDATE, obj=row, detail=f"on-call set at {site.name}")
    return row
