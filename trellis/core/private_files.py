"""Files that hold PHI (claim files, backups) are readable by the account that runs Trellis and no one else.

Folders are made 0700 and files 0600 from the first byte (`os.open` with the mode, not a `chmod` after the
data is already on disk). A folder that already exists and is open to other accounts is refused rather than
tightened: the operator named it, and it may be /tmp or a shared drive that a chmod would break.
"""

import os
import stat
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600


class OpenFolder(Exception):
    """The folder asked for lets other accounts in; PHI is not written there."""


def refuse_open_folder(path: Path) -> None:
    """Raise before any work if `path` exists and lets other accounts in (a missing folder is fine)."""
    if path.exists() and stat.S_IMODE(path.stat().st_mode) & (stat.S_IRWXG | stat.S_IRWXO):
        raise OpenFolder(
            f"{path} can be read by other accounts on this machine; the files would hold client data. "
            f"Name a new folder, or make this one private first (chmod 700 {path})."
        )


def make_private_folder(path: Path) -> Path:
    """`path` as a folder only this account may enter: created 0700 if missing, refused if open to others."""
    if not path.exists():
        path.mkdir(mode=FOLDER_MODE, parents=True)
        path.chmod(FOLDER_MODE)  # mkdir's mode is narrowed by the umask, never widened; make it exact
    refuse_open_folder(path)
    return path


def create_private_file(path: Path) -> Path:
    """Create `path` empty and 0600 (replacing an earlier file), for a writer that opens it by name later."""
    path.unlink(missing_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    return path


def write_private_text(path: Path, text: str) -> Path:
    """Write `text` to a new file at `path` that only this account can read."""
    path.unlink(missing_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)
    return path
