"""Two saves of one draft at the same instant, on real threads and connections: one wins, the other is
told what the winner saved; neither text is lost."""

from typing import Any

import pytest

from trellis.core.tests.races import committed, run_together
from trellis.core.versions import StaleEdit
from trellis.notes import services
from trellis.notes.models import GroupNote
from trellis.notes.tests import given

pytestmark = pytest.mark.usefixtures(committed.__name__, "after_session")
TEXTS = ["Psychoeducation on cravings, then role-play.", "Relapse-prevention planning in pairs."]


def test_two_saves_of_one_shared_part_one_wins_the_other_is_told(world: Any) -> None:
    # given a draft group note at some version, open on two devices
    note = given.draft(given.session(world), world.alice)
    opened = note.version

    # when both devices save their own text from that version at once
    def save(text: str) -> Any:
        return lambda: services.update_group_note_shared(
            note=note, editor=world.alice, topic="Cravings", content=text, expected_version=opened
        )

    outcomes = run_together([save(text) for text in TEXTS])

    # then one text is stored and the other save is refused, carrying the stored text back to its author
    [winner] = [outcome for outcome in outcomes if isinstance(outcome, GroupNote)]
    [refused] = [outcome for outcome in outcomes if isinstance(outcome, StaleEdit)]
    stored = GroupNote.objects.get(pk=note.pk)
    assert (stored.content, stored.version) == (winner.content, opened + 1)
    assert ("What the group did", stored.content) in refused.saved.texts
    assert stored.content in TEXTS
