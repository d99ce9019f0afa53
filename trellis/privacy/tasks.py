"""Queue work for the audit trail."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from trellis.privacy.checkpoints import write_checkpoint


@db_periodic_task(crontab(minute="*/15"))
def write_audit_checkpoint() -> str:
    """Every quarter hour: a signed checkpoint of the chain heads, so a truncation loses at most 15 minutes
    of undetected history."""
    return str(write_checkpoint().path)
