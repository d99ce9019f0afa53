"""Backups that are consistent while the app writes, and restores that prove they brought everything back.

A backup is one file plus a manifest beside it (`<file>.manifest.json`): every table's row count and a content
checksum, taken inside the very snapshot that was copied. A restore checks the copy against that manifest, so
"the restore worked" is a fact, not a hope. See docs/operations.md.

- SQLite: the online backup API copies the database inside one read transaction (WAL lets writers go on).
- PostgreSQL: `pg_dump --format=custom` reads a snapshot exported by the transaction that counts the rows;
  `pg_restore --clean --if-exists --single-transaction` puts it back (dropping a table is not a DELETE, so
  the audit table's append-only triggers do not stand in the way).
"""

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo

from trellis.core.private_files import (
    OpenFolder,
    create_private_file,
    make_private_folder,
    write_private_text,
)

MANIFEST_SUFFIX = ".manifest.json"
CHECKSUM_MODULUS = 2**256
FETCH_BATCH = 2000
# libpq's environment variables for the connection settings Django passes on; pg_dump reads the same.
LIBPQ_ENVIRONMENT = {
    "dbname": "PGDATABASE",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "host": "PGHOST",
    "port": "PGPORT",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
}


class BackupError(Exception):
    """A backup or restore that could not be done, or a copy that does not match its manifest."""


@dataclass(frozen=True)
class TableSummary:
    rows: int
    checksum: str


@dataclass(frozen=True)
class Manifest:
    vendor: str
    taken_at: str
    tables: dict[str, TableSummary]

    @property
    def total_rows(self) -> int:
        return sum(table.rows for table in self.tables.values())

    def differences(self, other: dict[str, TableSummary]) -> list[str]:
        """Tables whose rows differ from `other`, in words an operator can act on."""
        names = sorted(set(self.tables) | set(other))
        return [
            f"{name}: backup {self.tables.get(name)}, restored {other.get(name)}"
            for name in names
            if self.tables.get(name) != other.get(name)
        ]


@dataclass(frozen=True)
class Database:
    """Where a database lives: the engine and Django's settings for it (NAME, USER, HOST, ...)."""

    vendor: str
    settings: dict[str, Any]

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> "Database":
        engine = str(settings["ENGINE"])
        if "sqlite" in engine:
            return cls(vendor="sqlite", settings=settings)
        if "postgresql" in engine:
            return cls(vendor="postgresql", settings=settings)
        raise BackupError(f"backups support SQLite and PostgreSQL, not {engine}")

    @property
    def sqlite_path(self) -> Path:
        return Path(str(self.settings["NAME"]))

    def libpq_params(self) -> dict[str, str]:
        options = self.settings.get("OPTIONS") or {}
        params = {
            "dbname": self.settings.get("NAME"),
            "user": self.settings.get("USER"),
            "password": self.settings.get("PASSWORD"),
            "host": self.settings.get("HOST"),
            "port": self.settings.get("PORT"),
            **{key: options[key] for key in ("sslmode", "sslrootcert") if key in options},
        }
        return {key: str(value) for key, value in params.items() if value not in (None, "")}

    def connect(self) -> psycopg.Connection[Any]:
        return psycopg.connect(make_conninfo("", **self.libpq_params()))

    def libpq_environment(self) -> dict[str, str]:
        """For pg_dump and pg_restore: the password goes in the environment, never on a command line."""
        params = self.libpq_params()
        return {**os.environ, **{LIBPQ_ENVIRONMENT[key]: value for key, value in params.items()}}


def default_destination(*, database: Database, directory: Path, now: dt.datetime) -> Path:
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    extension = "sqlite3" if database.vendor == "sqlite" else "pgdump"
    return directory / f"trellis-{stamp}.{extension}"


def manifest_path(backup_file: Path) -> Path:
    return backup_file.with_name(backup_file.name + MANIFEST_SUFFIX)


def read_manifest(backup_file: Path) -> Manifest:
    path = manifest_path(backup_file)
    if not path.exists():
        raise BackupError(f"{path} is missing: without it the restored copy cannot be checked")
    raw = json.loads(path.read_text())
    tables = {name: TableSummary(**summary) for name, summary in raw["tables"].items()}
    return Manifest(vendor=raw["vendor"], taken_at=raw["taken_at"], tables=tables)


def _write_manifest(backup_file: Path, manifest: Manifest) -> None:
    write_private_text(
        manifest_path(backup_file), json.dumps(asdict(manifest), indent=1, sort_keys=True) + "\n"
    )


# --- checksums: one order-independent fingerprint per table -------------------------------------------


def _summarize_rows(rows: Iterable[Any]) -> TableSummary:
    """A multiset checksum (the sum of each row's SHA-256): equal for equal rows in any order."""
    count, total = 0, 0
    for row in rows:
        count += 1
        total += int.from_bytes(hashlib.sha256(repr(row).encode()).digest(), "big")
    return TableSummary(rows=count, checksum=f"{total % CHECKSUM_MODULUS:064x}")


def _batches(cursor: Any) -> Iterator[Any]:
    while batch := cursor.fetchmany(FETCH_BATCH):
        yield from batch


def _summarize_sqlite(connection: sqlite3.Connection) -> dict[str, TableSummary]:
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    quoted = {name: '"' + name.replace('"', '""') + '"' for name in names}
    return {
        name: _summarize_rows(_batches(connection.execute(f"SELECT * FROM {quoted[name]}"))) for name in names
    }


