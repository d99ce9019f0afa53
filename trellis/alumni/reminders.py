"""Follow-up reminders: once per follow-up, on the first daily run inside its window, by each channel the
alumnus opted in to. The words are the notifications app's neutral "You have a check-in due" (no treatment
named); quiet hours and retries are the notifications app's, at delivery."""

import datetime as dt

from django.db import transaction
from django.db.models import Exists, OuterRef

from trellis.alumni import rules, selectors
from trellis.alumni.models import FollowUp
from trellis.core import clock
from trellis.episodes.models import Episode
from trellis.notifications import delivery
from trellis.notifications.models import ChannelConsent, Notification
from trellis.portal.models import PortalAccount

# The earliest and latest discharge dates that can have a window open today (any time zone).
FIRST_DAYS = rules.MILESTONES[0] - rules.WINDOW_DAYS - 1
LAST_DAYS = rules.MILESTONES[-1] + rules.WINDOW_DAYS + 1


def _candidates(now: dt.datetime) -> list[Episode]:
    """Discharged stays of clients with a live portal account and no later stay."""
    today = now.date()
    later = Episode.objects.filter(client=OuterRef("client"), admitted_on__gt=OuterRef("admitted_on"))
    live_account = PortalAccount.objects.filter(client=OuterRef("client"), is_active=True)
    return list(
        Episode.objects.filter(
            discharged_on__gte=today - dt.timedelta(days=LAST_DAYS),
            discharged_on__lte=today - dt.timedelta(days=FIRST_DAYS),
        )
        .filter(~Exists(later), Exists(live_account))
        .select_related("client__site")
    )


def queue_follow_up_reminders() -> int:
    """Reminders queued this run (one per follow-up and opted-in channel)."""
    now = clock.now()
    queued = 0
    for episode in _candidates(now):
        client = episode.client
        if selectors.get_last_discharge(client=client) != episode:
            continue
        found = selectors.get_open_follow_up(client=client, today=clock.today_in(client.site.timezone))
        if found is None or found.done is not None:
            continue
        queued += _remind(found, now)
    return queued


@transaction.atomic
def _remind(found: selectors.OpenFollowUp, now: dt.datetime) -> int:
    client = found.episode.client
    FollowUp.objects.create(
        client=client, episode=found.episode, milestone=found.window.milestone, due_on=found.window.due_on,
        reminded_at=now,
    )  # fmt: skip
    consents = ChannelConsent.objects.filter(client=client, opted_out_at__isnull=True)
    for consent in consents:
        delivery.queue_reminder(
            client=client, channel=consent.channel, purpose=Notification.Purpose.CHECK_IN, scheduled_for=now
        )
    return len(consents)
