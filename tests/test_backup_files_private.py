"""A backup holds every client's record: its folder is 0700 and its files 0600, whatever the umask."""

import os
import stat
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_writes_the_backup_and_its_manifest_for_its_own_account_only(tmp_path: Path) -> None:
    # given some data, and a umask that would leave new files open to everyone
    factories.ClientFactory.create()
    backup_file = tmp_path / "backups" / "nightly.backup"
    previous = os.umask(0o000)
    try:
        # when the operator takes a backup into a folder that does not exist yet
        call_command("backup", str(backup_file))
    finally:
        os.umask(previous)
    # then the folder is private and so is every file in it
    assert stat.S_IMODE(backup_file.parent.stat().st_mode) == 0o700
    files = list(backup_file.parent.iterdir())
    assert {path.name for path in files} == {"nightly.backup", "nightly.backup.manifest.json"}
    assert {stat.S_IMODE(path.stat().st_mode) for path in files} == {0o600}


def test_it_refuses_to_write_a_backup_into_a_folder_others_can_read(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    with pytest.raises(CommandError, match="chmod 700"):
        call_command("backup", str(shared / "nightly.backup"))
    assert list(shared.iterdir()) == []
