"""A backup taken while the app writes brings back, on restore, exactly the rows of one moment: every table's
row count and content checksum match the snapshot the backup counted, the audit trail included, and nothing
committed before the backup began is missing. Runs on SQLite, and on PostgreSQL when DATABASE_URL is set."""

import datetime as dt
import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import override_settings
from psycopg import sql

from tests import factories
from trellis.clients import chart_stamps
from trellis.core import backup, clock
from trellis.privacy import audit
from trellis.privacy.models import AuditEvent
from trellis.privacy.tests.tampering import empty_audit_table

pytestmark = pytest.mark.django_db(transaction=True)

AUDIT_TABLE = AuditEvent._meta.db_table
ROWS_BEFORE_BACKUP = 30
ROWS_AFTER_BACKUP = 10


class ChartingClinic(threading.Thread):
    """The app at work: each transaction admits a client and writes the audit event for it."""

    def __init__(self, *, actor: Any, site: Any) -> None:
        super().__init__(daemon=True)
        self.actor, self.site = actor, site
        self.committed: list[str] = []  # audit details, appended only after their transaction committed
        self.stopping = threading.Event()
        self.failure: BaseException | None = None

    def run(self) -> None:
        try:
            while not self.stopping.is_set():
                detail = f"drill {len(self.committed)}"
                with transaction.atomic():
                    client = factories.ClientFactory.create(site=self.site)
                    audit.record(
                        actor=self.actor,
                        action=AuditEvent.Action.CREATE,
                        client_id=client.pk,
                        obj=client,
                        detail=detail,
                    )
                self.committed.append(detail)
        except BaseException as error:  # surfaced by the test, which cannot see this thread's exceptions
            self.failure = error
        finally:
            connection.close()

    def wait_for(self, count: int) -> None:
        deadline = time.monotonic() + 30
        while len(self.committed) < count:
            assert self.failure is None, self.failure
            assert time.monotonic() < deadline, f"the writer committed only {len(self.committed)} rows"
            time.sleep(0.01)

    def finish(self) -> None:
        self.stopping.set()
        self.join(timeout=30)
        assert self.failure is None, self.failure


@pytest.fixture(autouse=True)
def frozen_now() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 3, 8, 7, 0, tzinfo=dt.UTC), tick=True):
        yield


@pytest.fixture(autouse=True)
def audit_rows_removable_after_the_test() -> Iterator[None]:
    """Between tests Django empties every table, which the audit table's append-only guards refuse while it
    holds rows: empty it with the guards lifted, then put them back."""
    yield
    empty_audit_table()


@pytest.fixture
def live() -> backup.Database:
    return backup.Database.from_settings(connection.settings_dict)


@pytest.fixture
def elsewhere(live: backup.Database, tmp_path: Path) -> Iterator[backup.Database]:
    """An empty database beside the live one: another SQLite file, or another PostgreSQL database."""
    if live.vendor == "sqlite":
        yield backup.Database.from_settings({**live.settings, "NAME": str(tmp_path / "restored.sqlite3")})
        return
    name = f"{live.settings['NAME']}_restored"
    with live.connect() as admin:
        admin.autocommit = True
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield backup.Database.from_settings({**live.settings, "NAME": name})
    with live.connect() as admin:
        admin.autocommit = True
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture
def clinic() -> ChartingClinic:
    organization = factories.OrganizationFactory.create()
    site = factories.SiteFactory.create(organization=organization)
    return ChartingClinic(actor=factories.UserFactory.create(), site=site)


def _audit_details(database: backup.Database) -> set[str]:
    query = f"SELECT detail FROM {AUDIT_TABLE}"
    if database.vendor == "sqlite":
        with closing(sqlite3.connect(database.sqlite_path)) as reader:
            return {row[0] for row in reader.execute(query)}
    with database.connect() as connected:
        return {row[0] for row in connected.execute(query)}


