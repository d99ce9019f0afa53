"""Verifying the audit trail: every chain walked link by link, then held against the newest signed checkpoint."""

from dataclasses import dataclass, field

from trellis.privacy import chain
from trellis.privacy.chain import ChainEnd
from trellis.privacy.checkpoints import Checkpoint, CheckpointError, newest_checkpoint


@dataclass
class AuditVerification:
    """What `verify_audit` found: how far each chain holds, and every problem (the first per chain)."""

    ends: list[ChainEnd] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    checkpoint: Checkpoint | None = None

    @property
    def intact(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        events = sum(end.sequence for end in self.ends)
        against = f"checkpoint of {self.checkpoint.written_at}" if self.checkpoint else "no checkpoint yet"
        return f"Audit trail intact: {len(self.ends)} chain(s), {events} event(s), checked against {against}."


def _checkpoint_problem(head: ChainEnd, *, sequence: int, digest: str, written_at: str) -> str:
    if head.sequence < sequence:
        return (
            f"organization {head.chain}: the chain ends at sequence {head.sequence} but the checkpoint of "
            f"{written_at} recorded sequence {sequence}: events were removed (table truncated or tail deleted)"
        )
    if chain.hash_at(head.chain, sequence) != digest:
        return (
            f"organization {head.chain}, sequence {sequence}: the event there does not match the checkpoint of "
            f"{written_at} (hash differs): the chain was rewritten"
        )
    return ""


def _against_checkpoint(
    checkpoint: Checkpoint, ends: dict[str, ChainEnd], broken: set[str], wanted: set[str] | None
) -> list[str]:
    problems = []
    for head in checkpoint.heads:
        if head.chain in broken or (wanted is not None and head.chain not in wanted):
            continue
        end = ends.get(head.chain, ChainEnd(head.chain, 0, chain.GENESIS))
        problem = _checkpoint_problem(
            end, sequence=head.sequence, digest=head.hash, written_at=checkpoint.written_at
        )
        if problem:
            problems.append(problem)
    return problems


def verify_audit(*, chains: list[str] | None = None) -> AuditVerification:
    """Walk the given chains (all by default) and check them against the newest checkpoint."""
    result = AuditVerification()
    wanted = set(chains) if chains is not None else None
    broken: set[str] = set()
    for key in sorted(wanted) if wanted is not None else chain.known_chains():
        end, problem = chain.verify_chain(key)
        result.ends.append(end)
        if problem is not None:
            broken.add(key)
            result.problems.append(str(problem))
    try:
        result.checkpoint = newest_checkpoint()
    except CheckpointError as error:
        result.problems.append(str(error))
        return result
    if result.checkpoint is not None:
        ends = {end.chain: end for end in result.ends}
        result.problems += _against_checkpoint(result.checkpoint, ends, broken, wanted)
    return result
