"""Individual notes (write, save, sign, amend, co-sign) and the list of the user's own notes."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from trellis.accounts import reauth
from trellis.accounts.access import requires
from trellis.accounts.reauth import require_recent_auth
from trellis.accounts.roles import Capability
from trellis.clients.models import Client
from trellis.core import clock
from trellis.notes import services, worklist
from trellis.notes.choices import SECTIONS, NoteFormat
from trellis.notes.forms import AddendumForm, IndividualNoteForm
from trellis.notes.models import IndividualNote
from trellis.privacy import audit

PAGE = "notes/individual_note.html"


def _note_for(request: HttpRequest, pk: Any) -> IndividualNote:
    queryset = IndividualNote.objects.visible_to(request.user).select_related(
        "client__site", "author", "cosign_supervisor", "episode__program"
    )
    note: IndividualNote = get_object_or_404(queryset, pk=pk)
    return note


def _render(request: HttpRequest, note: IndividualNote, status: int = 200, **extra: Any) -> HttpResponse:
    user: Any = request.user
    context = {
        "note": note,
        "client": note.client,
        "sections": [(label, note.sections.get(key, "")) for key, label in SECTIONS[note.format]],
        "addenda": list(note.addenda.select_related("author")),
        "family_participants": list(note.family_participants.select_related("contact")),
        "order_actions": list(note.order_actions.select_related("order")),
        "can_edit": not note.is_signed and note.author_id == user.pk and user.can(Capability.WRITE_NOTES),
        "can_amend": note.is_signed and user.can(Capability.WRITE_NOTES),
        "can_cosign": note.awaiting_cosignature and note.cosign_supervisor_id == user.pk,
        "form": IndividualNoteForm.for_note(note),
        "addendum_form": AddendumForm(),
        **extra,
    }
    return render(request, PAGE, context, status=status)


def _chosen_format(value: str | None) -> str:
    return value if value in NoteFormat.values else NoteFormat.DAP


@requires(Capability.WRITE_NOTES)
def individual_new_view(request: HttpRequest, client_pk: Any) -> HttpResponse:
    client = get_object_or_404(Client.objects.visible_to(request.user).select_related("site"), pk=client_pk)
    # A posted form names its own format: the address may still carry the one the page was opened with.
    note_format = _chosen_format(request.POST.get("format") or request.GET.get("format"))
    form = IndividualNoteForm.blank(note_format=note_format, today=clock.today_in(client.site.timezone))
    status = 200
    if request.method == "POST" and request.POST.get("switch_to"):
        note_format = _chosen_format(request.POST["switch_to"])
        form = IndividualNoteForm.switched(request.POST, note_format=note_format)
    elif request.method == "POST":
        form = IndividualNoteForm(request.POST, note_format=note_format)
        if form.is_valid():
            try:
                note = services.create_individual_note(
                    client=client,
                    author=request.user,
                    service_date=form.cleaned_data["service_date"],
                    duration_minutes=form.cleaned_data["duration_minutes"],
                    note_format=note_format,
                    sections=form.sections,
                    **form.risk,
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, "Draft saved. Sign it when every section is written.")
                return redirect("notes:individual", pk=note.pk)
        status = 400
    audit.record(
        actor=request.user, action=audit.Action.VIEW, client_id=client.pk, obj=client, detail="new note"
    )
    context = {
        "client": client,
        "form": form,
        "note_format": note_format,
        "formats": NoteFormat.choices,
        "switched": request.POST.get("switch_to") is not None,
    }
    return render(request, "notes/individual_new.html", context, status=status)


@requires(Capability.VIEW_CLINICAL)
def individual_view(request: HttpRequest, pk: Any) -> HttpResponse:
    note = _note_for(request, pk)
    audit.record(
        actor=request.user, action=audit.Action.VIEW, client_id=note.client_id, obj=note, detail="note"
    )
    return _render(request, note)


@require_POST
@requires(Capability.WRITE_NOTES)
def individual_save_view(request: HttpRequest, pk: Any) -> HttpResponse:
    """Save the draft; with action=sign, sign it too (the save stands if signing is refused)."""
    note = _note_for(request, pk)
    form = IndividualNoteForm(request.POST, note_format=note.format)
    if not form.is_valid():
        return _render(request, note, status=400, form=form)
    try:
        note = services.update_individual_note(
            note=note,
            editor=request.user,
            service_date=form.cleaned_data["service_date"],
            duration_minutes=form.cleaned_data["duration_minutes"],
            sections=form.sections,
            **form.risk,
            expected_version=form.expected_version,
        )
    except ValidationError as error:
        form.add_service_errors(error)
        status = 200 if form.stale else 400  # a stale save is not refused input: the page offers both texts
        return _render(request, _note_for(request, pk), status=status, form=form)
    if request.POST.get("action") != "sign":
        messages.success(request, "Draft saved.")
        return redirect("notes:individual", pk=note.pk)
    if not reauth.is_recent(request):  # the draft is saved; signing waits for a fresh check of who signs
        messages.success(request, "Draft saved.")
        return reauth.ask_again(request)
    try:
        services.sign_individual_note(note=note, signed_by=request.user)
    except ValidationError as error:
        form.go_on_from(note.version)  # the draft itself was saved
        form.add_service_errors(error)
        return _render(request, _note_for(request, pk), form=form)
    messages.success(request, "Signed. The note is now locked; later changes are addenda.")
    return redirect("notes:individual", pk=note.pk)


@require_POST
@requires(Capability.WRITE_NOTES)
def individual_addendum_view(request: HttpRequest, pk: Any) -> HttpResponse:
    note = _note_for(request, pk)
    form = AddendumForm(request.POST)
    if form.is_valid():
        try:
            services.add_addendum(note=note, author=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Addendum added. The signed note itself is unchanged.")
            return redirect("notes:individual", pk=note.pk)
    return _render(request, note, addendum_form=form)


@require_POST
@requires(Capability.WRITE_NOTES)
@require_recent_auth
def individual_cosign_view(request: HttpRequest, pk: Any) -> HttpResponse:
    note = _note_for(request, pk)
    try:
        services.cosign_note(note=note, supervisor=request.user)
        messages.success(request, "Co-signed.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("notes:individual", pk=note.pk)


@requires(Capability.VIEW_CLINICAL)
def notes_list_view(request: HttpRequest) -> HttpResponse:
    """The user's own notes, newest first, with what is still to do on top."""
    user: Any = request.user
    singles = worklist.list_my_individual_notes(user=user)
    audit.record_views(actor=user, client_ids=[note.client_id for note in singles], detail="notes list")
    context = {
        "groups": worklist.list_my_group_notes(user=user),
        "singles": singles,
        "limit": 100,
        "todo": worklist.list_notes_to_do(user=user, now=clock.now()),
        "zone": worklist.zone_for(user),
        "on_list": True,
    }
    return render(request, "notes/list.html", context)
