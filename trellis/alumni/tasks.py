"""Daily: reminders of alumni follow-ups whose window opened (sent by the notifications app's queue)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from trellis.alumni import reminders


@db_periodic_task(crontab(minute="20", hour="15"))
def queue_follow_up_reminders() -> int:
    """15:20 UTC is mid-morning to midday across US time zones; quiet hours still hold any that fall in them."""
    return reminders.queue_follow_up_reminders()
