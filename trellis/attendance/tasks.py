"""Queue work for attendance: telehealth visits nobody closed end with their session."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from trellis.attendance import telehealth
from trellis.core import clock


@db_periodic_task(crontab(minute="*/15"))
def close_finished_telehealth_visits() -> int:
    return telehealth.close_finished_visits(now=clock.now())
