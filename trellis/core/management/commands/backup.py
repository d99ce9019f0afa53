"""`manage.py backup [FILE]`: a consistent copy of the live database, with its manifest beside it."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from trellis.core import backup, clock


class Command(BaseCommand):
    help = "Back up the database while the app runs (SQLite online backup or pg_dump) and write its manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", nargs="?", type=Path, help="where to write it (default: a timestamped file in BACKUP_DIR)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        database = backup.Database.from_settings(connections["default"].settings_dict)
        now = clock.now()
        destination = options["file"] or backup.default_destination(
            database=database, directory=Path(settings.BACKUP_DIR), now=now
        )
        try:
            manifest = backup.backup(database=database, destination=destination, taken_at=now)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{destination}: {len(manifest.tables)} tables, {manifest.total_rows} rows "
            f"(manifest {backup.manifest_path(destination).name})"
        )
