"""The referral state machine, every pair of states: allowed ones pass, every other one is refused."""

import itertools

import pytest

from trellis.referrals import transitions
from trellis.referrals.choices import ReferralState
from trellis.referrals.transitions import State

ALLOWED = {
    (State.DRAFTED, State.SENT),
    (State.SENT, State.RECEIVED),
    (State.SENT, State.ACCEPTED),
    (State.SENT, State.DECLINED),
    (State.SENT, State.NO_ANSWER),
    (State.RECEIVED, State.ACCEPTED),
    (State.RECEIVED, State.DECLINED),
    (State.RECEIVED, State.NO_ANSWER),
    (State.ACCEPTED, State.COMPLETED),
    (State.ACCEPTED, State.NO_ANSWER),
}
PAIRS = list(itertools.product(State, State))


@pytest.mark.parametrize(("current", "wanted"), sorted(ALLOWED))
def test_it_allows(current: State, wanted: State) -> None:
    assert transitions.check(current, wanted) is wanted


@pytest.mark.parametrize(("current", "wanted"), [pair for pair in PAIRS if pair not in ALLOWED])
def test_it_refuses_every_other_change(current: State, wanted: State) -> None:
    with pytest.raises(transitions.TransitionRefused) as refused:
        transitions.check(current, wanted)
    assert transitions.LABELS[wanted].lower() in str(refused.value)


def test_closed_states_are_the_ends_of_the_loop() -> None:
    assert {State.COMPLETED, State.DECLINED, State.NO_ANSWER} == transitions.CLOSED
    assert {State.DRAFTED, State.SENT, State.RECEIVED, State.ACCEPTED} == transitions.OPEN


def test_the_stored_choices_are_the_machine_s_states() -> None:
    assert {(c.value, c.label) for c in ReferralState} == {(s.value, transitions.LABELS[s]) for s in State}
