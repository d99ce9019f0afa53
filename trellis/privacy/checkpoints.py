"""Signed checkpoints of the audit chains, kept outside the database.

A hash chain shows that nothing inside it changed, but not that it was not cut short: whoever can empty the
table can also empty the chain heads. So the heads (organization, sequence, hash, time) are written now and
then to a file, signed with HMAC-SHA256 under a key the database never holds (TRELLIS_AUDIT_CHECKPOINT_KEY).
`verify_audit` holds the newest checkpoint against the chains: a chain shorter than its checkpoint, or holding
another event where the checkpoint's head was, has lost events.
"""

import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from trellis.core import clock
from trellis.privacy.models import AuditChainHead

PREFIX = "audit-checkpoint-"
# Only for development and tests: production sets TRELLIS_AUDIT_CHECKPOINT_KEY (config/settings/prod.py).
_DEV_KEY_PURPOSE = b"trellis audit checkpoint (development key)"


class CheckpointError(Exception):
    """A checkpoint cannot be written, or one on disk cannot be trusted."""


@dataclass(frozen=True)
class ChainHead:
    chain: str
    sequence: int
    hash: str


@dataclass(frozen=True)
class Checkpoint:
    path: Path
    written_at: str
    heads: tuple[ChainHead, ...]


def _key() -> bytes:
    configured: str = settings.AUDIT_CHECKPOINT_KEY
    if configured:
        return configured.encode()
    if settings.AUDIT_CHECKPOINT_KEY_REQUIRED:
        raise CheckpointError(
            "TRELLIS_AUDIT_CHECKPOINT_KEY is not set: checkpoints cannot be signed or checked."
        )
    return hmac.new(settings.SECRET_KEY.encode(), _DEV_KEY_PURPOSE, hashlib.sha256).digest()


def _signature(body: dict[str, Any]) -> str:
    payload = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(_key(), payload, hashlib.sha256).hexdigest()


def _directory() -> Path:
    directory = Path(settings.AUDIT_CHECKPOINT_DIR)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def write_checkpoint() -> Checkpoint:
    """Sign the current chain heads and write them to a new file (0600) in the checkpoint directory."""
    now = clock.now()
    heads = tuple(
        ChainHead(head.chain, head.sequence, head.hash) for head in AuditChainHead.objects.order_by("chain")
    )
    written_at = now.isoformat(timespec="microseconds")
    body = {
        "written_at": written_at,
        "heads": [{"chain": head.chain, "sequence": head.sequence, "hash": head.hash} for head in heads],
    }
    path, descriptor = _new_file(f"{PREFIX}{now:%Y%m%dT%H%M%S%fZ}")
    with os.fdopen(descriptor, "w") as file:
        json.dump({**body, "signature": _signature(body)}, file, indent=1)
    return Checkpoint(path=path, written_at=written_at, heads=heads)


def _new_file(stem: str) -> tuple[Path, int]:
    """A new file readable by its owner only; a counter keeps two checkpoints of one instant apart (and in
    order when the names are sorted)."""
    directory = _directory()
    for counter in range(10_000):
        path = directory / f"{stem}-{counter:04d}.json"
        try:
            return path, os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
    raise CheckpointError(f"too many checkpoints named {stem} in {directory}")


def newest_checkpoint() -> Checkpoint | None:
    """The most recent checkpoint, its signature checked; None when none was written yet."""
    directory = Path(settings.AUDIT_CHECKPOINT_DIR)
    files = sorted(directory.glob(f"{PREFIX}*.json")) if directory.is_dir() else []
    return _read(files[-1]) if files else None


def _read(path: Path) -> Checkpoint:
    try:
        recorded = json.loads(path.read_text())
        signature = recorded.pop("signature")
        heads = tuple(
            ChainHead(head["chain"], int(head["sequence"]), head["hash"]) for head in recorded["heads"]
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise CheckpointError(f"checkpoint {path.name} cannot be read: {error}") from error
    if not hmac.compare_digest(str(signature), _signature(recorded)):
        raise CheckpointError(
            f"checkpoint {path.name} has a bad signature: it was altered or not written by us"
        )
    return Checkpoint(path=path, written_at=str(recorded["written_at"]), heads=heads)
