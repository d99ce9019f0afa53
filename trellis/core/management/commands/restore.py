"""`manage.py restore FILE`: replace the configured database with a backup, then check it row by row."""

import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from trellis.clients import chart_stamps
from trellis.core import backup, clock


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the configured database and verify it against the "
        "backup's manifest. Stop the app and the task consumer first (docs/operations.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the backup file (its .manifest.json must be beside it)")
        parser.add_argument(
            "--yes", action="store_true", help="replace a database that already holds tables without asking"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["file"]
        if not source.exists():
            raise CommandError(f"{source} does not exist")
        connection = connections["default"]
        database = backup.Database.from_settings(connection.settings_dict)
        connection.close()  # our own connection must not hold the tables pg_restore drops
        try:
            if backup.holds_tables(database):
                self._confirm(database, confirmed=options["yes"])
                self._keep_what_is_replaced(database)
            manifest = backup.restore(source=source, database=database)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        chart_stamps.renew_everything()
        self.stdout.write(
            f"restored {source}: {len(manifest.tables)} tables, {manifest.total_rows} rows, "
            "every table's rows match the backup's manifest; pages kept before the restore will not be shown"
        )

    def _confirm(self, database: backup.Database, *, confirmed: bool) -> None:
        name = database.settings["NAME"]
        if confirmed:
            return
        if not sys.stdin.isatty():
            raise CommandError(f"{name} already holds data; nothing was changed. Add --yes to replace it.")
        answer = input(f"Replace everything in {name} with this backup? Type 'yes' to go on: ")
        if answer.strip().lower() != "yes":
            raise CommandError("nothing was changed")

    def _keep_what_is_replaced(self, database: backup.Database) -> None:
        """A restore of the wrong file is undone by restoring this one."""
        now = clock.now()
        directory = Path(settings.BACKUP_DIR)
        destination = backup.default_destination(database=database, directory=directory, now=now)
        destination = destination.with_name("pre-restore-" + destination.name)
        backup.backup(database=database, destination=destination, taken_at=now)
        self.stdout.write(f"the database as it was is kept in {destination}")
