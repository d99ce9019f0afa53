"""Who needs a supervisor's co-signature on which notes: the director's rules, and who co-signs.

Unlicensed staff, interns and some certified counselors practise under a licensed supervisor, who reviews
and co-signs their documentation; which credentials need it, and on which notes, differs by state and payer
(e.g. many state SUD rules have an uncertified counselor's notes co-signed by a certified or licensed
clinician). Trellis therefore never hard-codes it: the clinical director writes the rules (REFERENCE.md
section 7, "supervisor co-signature where required").
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q

from trellis.accounts.models import Credential
from trellis.accounts.roles import Capability, Role
from trellis.core import clock
from trellis.core.errors import reject
from trellis.notes.choices import NoteFormat
from trellis.notes.models import CosignRequirement, CosignRule, GroupNote, IndividualNote
from trellis.privacy import audit

GROUP = "group"
KINDS: list[tuple[str, str]] = [(GROUP, "Group notes"), *NoteFormat.choices]
KIND_LABELS = dict(KINDS)


def kind_of(note: GroupNote | IndividualNote) -> str:
    return GROUP if isinstance(note, GroupNote) else str(note.format)


def current_licenses(user: Any, *, today: dt.date) -> set[str]:
    """License types the user holds today; an expired license no longer counts."""
    valid = Q(expires_on__isnull=True) | Q(expires_on__gte=today)
    return set(Credential.objects.filter(valid, user=user).values_list("license_type", flat=True))


def covers_person(rule: CosignRule, *, role: str, licenses: set[str]) -> bool:
    """Whether the rule names someone with `role` holding `licenses` (every part it names must hold)."""
    if rule.role and rule.role != role:
        return False
    if rule.license_type == CosignRule.NO_LICENSE:
        return not licenses
    return not rule.license_type or rule.license_type in licenses


def rule_matches(rule: CosignRule, *, role: str, licenses: set[str], kind: str) -> bool:
    """Whether the rule covers a note of `kind` by someone with `role` holding `licenses`."""
    return kind in rule.kinds and covers_person(rule, role=role, licenses=licenses)


@dataclass(frozen=True)
class Cosigner:
    """Who must co-sign a note: one named supervisor, or any supervisor at the note's site."""

    supervisor: Any | None
    any_supervisor: bool


def cosigner_for(*, author: Any, kind: str) -> Cosigner | None:
    """Who co-signs a note of `kind` by `author` signed now, or None when it needs no co-signature.

    Where rules name the author, they decide which kinds of note wait. A named supervisor of someone no rule
    names keeps the older meaning: every note they sign waits for that supervisor."""
    named_rule = CosignRequirement.objects.filter(user=author).select_related("supervisor").first()
    named = named_rule.supervisor if named_rule else None
    rules = list(CosignRule.objects.filter(organization_id=author.organization_id))
    licenses = current_licenses(author, today=clock.now().date()) if rules else set()
    theirs = [r for r in rules if covers_person(r, role=author.role, licenses=licenses)]
    if not theirs:
        return Cosigner(supervisor=named, any_supervisor=False) if named else None
    matching = [rule for rule in theirs if kind in rule.kinds]
    if not matching:
        return None
    if named and any(rule.signer == CosignRule.Signer.NAMED for rule in matching):
        return Cosigner(supervisor=named, any_supervisor=False)
    return Cosigner(supervisor=None, any_supervisor=True)


def describe(rule: CosignRule) -> str:
    """The rule in the director's words, e.g. "Clinician / counselor holding no license"."""
    who = [dict(Role.choices).get(rule.role, rule.role) if rule.role else "Staff"]
    if rule.license_type == CosignRule.NO_LICENSE:
        who.append("holding no license")
    elif rule.license_type:
        who.append(
            f"holding {dict(Credential.LicenseType.choices).get(rule.license_type, rule.license_type)}"
        )
    return " ".join(who)


def kinds_label(rule: CosignRule) -> str:
    return ", ".join(KIND_LABELS.get(kind, kind) for kind in rule.kinds)


@transaction.atomic
def add_rule(*, set_by: Any, role: str, license_type: str, kinds: list[str], signer: str) -> CosignRule:
    """A new co-signature rule for the director's organization."""
    if not set_by.can(Capability.SUPERVISE_NOTES):
        reject("role", "Only a clinical director sets co-signature rules.", code="forbidden")
    if role and role not in Role.values:
        reject("role", "Choose a role from the list.")
    licenses = {*Credential.LicenseType.values, CosignRule.NO_LICENSE}
    if license_type and license_type not in licenses:
        reject("license_type", "Choose a license from the list.")
    if not role and not license_type:
        reject("role", "Name a role, a license (or no license), or both: a rule for everyone is not a rule.")
    chosen = [kind for kind, _ in KINDS if kind in kinds]
    if not chosen or len(chosen) != len(set(kinds)):
        reject("kinds", "Tick at least one kind of note.")
    if signer not in CosignRule.Signer.values:
        reject("signer", "Choose who co-signs.")
    rule = CosignRule.objects.create(
        organization_id=set_by.organization_id,
        role=role,
        license_type=license_type,
        kinds=chosen,
        signer=signer,
        created_by=set_by,
    )
    audit.record(actor=set_by, action=audit.Action.CREATE, obj=rule, detail="co-signature rule added")
    return rule


@transaction.atomic
def remove_rule(*, rule: CosignRule, removed_by: Any) -> None:
    """Notes already waiting keep waiting; notes signed from now on follow the remaining rules."""
    if not removed_by.can(Capability.SUPERVISE_NOTES) or rule.organization_id != removed_by.organization_id:
        reject("rule", "Only a clinical director of this organization removes its rules.", code="forbidden")
    audit.record(actor=removed_by, action=audit.Action.DELETE, obj=rule, detail="co-signature rule removed")
    rule.delete()


@transaction.atomic
def remove_named_supervisor(*, requirement: CosignRequirement, removed_by: Any) -> None:
    if (
        not removed_by.can(Capability.SUPERVISE_NOTES)
        or requirement.user.organization_id != removed_by.organization_id
    ):
        reject("user", "Only a clinical director of this organization changes supervisors.", code="forbidden")
    audit.record(
        actor=removed_by, action=audit.Action.DELETE, obj=requirement, detail="named supervisor removed"
    )
    requirement.delete()
