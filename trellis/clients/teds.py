"""The client's face-sheet answers as TEDS codes. Pure: no Django import.

TEDS "Living arrangements" (LIVARAG, SAMHSA TEDS state instruction manual): 1 homeless, 2 dependent living
(a supervised setting such as a residential or sober living home, or a dependent child or adult living with
someone who cares for them), 3 independent living; -9 when not collected.
"""

LIVING_ARRANGEMENT_HOMELESS = 1
LIVING_ARRANGEMENT_DEPENDENT = 2
LIVING_ARRANGEMENT_INDEPENDENT = 3
NOT_COLLECTED = -9

_LIVING_ARRANGEMENTS = {
    "home": LIVING_ARRANGEMENT_INDEPENDENT,
    "sober_living": LIVING_ARRANGEMENT_DEPENDENT,
    "unstable": LIVING_ARRANGEMENT_HOMELESS,
}

LIVING_ARRANGEMENT_LABELS = {
    LIVING_ARRANGEMENT_HOMELESS: "Homeless",
    LIVING_ARRANGEMENT_DEPENDENT: "Dependent living",
    LIVING_ARRANGEMENT_INDEPENDENT: "Independent living",
    NOT_COLLECTED: "Not collected",
}


def living_arrangement(living_situation: str) -> int:
    """The TEDS code for a LivingSituation value ("other" or blank: not collected, never guessed)."""
    return _LIVING_ARRANGEMENTS.get(living_situation, NOT_COLLECTED)
