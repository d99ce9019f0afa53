"""The referral's life as a state machine: which state may follow which. Pure: no Django import.

A referral is drafted, sent (through the disclosure gate), then the receiving service answers: it received it,
accepted the client, or declined; a referral nobody answers is closed as "no answer". An accepted referral is
completed when the client has been served (for an aftercare referral: the first appointment was kept).
"""

from enum import StrEnum


class State(StrEnum):
    DRAFTED = "drafted"
    SENT = "sent"
    RECEIVED = "received"
    ACCEPTED = "accepted"
    COMPLETED = "completed"
    DECLINED = "declined"
    NO_ANSWER = "no_answer"


LABELS = {
    State.DRAFTED: "Drafted",
    State.SENT: "Sent",
    State.RECEIVED: "Received",
    State.ACCEPTED: "Accepted",
    State.COMPLETED: "Completed",
    State.DECLINED: "Declined",
    State.NO_ANSWER: "No answer",
}

ALLOWED: dict[State, tuple[State, ...]] = {
    State.DRAFTED: (State.SENT,),
    # A service may accept without first saying it received the referral.
    State.SENT: (State.RECEIVED, State.ACCEPTED, State.DECLINED, State.NO_ANSWER),
    State.RECEIVED: (State.ACCEPTED, State.DECLINED, State.NO_ANSWER),
    # The client never arrives: the loop closes without an answer from them.
    State.ACCEPTED: (State.COMPLETED, State.NO_ANSWER),
    State.COMPLETED: (),
    State.DECLINED: (),
    State.NO_ANSWER: (),
}

CLOSED = frozenset(state for state, nexts in ALLOWED.items() if not nexts)
OPEN = frozenset(State) - CLOSED


class TransitionRefused(Exception):
    """The referral cannot go from its state to the one asked for; the message says which are allowed."""


def next_states(current: str) -> tuple[State, ...]:
    return ALLOWED[State(current)]


def check(current: str, wanted: str) -> State:
    """The wanted state, if it may follow the current one; else TransitionRefused."""
    target = State(wanted)
    allowed = next_states(current)
    if target not in allowed:
        words = ", ".join(LABELS[s].lower() for s in allowed) or "nothing (the referral is closed)"
        raise TransitionRefused(
            f"A {LABELS[State(current)].lower()} referral cannot become {LABELS[target].lower()}; "
            f"it may become: {words}."
        )
    return target
