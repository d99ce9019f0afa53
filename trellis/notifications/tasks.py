"""Queue work for reminders: send what is due, retry with backoff, write appointment reminders hourly."""

from typing import Any

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from trellis.notifications import delivery, reminders


@db_task()
def deliver_notification(notification_id: str) -> str:
    """Send one reminder; on a provider failure, queue the next try after the backoff."""
    retry_in = delivery.deliver(notification_id=notification_id)
    if retry_in is not None:
        deliver_notification.schedule(args=(notification_id,), delay=retry_in)
        return "retry"
    return "done"


@db_periodic_task(crontab(minute="*/5"))
def send_due_notifications() -> int:
    """Every five minutes: reminders whose time has come, including those held through quiet hours."""
    ids: list[Any] = delivery.due_notification_ids()
    for notification_id in ids:
        deliver_notification(str(notification_id))
    return len(ids)


@db_periodic_task(crontab(minute="7"))
def queue_appointment_reminders() -> int:
    """Hourly: a reminder 24 hours before each booked appointment, for clients who opted in."""
    return reminders.queue_appointment_reminders()
