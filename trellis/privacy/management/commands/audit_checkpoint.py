"""`manage.py audit_checkpoint`: write the audit chain heads, signed, to a file outside the database."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from trellis.privacy.checkpoints import CheckpointError, write_checkpoint


class Command(BaseCommand):
    help = "Write a signed checkpoint of the audit chain heads (TRELLIS_AUDIT_CHECKPOINT_DIR)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            checkpoint = write_checkpoint()
        except CheckpointError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Audit checkpoint written: {checkpoint.path} ({len(checkpoint.heads)} chain(s)).")
