"""The shared narrative's name check: whole words, full names always, common words only when written as names."""

import pytest

from trellis.notes.names import Person, find_mentions

ROSTER = [
    Person(first="Avery", last="Example"),
    Person(first="Gray", last="Baker"),
    Person(first="Johanna", last="Northcott", preferred="Jo"),
    Person(first="Hope", last="Young"),
    Person(first="Jules", last="Lakewood"),
    Person(first="Will", last="Irwin"),
]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        # full names, in any case and spacing
        ("The group welcomed Avery Example back.", ["Avery Example"]),
        ("the group welcomed avery   example back.", ["avery   example"]),
        ("Gray Baker led the check-in.", ["Gray Baker"]),
        ("Hope Young shared first.", ["Hope Young"]),
        # first name and last initial with a period
        ("Thanks to Avery E. for the reading.", ["Avery E."]),
        ("Gray B. arrived with coffee.", ["Gray B."]),
        ("Will I. disagreed.", ["Will I."]),
        # an uncommon first name alone, in any case, possessive too
        ("Avery described a trigger.", ["Avery"]),
        ("then avery described a trigger.", ["avery"]),
        ("The group discussed Jules's question.", ["Jules"]),
        # a preferred name alone
        ("Jo spoke about her weekend.", ["Jo"]),
        # a common-word first name, capitalized mid-sentence, is a name
        ("The group listened while Gray described a craving.", ["Gray"]),
        ("After the break Hope left early.", ["Hope"]),
        # a last name alone, capitalized
        ("Members thanked Mr. Northcott.", ["Northcott"]),
        ("Northcott stayed after group.", ["Northcott"]),
        ("Members thanked Ms. Baker.", ["Baker"]),
        # two people, in the order written
        ("Jules and Avery role-played refusal skills.", ["Jules", "Avery"]),
    ],
)
def test_it_finds_names_in_the_shared_part(text: str, named: list[str]) -> None:
    # when the text is checked against the roster
    mentions = find_mentions(text, ROSTER)
    # then each named client is found once, as written
    assert [mention.written for mention in mentions] == named


@pytest.mark.parametrize(
    "text",
    [
        # common words in prose are not names
        "Members discussed the gray areas of recovery.",
        "We hope everyone practices the skill this week.",
        "For example, members listed three triggers each.",
        "Members will practise refusal skills; the young adults went first.",
        "Baking bread was one member's coping skill; a baker's schedule came up.",
        # a capitalized common word at the start of a sentence cannot be told from prose
        "Gray areas came up. Hope is a theme of this phase.",
        "Young adults in recovery face particular pressure.",
        # whole words only: names inside other words do not count
        "Energy in joules was the science analogy; Averyville is a town.",
        "The jobs board and Johannesburg trip were mentioned.",
        # an initial without the period is too common to flag
        "Will I make it? members asked.",
        # the facilitator's own words and empty text
        "",
        "Topic: coping with cravings. Psychoeducation on HALT, then role-play in pairs.",
    ],
)
def test_it_lets_prose_through(text: str) -> None:
    assert find_mentions(text, ROSTER) == []


def test_it_names_a_client_by_given_name_and_last_initial() -> None:
    # given a client with a preferred name
    person = Person(first="Johanna", last="Northcott", preferred="Jo")
    # then messages name her by the name she uses and her last initial
    assert person.short_name == "Jo N."
    assert Person(first="Avery", last="Example").short_name == "Avery E."


def test_it_ignores_one_letter_given_names() -> None:
    # given a client whose first name is an initial
    roster = [Person(first="J", last="Quill")]
    # then a lone "J" in the text is not a mention, but the full name is
    assert find_mentions("Plan J was discussed.", roster) == []
    assert [m.written for m in find_mentions("J Quill shared.", roster)] == ["Quill"]
