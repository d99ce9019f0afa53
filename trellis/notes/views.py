"""The group note page: the shared part once, an entry per present client saved one at a time, and signing.

Individual notes and the notes list are in ``individual_views.py``.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from trellis.accounts.access import requires
from trellis.accounts.reauth import require_recent_auth
from trellis.accounts.roles import Capability
from trellis.clients.models import Client
from trellis.core import clock
from trellis.core.htmx import is_partial
from trellis.notes import selectors, services
from trellis.notes.forms import AddendumForm, EntryForm, SharedPartForm
from trellis.notes.models import GroupNote
from trellis.notes.selectors import EntryLine, GroupNotePage
from trellis.privacy import audit
from trellis.scheduling.models import GroupSession

PAGE = "notes/group_note.html"


def _can_edit(user: Any, page: GroupNotePage) -> bool:
    note = page.note
    if not user.can(Capability.WRITE_NOTES) or page.session.is_cancelled:
        return False
    return note is None or (not note.is_signed and note.author_id == user.pk)


def _row(line: EntryLine, form: EntryForm | None = None, saved: bool = False) -> dict[str, Any]:
    key = line.client.pk.hex[:8]
    form = form or EntryForm.for_entry(line.entry, client_key=key, objectives=line.objectives)
    return {
        "line": line,
        "short_name": selectors.short_name(line.client),
        "form": form,
        "saved": saved,
        "version": _version_shown(line, form),
    }


def _version_shown(line: EntryLine, form: EntryForm) -> Any:
    """The version the entry's form goes on from: the stored one after a save, and after a refusal the one
    the user started from, so their next save (an autosave, say) is refused again rather than replacing what
    they have not read; "Replace it with mine" in the stale box moves it on deliberately."""
    if form.is_bound and form.errors:
        return form.posted_version
    return line.entry.version if line.entry else 0


def _addendum_form(page: GroupNotePage, data: Any = None) -> AddendumForm:
    entries = [(str(line.entry.pk), line.client.display_name) for line in page.lines if line.entry]
    return AddendumForm(data, entries=entries)


def _context(request: HttpRequest, page: GroupNotePage, **extra: Any) -> dict[str, Any]:
    user: Any = request.user
    note = page.note
    topic = page.session.topic.name if page.session.topic else ""
    return {
        "page": page,
        "session": page.session,
        "note": note,
        "rows": [_row(line) for line in page.lines],
        "shared_form": SharedPartForm.for_note(note, topic),
        "can_edit": _can_edit(user, page),
        "can_amend": bool(note and note.is_signed and user.can(Capability.WRITE_NOTES)),
        "can_cosign": bool(note and note.awaiting_cosignature and note.cosign_supervisor_id == user.pk),
        "addendum_form": _addendum_form(page),
        "overdue": (note is None or not note.is_signed) and page.due < clock.now(),
        **extra,
    }


def _page(request: HttpRequest, session_pk: Any) -> GroupNotePage:
    session = selectors.get_session(user=request.user, pk=session_pk)
    return selectors.get_group_note_page(session=session, user=request.user)


@requires(Capability.VIEW_CLINICAL)
def group_note_view(request: HttpRequest, session_pk: Any) -> HttpResponse:
    page = _page(request, session_pk)
    audit.record_views(
        actor=request.user, client_ids=[line.client.pk for line in page.lines], detail="group note"
    )
    return render(request, PAGE, _context(request, page))


def _note_for(request: HttpRequest, session: GroupSession) -> GroupNote:
    return services.start_group_note(session=session, author=request.user)


@require_POST
@requires(Capability.WRITE_NOTES)
def save_shared_view(request: HttpRequest, session_pk: Any) -> HttpResponse:
    session = selectors.get_session(user=request.user, pk=session_pk)
    form = SharedPartForm(request.POST)
    version: int | str | None = form.posted_version  # the stored one once saved; see _version_shown
    if form.is_valid():
        try:
            note = _note_for(request, session)
            note = services.update_group_note_shared(
                note=note,
                editor=request.user,
                topic=form.cleaned_data["topic"],
                content=form.cleaned_data["content"],
                expected_version=form.expected_version,
            )
            version = note.version
        except ValidationError as error:
            form.add_service_errors(error)
    if not is_partial(request):
        if form.errors:
            page = selectors.get_group_note_page(session=session, user=request.user)
            return render(request, PAGE, _context(request, page, shared_form=form))
        return redirect("notes:group_note", session_pk=session.pk)
    page = selectors.get_group_note_page(session=session, user=request.user)
    context = {
        "page": page,
        "shared_form": form,
        "saved": not form.errors,
        "shared_version": version,
        "oob": True,
    }
    return render(request, PAGE + "#shared_status", context)


@require_POST
@requires(Capability.WRITE_NOTES)
def save_entry_view(request: HttpRequest, session_pk: Any, client_pk: Any) -> HttpResponse:
    session = selectors.get_session(user=request.user, pk=session_pk)
    client = get_object_or_404(Client.objects.visible_to(request.user), pk=client_pk)
    page = selectors.get_group_note_page(session=session, user=request.user)
    line = selectors.get_line(page=page, client_pk=client.pk)
    form = EntryForm(request.POST, client_key=client.pk.hex[:8], objectives=line.objectives)
    if form.is_valid():
        try:
            note = _note_for(request, session)
            line.entry = services.save_participant_entry(
                note=note, client=client, editor=request.user, **form.cleaned
            )
        except ValidationError as error:
            form.add_service_errors(error)
    if not is_partial(request):
        if form.errors:
            rows = [_row(other) if other is not line else _row(line, form) for other in page.lines]
            return render(request, PAGE, _context(request, page, rows=rows))
        return redirect(
            reverse("notes:group_note", kwargs={"session_pk": session.pk}) + f"#entry-{client.pk}"
        )
    context = {"row": _row(line, form, saved=not form.errors), "page": page, "oob": True}
    return render(request, PAGE + "#entry_status", context)


@require_POST
@requires(Capability.WRITE_NOTES)
@require_recent_auth
def sign_view(request: HttpRequest, session_pk: Any) -> HttpResponse:
    session = selectors.get_session(user=request.user, pk=session_pk)
    try:
        note = _note_for(request, session)
        services.sign_group_note(note=note, signed_by=request.user)
    except ValidationError as error:
        problems = [message for messages_ in error.message_dict.values() for message in messages_]
        if is_partial(request):
            return render(request, PAGE + "#sign_errors", {"sign_errors": problems})
        page = selectors.get_group_note_page(session=session, user=request.user)
        return render(request, PAGE, _context(request, page, sign_errors=problems))
    messages.success(request, "Signed. The note and every participant's entry are now locked.")
    url = reverse("notes:group_note", kwargs={"session_pk": session.pk})
    return HttpResponseClientRedirect(url) if is_partial(request) else redirect(url)


@require_POST
@requires(Capability.WRITE_NOTES)
def group_addendum_view(request: HttpRequest, session_pk: Any) -> HttpResponse:
    page = _page(request, session_pk)
    form = _addendum_form(page, request.POST)
    if form.is_valid() and page.note is not None:
        entry_pk = form.cleaned_data.get("entry")
        entry = next(
            (line.entry for line in page.lines if line.entry and str(line.entry.pk) == entry_pk), None
        )
        try:
            services.add_addendum(
                note=page.note, author=request.user, text=form.cleaned_data["text"], entry=entry
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Addendum added. The signed note itself is unchanged.")
            return redirect("notes:group_note", session_pk=page.session.pk)
    return render(request, PAGE, _context(request, page, addendum_form=form))


@require_POST
@requires(Capability.WRITE_NOTES)
@require_recent_auth
def group_cosign_view(request: HttpRequest, session_pk: Any) -> HttpResponse:
    page = _page(request, session_pk)
    if page.note is not None:
        try:
            services.cosign_note(note=page.note, supervisor=request.user)
            messages.success(request, "Co-signed.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("notes:group_note", session_pk=page.session.pk)