def _summarize_postgresql(connection: psycopg.Connection[Any]) -> dict[str, TableSummary]:
    """Each row as PostgreSQL's own text for it, in UTC, so the fingerprint does not depend on the client."""
    connection.execute("SET LOCAL TIME ZONE 'UTC'")
    names = [
        row[0]
        for row in connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        )
    ]
    summaries: dict[str, TableSummary] = {}
    for name in names:
        with connection.cursor(name=f"summary_{len(summaries)}") as cursor:
            cursor.execute(sql.SQL("SELECT t::text FROM {} AS t").format(sql.Identifier(name)))
            summaries[name] = _summarize_rows(_batches(cursor))
    return summaries


def summarize(database: Database) -> dict[str, TableSummary]:
    """Every table's row count and checksum as the database holds them now."""
    if database.vendor == "sqlite":
        with _sqlite_reader(database.sqlite_path) as reader:
            return _summarize_sqlite(reader)
    with database.connect() as connection, connection.transaction():
        connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        return _summarize_postgresql(connection)


def holds_tables(database: Database) -> bool:
    """A database that would lose something if a restore replaced it."""
    if database.vendor == "sqlite":
        if not database.sqlite_path.exists():
            return False
        with _sqlite_reader(database.sqlite_path) as connection:
            query = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            return bool(connection.execute(query).fetchone()[0])
    with database.connect() as connection:
        query = "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
        row = connection.execute(query).fetchone()
        return bool(row and row[0])


def _sqlite_reader(path: Path) -> closing[sqlite3.Connection]:
    """A read-only connection whose transactions we begin and end ourselves."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    return closing(sqlite3.connect(uri, uri=True, isolation_level=None))


# --- backup ---------------------------------------------------------------------------------------------


def backup(*, database: Database, destination: Path, taken_at: dt.datetime) -> Manifest:
    """Copy the database to `destination` (written whole or not at all) with its manifest beside it."""
    try:
        make_private_folder(destination.parent)  # a backup is every client's record: 0700 folder, 0600 files
    except OpenFolder as error:
        raise BackupError(str(error)) from error
    partial = create_private_file(destination.with_name(destination.name + ".partial"))
    if database.vendor == "sqlite":
        tables = _backup_sqlite(source=database.sqlite_path, destination=partial)
    else:
        tables = _backup_postgresql(database=database, destination=partial)
    manifest = Manifest(vendor=database.vendor, taken_at=taken_at.isoformat(), tables=tables)
    partial.replace(destination)
    _write_manifest(destination, manifest)
    return manifest


def _backup_sqlite(*, source: Path, destination: Path) -> dict[str, TableSummary]:
    """Count and copy inside one read transaction: the backup step uses the transaction the counting opened,
    so the manifest describes exactly the pages copied, whatever the app commits meanwhile."""
    with _sqlite_reader(source) as reader:
        reader.execute("BEGIN")
        tables = _summarize_sqlite(reader)
        target = sqlite3.connect(destination)
        try:
            reader.backup(target)
        finally:
            target.close()
        reader.execute("COMMIT")
    return tables


def _backup_postgresql(*, database: Database, destination: Path) -> dict[str, TableSummary]:
    """pg_dump reads the snapshot that this transaction exported and counted, then the transaction ends."""
    _require_program("pg_dump")
    with database.connect() as connection, connection.transaction():
        connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        row = connection.execute("SELECT pg_export_snapshot()").fetchone()
        assert row is not None
        tables = _summarize_postgresql(connection)
        _run(
            ["pg_dump", "--format=custom", f"--snapshot={row[0]}", f"--file={destination}"],
            environment=database.libpq_environment(),
        )
    return tables


# --- restore --------------------------------------------------------------------------------------------


def restore(*, source: Path, database: Database) -> Manifest:
    """Replace the database with the backup in `source`, then prove the copy matches the backup's manifest."""
    manifest = read_manifest(source)
    if manifest.vendor != database.vendor:
        raise BackupError(f"{source} is a {manifest.vendor} backup; this database is {database.vendor}")
    if database.vendor == "sqlite":
        _restore_sqlite(source=source, manifest=manifest, target=database.sqlite_path)
    else:
        _restore_postgresql(source=source, database=database)
    problems = manifest.differences(summarize(database))
    if problems:
        raise BackupError("the restored database does not match the backup:\n" + "\n".join(problems))
    return manifest


def _restore_sqlite(*, source: Path, manifest: Manifest, target: Path) -> None:
    """Check the backup file first, so a damaged file never replaces a working database."""
    with _sqlite_reader(source) as reader:
        if reader.execute("PRAGMA integrity_check").fetchone() != ("ok",):
            raise BackupError(f"{source} fails SQLite's integrity check; nothing was changed")
        problems = manifest.differences(_summarize_sqlite(reader))
        if problems:
            raise BackupError(
                f"{source} does not match its manifest; nothing was changed:\n" + "\n".join(problems)
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        destination = sqlite3.connect(target, timeout=30)
        try:
            reader.backup(destination)
        finally:
            destination.close()


def _restore_postgresql(*, source: Path, database: Database) -> None:
    _require_program("pg_restore")
    environment = database.libpq_environment()
    _run(["pg_restore", "--list", str(source)], environment=environment)  # a readable archive, or stop here
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={database.libpq_params()['dbname']}",
            str(source),
        ],
        environment=environment,
    )


def _require_program(name: str) -> None:
    if shutil.which(name) is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")


def _run(command: list[str], *, environment: dict[str, str]) -> None:
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")
