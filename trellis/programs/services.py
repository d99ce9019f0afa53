"""Setting a program up: programs with their rules, phases, tracks, rooms and topics. Every change is audited."""

from typing import Any

from django.db import models, transaction
from django.db.models import Min

from trellis.accounts.roles import Role
from trellis.core import week_changes
from trellis.core.errors import reject
from trellis.episodes.models import Enrollment
from trellis.privacy import audit
from trellis.programs import level_minimums
from trellis.programs.models import Organization, Phase, Program, Site, Track

_MINIMUM_RULES = ("min_weekly_hours", "level_of_care", "age_group", "minimum_override_reason")


def _save_fields(instance: models.Model, fields: dict[str, Any], *, actor: Any, created: bool) -> None:
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    action = audit.Action.CREATE if created else audit.Action.UPDATE
    audit.record(actor=actor, action=action, obj=instance, detail=f"{instance._meta.verbose_name} saved")


def _check_minimum(
    program: Program, fields: dict[str, Any], *, saved_by: Any
) -> level_minimums.Shortfall | None:
    """A minimum below the level's floor needs a director's written reason; returns the shortfall kept.

    Clears `fields`' reason when the minimum meets the floor, so a stale reason never stands beside it.
    """
    # From the database: a ModelForm's validation has already copied the new values onto the instance.
    stored = Program.objects.filter(pk=program.pk).values(*_MINIMUM_RULES).first() if program.pk else None
    current = stored or {name: getattr(program, name) for name in _MINIMUM_RULES}
    wanted = {**current, **{name: fields[name] for name in _MINIMUM_RULES if name in fields}}
    wanted["minimum_override_reason"] = (wanted["minimum_override_reason"] or "").strip()
    short = level_minimums.shortfall(
        level=wanted["level_of_care"], age_group=wanted["age_group"], minimum=wanted["min_weekly_hours"]
    )
    if short is None:
        if "min_weekly_hours" in fields or "minimum_override_reason" in fields:
            fields["minimum_override_reason"] = ""
        return None
    if stored is not None and wanted == current:
        return None  # an override already on file, unchanged by this save
    if not wanted["minimum_override_reason"]:
        reject(
            "min_weekly_hours",
            f"{short.message} A clinical director may keep it by writing the reason below.",
        )
    if getattr(saved_by, "role", None) != Role.DIRECTOR:
        reject(
            "minimum_override_reason",
            f"{short.message} Only a clinical director can keep a minimum below the level's.",
        )
    fields["minimum_override_reason"] = wanted["minimum_override_reason"]
    return short


@transaction.atomic
def save_program(
    *, organization: Organization, fields: dict[str, Any], saved_by: Any, program: Program | None = None
) -> Program:
    if fields.get("min_days_per_week", 0) > fields.get("max_days_per_week", 7):
        reject("min_days_per_week", "The fewest days a week cannot be more than the most.")
    fields = dict(fields)
    target = program or Program(organization=organization)
    override = _check_minimum(target, fields, saved_by=saved_by)
    minimum_before = target.min_weekly_hours
    _save_fields(target, fields, actor=saved_by, created=program is None)
    if program is not None and target.min_weekly_hours != minimum_before:
        _announce_new_minimum(target)
    if override is not None:
        audit.record(
            actor=saved_by,
            action=audit.Action.UPDATE,
            obj=target,
            detail=f"weekly minimum below the level's kept by a director with a written reason: {override.message}",
        )
    if program is None:
        for number, days in (
            (1, fields.get("max_days_per_week", 5)),
            (2, 4),
            (3, fields.get("min_days_per_week", 3)),
        ):
            Phase.objects.get_or_create(
                program=target, number=number, defaults={"name": f"Phase {number}", "days_per_week": days}
            )
    return target


def _announce_new_minimum(program: Program) -> None:
    """Every week of the program's clients is judged against the minimum again, the finished ones included."""
    enrollments = Enrollment.objects.filter(track__program=program)
    first = enrollments.aggregate(first=Min("starts_on"))["first"]
    if first is not None:
        week_changes.announce(
            client_ids=enrollments.values_list("episode__client_id", flat=True), first=first, last=None
        )


@transaction.atomic
def save_track(
    *, program: Program, site: Site, fields: dict[str, Any], saved_by: Any, track: Track | None = None
) -> Track:
    if site.organization_id != program.organization_id:
        reject("site", "The site belongs to another organization.")
    target = track or Track(program=program, site=site)
    target.site = site
    _save_fields(target, fields, actor=saved_by, created=track is None)
    return target
