"""The warm hand-off, as a discharge step: the aftercare plan's next provider from the directory becomes an
aftercare referral (drafted, to be sent through the gate from its page), and the 30-day follow-up starts.

The follow-up lives here, one row per discharge, rather than on the referral: every discharged client is
called at 30 days, whether or not a referral was made, and the line stays on the worklist until it is recorded.
"""

import datetime as dt
from typing import Any

from django import forms

from trellis.episodes.discharge_steps import DischargeContext, DischargeStep
from trellis.referrals import services
from trellis.referrals.choices import NeedDomain
from trellis.referrals.models import DischargeFollowUp, Referral, Resource

NEXT_PROVIDER_FIELD = "referrals_next_provider"
# The first call to the next provider: a week is long enough for them to book, short enough to catch a gap.
FIRST_CHECK_DAYS = 7


def next_provider_fields(episode: Any) -> dict[str, forms.Field]:
    resources = Resource.objects.filter(organization_id=episode.client.organization_id).active()
    return {
        NEXT_PROVIDER_FIELD: forms.ModelChoiceField(
            queryset=resources,
            required=False,
            label="Next provider (from the resource directory)",
            help_text="An aftercare referral to them is drafted; send it from the client's referrals, with consent.",
        )
    }


def hand_off(context: DischargeContext) -> None:
    episode = context.episode
    provider = context.answers.get(NEXT_PROVIDER_FIELD)
    if isinstance(provider, Resource):
        terms = services.ReferralTerms(
            resource=provider,
            domain=NeedDomain.TREATMENT,
            # The aftercare plan (level of care, crisis line) is written after the steps run; the referral
            # page links to the discharge summary that shows it.
            reason="Aftercare after discharge: first appointment with the next provider.",
            records=(),
            follow_up_on=context.discharged_on + dt.timedelta(days=FIRST_CHECK_DAYS),
        )
        services.draft_referral(
            actor=context.discharged_by, client=episode.client, terms=terms, episode=episode, aftercare=True
        )
    services.start_discharge_follow_up(
        episode=episode, discharged_on=context.discharged_on, actor=context.discharged_by
    )


def hand_off_lines(episode: Any) -> list[str]:
    lines = [
        f"Aftercare referral to {referral.resource.name}: {referral.get_state_display().lower()}"
        for referral in Referral.objects.filter(episode=episode, aftercare=True).select_related("resource")
    ]
    follow_up = DischargeFollowUp.objects.filter(episode=episode).first()
    if follow_up is not None:
        lines.append(
            f"30-day follow-up: {follow_up.get_outcome_display()}"
            if follow_up.recorded_on
            else f"30-day follow-up due {follow_up.due_on:%b %-d, %Y}"
        )
    return lines


STEP = DischargeStep(
    name="referrals",
    title="Warm hand-off",
    apply=hand_off,
    fields=next_provider_fields,
    hint="The next provider receives the aftercare referral; the client is called 30 days after discharge.",
    summary=hand_off_lines,
)
