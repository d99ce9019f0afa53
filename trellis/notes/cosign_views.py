"""Supervision pages: the co-sign queue, a waiting note opened read-only to co-sign, bulk co-signing, and the
director's co-signature rules."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from trellis.accounts.access import requires
from trellis.accounts.reauth import require_recent_auth
from trellis.accounts.roles import Capability
from trellis.notes import cosign, cosign_rules, services, worklist
from trellis.notes.choices import SECTIONS
from trellis.notes.cosign_forms import CosignRuleForm, NamedSupervisorForm
from trellis.notes.models import CosignRequirement, CosignRule, GroupNote, IndividualNote, ParticipantEntry
from trellis.notes.signing import Note
from trellis.privacy import audit


@requires(Capability.WRITE_NOTES)
def queue_view(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    rows = cosign.waiting_for(user)
    plans = cosign.plans_waiting_for(user)
    client_ids = [row.client_id for row in rows if row.client_id] + [plan.client_id for plan in plans]
    audit.record_views(actor=user, client_ids=client_ids, detail="co-sign queue")
    context = {"rows": rows, "plans": plans, "limit": cosign.LIMIT, "zone": worklist.zone_for(user)}
    return render(request, "notes/cosign_queue.html", context)


def _note(request: HttpRequest, kind: str, pk: Any) -> Note:
    if kind == "group":
        groups = GroupNote.objects.visible_to(request.user).select_related(
            "session__group", "session__track__site", "author", "cosign_supervisor", "cosigned_by"
        )
        return get_object_or_404(groups, pk=pk)  # type: ignore[no-any-return]
    if kind == "individual":
        singles = IndividualNote.objects.visible_to(request.user).select_related(
            "client__site", "author", "cosign_supervisor", "cosigned_by", "episode__program"
        )
        return get_object_or_404(singles, pk=pk)  # type: ignore[no-any-return]
    raise Http404


def _review_context(user: Any, note: Note) -> dict[str, Any]:
    if isinstance(note, GroupNote):
        entries = list(ParticipantEntry.objects.visible_to(user).filter(note=note).select_related("client"))
        return {"note": note, "entries": entries, "zone": note.session.track.site.timezone, "kind": "group"}
    sections = [(label, note.sections.get(key, "")) for key, label in SECTIONS[note.format]]
    return {"note": note, "sections": sections, "zone": note.client.site.timezone, "kind": "individual"}


@requires(Capability.WRITE_NOTES)
def review_view(request: HttpRequest, kind: str, pk: Any) -> HttpResponse:
    """The note read-only, with a co-sign button for whoever may co-sign it; showing it counts as opening."""
    user: Any = request.user
    note = _note(request, kind, pk)
    context = _review_context(user, note)
    can_cosign = cosign.may_cosign(user, note)
    if can_cosign:
        cosign.record_opened(supervisor=user, note=note)
    client_ids = [e.client_id for e in context["entries"]] if kind == "group" else [note.client_id]  # type: ignore[union-attr]
    audit.record_views(actor=user, client_ids=client_ids, detail="note opened for co-signature")
    return render(request, "notes/cosign_review.html", {**context, "can_cosign": can_cosign})


@require_POST
@requires(Capability.WRITE_NOTES)
@require_recent_auth
def cosign_one_view(request: HttpRequest, kind: str, pk: Any) -> HttpResponse:
    note = _note(request, kind, pk)
    try:
        services.cosign_note(note=note, supervisor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("notes:cosign_review", kind=kind, pk=pk)
    messages.success(request, "Co-signed.")
    return redirect("notes:cosign_queue")


@require_POST
@requires(Capability.WRITE_NOTES)
@require_recent_auth
def cosign_bulk_view(request: HttpRequest) -> HttpResponse:
    try:
        count = cosign.cosign_many(supervisor=request.user, refs=request.POST.getlist("notes"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Co-signed {count} note{'s' if count != 1 else ''}.")
    return redirect("notes:cosign_queue")


def _rules_page(
    request: HttpRequest, *, rule_form: CosignRuleForm | None = None, named_form: Any = None
) -> HttpResponse:
    user: Any = request.user
    rules = CosignRule.objects.filter(organization_id=user.organization_id)
    named = CosignRequirement.objects.filter(user__organization_id=user.organization_id).select_related(
        "user", "supervisor"
    )
    context = {
        "rules": [(rule, cosign_rules.describe(rule), cosign_rules.kinds_label(rule)) for rule in rules],
        "named": list(named.order_by("user__last_name")),
        "rule_form": rule_form or CosignRuleForm(),
        "named_form": named_form or NamedSupervisorForm(organization_id=user.organization_id),
    }
    status = 422 if (rule_form or named_form) else 200
    return render(request, "notes/cosign_rules.html", context, status=status)


@requires(Capability.SUPERVISE_NOTES)
def rules_view(request: HttpRequest) -> HttpResponse:
    return _rules_page(request)


@require_POST
@requires(Capability.SUPERVISE_NOTES)
def add_rule_view(request: HttpRequest) -> HttpResponse:
    form = CosignRuleForm(request.POST)
    if form.is_valid():
        try:
            cosign_rules.add_rule(set_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Rule added. Notes signed from now on follow it.")
            return redirect("notes:cosign_rules")
    return _rules_page(request, rule_form=form)


@require_POST
@requires(Capability.SUPERVISE_NOTES)
def remove_rule_view(request: HttpRequest, pk: Any) -> HttpResponse:
    user: Any = request.user
    rule = get_object_or_404(CosignRule.objects.filter(organization_id=user.organization_id), pk=pk)
    cosign_rules.remove_rule(rule=rule, removed_by=user)
    messages.success(request, "Rule removed. Notes already waiting still wait for their co-signature.")
    return redirect("notes:cosign_rules")


@require_POST
@requires(Capability.SUPERVISE_NOTES)
def add_named_view(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = NamedSupervisorForm(request.POST, organization_id=user.organization_id)
    if form.is_valid():
        try:
            services.require_cosignature(
                user=form.cleaned_data["user"], supervisor=form.cleaned_data["supervisor"], set_by=user
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Supervisor saved.")
            return redirect("notes:cosign_rules")
    return _rules_page(request, named_form=form)


@require_POST
@requires(Capability.SUPERVISE_NOTES)
def remove_named_view(request: HttpRequest, pk: Any) -> HttpResponse:
    user: Any = request.user
    named = CosignRequirement.objects.filter(user__organization_id=user.organization_id).select_related(
        "user"
    )
    requirement = get_object_or_404(named, pk=pk)
    cosign_rules.remove_named_supervisor(requirement=requirement, removed_by=user)
    messages.success(request, "Named supervisor removed.")
    return redirect("notes:cosign_rules")
