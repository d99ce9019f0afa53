"""Claims in the order of a stay: charges split by the payer's billing cycle and the episode, and each draft's
statement period, bill-type frequency and patient status settled when it is exported (rules.claim_sequence)."""

import datetime as dt
from collections import defaultdict
from typing import Any

from trellis.billing.choices import ClaimType
from trellis.billing.models import Charge, Claim
from trellis.billing.rules import claim_sequence as rule
from trellis.episodes.models import Episode

EpisodeIndex = dict[Any, list[Episode]]


def episodes_of(client_ids: set[Any]) -> EpisodeIndex:
    """The clients' episodes with their aftercare plans, by client (1 query)."""
    index: EpisodeIndex = defaultdict(list)
    rows = Episode.objects.filter(client_id__in=client_ids).select_related("aftercare_plan")
    for episode in rows.order_by("admitted_on"):
        index[episode.client_id].append(episode)
    return index


def episode_on(index: EpisodeIndex, client_id: Any, program_id: Any, day: dt.date) -> Episode | None:
    """The episode a service belongs to: the client's stay covering the day, in the charge's program first."""
    covering = [
        e
        for e in index.get(client_id, [])
        if e.admitted_on <= day and (e.discharged_on is None or day <= e.discharged_on)
    ]
    same_program = [e for e in covering if e.program_id == program_id]
    found = same_program or covering
    return found[-1] if found else None


def claim_group(charge: Charge, index: EpisodeIndex) -> tuple[Any, ...]:
    """Charges on one claim share client, payer, coverage, episode and billing cycle."""
    assert charge.payer is not None  # released charges always have coverage
    episode = episode_on(index, charge.client_id, charge.program_id, charge.service_date)
    cycle = rule.cycle_of(charge.service_date, rule.BillingCycle(charge.payer.billing_cycle)).first
    return (charge.client_id, charge.payer_id, charge.coverage_id, episode.pk if episode else None, cycle)


def stay_of(episode: Episode | None) -> rule.Stay | None:
    if episode is None:
        return None
    plan = getattr(episode, "aftercare_plan", None)
    return rule.Stay(
        admitted_on=episode.admitted_on,
        discharged_on=episode.discharged_on,
        discharge_reason=episode.discharge_reason,
        transferred_to=plan.next_level_of_care if plan is not None else "",
    )


def settle_drafts(drafts: list[Claim]) -> None:
    """Give each draft its statement period, frequency and patient status as of now (the discharge may have
    been recorded since it was drafted). Drafts need their charges prefetched; 2 queries."""
    index = episodes_of({c.client_id for c in drafts})
    others = _claims_of(drafts)
    for claim in sorted(drafts, key=lambda c: c.statement_from):
        _settle(claim, index, others[(claim.client_id, claim.payer_id)])
    Claim.objects.bulk_update(drafts, ["statement_from", "statement_through", "frequency", "patient_status"])


def _claims_of(drafts: list[Claim]) -> dict[tuple[Any, Any], list[Claim]]:
    by_pair: dict[tuple[Any, Any], list[Claim]] = defaultdict(list)
    rows = Claim.objects.filter(
        client_id__in={c.client_id for c in drafts}, payer_id__in={c.payer_id for c in drafts}
    ).only("id", "client_id", "payer_id", "statement_from", "statement_through")
    for row in rows:
        by_pair[(row.client_id, row.payer_id)].append(row)
    return by_pair


def _settle(claim: Claim, index: EpisodeIndex, others: list[Claim]) -> None:
    if claim.frequency in rule.CORRECTIONS:
        return  # a replacement or void repeats the period and status of the claim it corrects
    charges = list(claim.charges.all())
    days = [c.service_date for c in charges]
    if claim.claim_type == ClaimType.PROFESSIONAL:
        claim.frequency, claim.patient_status = rule.Frequency.ADMIT_THROUGH_DISCHARGE.value, ""
        return  # an original 837P: no statement period or patient status at the claim level
    episode = episode_on(index, claim.client_id, charges[0].program_id, min(days))
    stay = stay_of(episode)
    first_service = min(days)
    before = [o for o in others if o.pk != claim.pk and o.statement_through < first_service]
    # the stay's earlier claims decide the frequency; any earlier claim (a previous stay's too) bounds the period
    earlier = [o for o in before if episode is None or o.statement_from >= episode.admitted_on]
    earlier_through = max((o.statement_through for o in before), default=None)
    cycle = rule.BillingCycle(claim.payer.billing_cycle)
    if rule.cycle_of(first_service, cycle).last < max(days):
        # drafted before claims followed billing cycles: keep its service dates rather than widen them
        period = rule.Period(first_service, max(days))
    else:
        period = rule.statement_period(
            service_dates=days, stay=stay, cycle=cycle, earlier_through=earlier_through
        )
    settled = rule.sequence(period=period, stay=stay, earlier_claims=bool(earlier))
    claim.statement_from, claim.statement_through = settled.period.first, settled.period.last
    claim.frequency, claim.patient_status = settled.frequency.value, settled.patient_status
