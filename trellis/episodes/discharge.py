"""Discharge with an aftercare plan: the episode closes and the plan is saved in one transaction."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from trellis.core.errors import reject
from trellis.episodes.choices import LevelOfCare
from trellis.episodes.models import AftercarePlan, Episode
from trellis.episodes.services import discharge_client
from trellis.privacy import audit

# The national 988 Suicide & Crisis Lifeline (FCC 20-191, live since 2022-07-16); programs add their own lines.
DEFAULT_CRISIS_LINE = "988 Suicide & Crisis Lifeline: call or text 988, or chat at 988lifeline.org"


@dataclass(frozen=True)
class Aftercare:
    """The aftercare part of a discharge, as entered."""

    next_level_of_care: str = ""
    referrals: str = ""
    peer_support: list[str] = field(default_factory=list)
    peer_support_other: str = ""
    alumni_group: bool = False
    alumni_group_name: str = ""
    crisis_line: str = DEFAULT_CRISIS_LINE


def _check_aftercare(aftercare: Aftercare) -> None:
    if aftercare.next_level_of_care and aftercare.next_level_of_care not in LevelOfCare.values:
        reject("next_level_of_care", "Choose the next level of care from the list.")
    if any(code not in AftercarePlan.PeerSupport.values for code in aftercare.peer_support):
        reject("peer_support", "Choose peer support from the list.")
    if AftercarePlan.PeerSupport.OTHER in aftercare.peer_support and not aftercare.peer_support_other.strip():
        reject("peer_support_other", "Name the other peer support group.")
    if aftercare.alumni_group and not aftercare.alumni_group_name.strip():
        reject("alumni_group_name", "Say which alumni group the client joins.")


@transaction.atomic
def discharge_with_aftercare(
    *,
    episode: Episode,
    discharged_on: dt.date,
    reason: int | None,
    summary: str,
    aftercare: Aftercare,
    discharged_by: Any,
    answers: Mapping[str, Any] | None = None,
) -> AftercarePlan:
    """Close the episode with its TEDS reason and record where the client goes next."""
    _check_aftercare(aftercare)
    discharge_client(
        episode=episode,
        discharged_on=discharged_on,
        reason=reason,
        summary=summary.strip(),
        discharged_by=discharged_by,
        answers=answers,
    )
    plan = AftercarePlan.objects.create(
        episode=episode,
        next_level_of_care=aftercare.next_level_of_care,
        referrals=aftercare.referrals.strip(),
        peer_support=list(dict.fromkeys(aftercare.peer_support)),
        peer_support_other=aftercare.peer_support_other.strip()
        if AftercarePlan.PeerSupport.OTHER in aftercare.peer_support
        else "",
        alumni_group=aftercare.alumni_group,
        alumni_group_name=aftercare.alumni_group_name.strip() if aftercare.alumni_group else "",
        crisis_line=aftercare.crisis_line.strip(),
        recorded_by=discharged_by,
    )
    audit.record(
        actor=discharged_by,
        action=audit.Action.CREATE,
        client_id=episode.client_id,
        obj=plan,
        detail=f"aftercare plan, next level {aftercare.next_level_of_care or 'none'}",
    )
    return plan