def test_it_restores_a_backup_taken_during_writes_row_for_row(
    live: backup.Database, elsewhere: backup.Database, clinic: ChartingClinic, tmp_path: Path
) -> None:
    # given an earlier backup already restored elsewhere (so the restore must replace a database whose audit
    # table refuses UPDATE and DELETE), and the clinic writing clients and audit events
    earlier = tmp_path / "earlier.backup"
    backup.backup(database=live, destination=earlier, taken_at=clock.now())
    backup.restore(source=earlier, database=elsewhere)
    clinic.start()
    clinic.wait_for(ROWS_BEFORE_BACKUP)
    committed_before_backup = list(clinic.committed)

    # when a backup is taken while the writes go on, and restored elsewhere
    during = tmp_path / "during.backup"
    manifest = backup.backup(database=live, destination=during, taken_at=clock.now())
    clinic.wait_for(len(clinic.committed) + ROWS_AFTER_BACKUP)
    clinic.finish()
    backup.restore(source=during, database=elsewhere)

    # then the copy holds exactly the counted snapshot: every table's rows and checksum, the audit included
    restored = backup.summarize(elsewhere)
    assert restored == manifest.tables
    assert manifest.tables[AUDIT_TABLE].rows >= len(committed_before_backup)
    assert manifest.tables["clients_client"].rows == manifest.tables[AUDIT_TABLE].rows
    # and nothing committed before the backup began is missing
    assert set(committed_before_backup) <= _audit_details(elsewhere)
    # and the writes went on: the live database has moved past the snapshot
    assert backup.summarize(live)[AUDIT_TABLE].rows > manifest.tables[AUDIT_TABLE].rows


def test_it_refuses_a_restore_that_a_changed_row_would_contradict(
    live: backup.Database, elsewhere: backup.Database, clinic: ChartingClinic, tmp_path: Path
) -> None:
    # given a backup whose manifest no longer matches its file (one audit row counted that is not there)
    clinic.start()
    clinic.wait_for(3)
    clinic.finish()
    damaged = tmp_path / "damaged.backup"
    manifest = backup.backup(database=live, destination=damaged, taken_at=clock.now())
    recorded = json.loads(backup.manifest_path(damaged).read_text())
    recorded["tables"][AUDIT_TABLE]["rows"] = manifest.tables[AUDIT_TABLE].rows + 1
    backup.manifest_path(damaged).write_text(json.dumps(recorded))
    # when it is restored, then the restore says the copy does not match
    with pytest.raises(backup.BackupError, match=f"(?s)does not match.*{AUDIT_TABLE}"):
        backup.restore(source=damaged, database=elsewhere)


def test_the_restore_command_asks_before_replacing_data_and_keeps_what_it_replaced(
    clinic: ChartingClinic, tmp_path: Path
) -> None:
    # given a backup made by the command, then more work done in the live database
    backups = tmp_path / "backups"
    clinic.start()
    clinic.wait_for(5)
    clinic.finish()
    backup_file = tmp_path / "nightly.backup"
    call_command("backup", str(backup_file))
    later = factories.ClientFactory.create(chart_number="T-AFTER-BACKUP")
    organization_id, site_id = later.organization_id, later.site_id
    stamps_in_backup = chart_stamps.activity_stamps(organization_id, [site_id])

    # when the operator restores without saying yes, then nothing changes
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", str(backup_file))
    assert type(later).objects.filter(chart_number="T-AFTER-BACKUP").exists()

    # when they say yes, then the database is the backup again and the replaced state is kept aside
    with override_settings(BACKUP_DIR=backups):
        call_command("restore", str(backup_file), "--yes")
    assert not type(later).objects.filter(chart_number="T-AFTER-BACKUP").exists()
    # and pages kept in the cache under the backup's stamps are never shown again: the stamps are new
    assert chart_stamps.activity_stamps(organization_id, [site_id]) != stamps_in_backup
    kept = [path for path in backups.iterdir() if path.name.startswith("pre-restore-")]
    assert len([path for path in kept if not path.name.endswith(backup.MANIFEST_SUFFIX)]) == 1
