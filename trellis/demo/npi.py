"""Synthetic National Provider Identifiers with a valid check digit. Pure; no Django.

The NPI check digit is the Luhn digit of the nine-digit identifier prefixed with 80840, the ISO card-issuer
prefix for US health applications (CMS, "Requirements for NPI check digit", 2005).
"""

import random

NPI_PREFIX = "80840"


def luhn_check_digit(payload: str) -> int:
    """The digit that makes `payload` + digit pass the Luhn test."""
    total = 0
    for position, char in enumerate(reversed(payload)):
        digit = int(char)
        if position % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10


def npi_with_check_digit(identifier: str) -> str:
    """The ten-digit NPI for a nine-digit identifier."""
    if len(identifier) != 9 or not identifier.isdigit():
        raise ValueError("An NPI identifier has nine digits.")
    return identifier + str(luhn_check_digit(NPI_PREFIX + identifier))


def is_valid_npi(npi: str) -> bool:
    return len(npi) == 10 and npi.isdigit() and npi_with_check_digit(npi[:9]) == npi


def synthetic_npi(rng: random.Random) -> str:
    """A random individual-provider NPI (they begin with 1); synthetic, so it names nobody on purpose."""
    return npi_with_check_digit("1" + "".join(str(rng.randrange(10)) for _ in range(8)))
