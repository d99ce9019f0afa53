"""Setting a program up: programs with their rules, phases, tracks, rooms and topics. Every change is audited."""

from typing import Any

from django.db import models, transaction

from trellis.core.errors import reject
from trellis.privacy import audit
from trellis.programs.models import Organization, Phase, Program, Site, Track


def _save_fields(instance: models.Model, fields: dict[str, Any], *, actor: Any, created: bool) -> None:
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    action = audit.Action.CREATE if created else audit.Action.UPDATE
    audit.record(actor=actor, action=action, obj=instance, detail=f"{instance._meta.verbose_name} saved")


@transaction.atomic
def save_program(
    *, organization: Organization, fields: dict[str, Any], saved_by: Any, program: Program | None = None
) -> Program:
    if fields.get("min_days_per_week", 0) > fields.get("max_days_per_week", 7):
        reject("min_days_per_week", "The fewest days a week cannot be more than the most.")
    target = program or Program(organization=organization)
    _save_fields(target, fields, actor=saved_by, created=program is None)
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
