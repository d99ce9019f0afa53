"""Whose figures a dashboard adds up: the sites and programs a user may see, one date range, one organization.

A director sees every site and program of their organization; anyone else with the capability sees the sites
and programs they work in (the same memberships that scope client records). Every metric starts from here.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from trellis.accounts.roles import Role
from trellis.programs.models import Program, Site


@dataclass(frozen=True)
class Scope:
    organization_id: Any
    site_ids: tuple[Any, ...]
    program_ids: tuple[Any, ...]
    first: dt.date
    last: dt.date  # inclusive
    today: dt.date
    # Every site of the organization is in scope (a director's network or program dashboard): every client of
    # the organization is at one of them, so episodes need no join to their client to be scoped.
    all_sites: bool = False

    def episodes(self, prefix: str = "") -> Q:
        """Episodes in scope: of a program in scope, for a client of a site in scope."""
        if self.all_sites:
            return Q(**{f"{prefix}program_id__in": self.program_ids})
        return Q(
            **{f"{prefix}program_id__in": self.program_ids, f"{prefix}client__site_id__in": self.site_ids}
        )

    def tracks(self, prefix: str = "") -> Q:
        """Group sessions (through their track) in scope: at a site and of a program in scope."""
        return Q(
            **{
                f"{prefix}track__site_id__in": self.site_ids,
                f"{prefix}track__program_id__in": self.program_ids,
            }
        )


def visible_sites(user: Any) -> Any:
    sites = Site.objects.filter(organization_id=user.organization_id)
    return sites if user.role == Role.DIRECTOR else sites.filter(pk__in=user.site_ids())


def visible_programs(user: Any) -> Any:
    programs = Program.objects.filter(organization_id=user.organization_id)
    return programs if user.role == Role.DIRECTOR else programs.filter(pk__in=user.program_ids())


def build_scope(
    *,
    user: Any,
    first: dt.date,
    last: dt.date,
    today: dt.date,
    site: Site | None = None,
    program: Program | None = None,
) -> Scope:
    """The user's scope narrowed to one site or one program (both already checked as visible to them)."""
    site_ids = [site.pk] if site else list(visible_sites(user).values_list("pk", flat=True))
    program_ids = [program.pk] if program else list(visible_programs(user).values_list("pk", flat=True))
    return Scope(
        all_sites=site is None and user.role == Role.DIRECTOR,  # as visible_sites reads
        organization_id=user.organization_id,
        site_ids=tuple(site_ids),
        program_ids=tuple(program_ids),
        first=first,
        last=last,
        today=today,
    )


def weeks(scope: Scope) -> list[dt.date]:
    """The Mondays of the weeks the range touches."""
    monday = scope.first - dt.timedelta(days=scope.first.weekday())
    mondays = []
    while monday <= scope.last:
        mondays.append(monday)
        monday += dt.timedelta(days=7)
    return mondays
