"""Synthetic people: names from a seeded Faker, everything else from the seeded random.Random. Pure; no Django.

Phone numbers use the 555-01xx block reserved for fiction and e-mail addresses the reserved example domains.
"""

import datetime as dt
import random
from dataclasses import dataclass

from faker import Faker

RELATIONSHIPS = (
    "Mother",
    "Father",
    "Sister",
    "Brother",
    "Spouse",
    "Partner",
    "Friend",
    "Sponsor",
    "Aunt",
    "Son",
)


@dataclass(frozen=True)
class Person:
    first_name: str
    last_name: str
    preferred_name: str
    pronouns: str
    gender_identity: str
    date_of_birth: dt.date
    phone: str
    email: str
    address: str
    populations: list[str]


@dataclass(frozen=True)
class Contact:
    name: str
    relationship: str
    phone: str


def fictional_phone(rng: random.Random) -> str:
    return f"({rng.randrange(201, 990)}) 555-01{rng.randrange(100):02d}"


def _identity(rng: random.Random, population: str) -> tuple[str, str]:
    """(gender identity, pronouns); a population track implies what its clients self-identified as."""
    if population == "women":
        return "Woman", "she/her"
    roll = rng.random()
    if roll < 0.04:
        return "Non-binary", "they/them"
    if roll < 0.48:
        return "Woman", "she/her"
    return "Man", "he/him"


def make_person(fake: Faker, rng: random.Random, *, population: str, today: dt.date, town: str) -> Person:
    """A client who self-identifies with `population` ("" for none in particular)."""
    gender, pronouns = _identity(rng, population)
    if gender == "Woman":
        first = fake.first_name_female()
    elif gender == "Man":
        first = fake.first_name_male()
    else:
        first = fake.first_name_nonbinary()
    last = fake.last_name()
    populations = {population} - {""}
    if gender == "Woman" and rng.random() < 0.4:
        populations.add("women")
    if rng.random() < 0.06:
        populations.add("veterans")
    if gender == "Non-binary" or rng.random() < 0.05:
        populations.add("lgbtq")
    if rng.random() < 0.15:
        populations.add("trauma")
    born = today - dt.timedelta(days=rng.randint(19 * 365, 66 * 365))
    return Person(
        first_name=first,
        last_name=last,
        preferred_name=first[:3] if rng.random() < 0.08 and len(first) > 5 else "",
        # Some clients decline to give pronouns or gender identity; both are optional.
        pronouns=pronouns if rng.random() < 0.85 else "",
        gender_identity=gender if rng.random() < 0.9 else "",
        date_of_birth=born,
        phone=fictional_phone(rng) if rng.random() < 0.95 else "",
        email=f"{first}.{last}{rng.randrange(100)}@example.com".lower() if rng.random() < 0.6 else "",
        address=f"{fake.street_address()}, {town}",
        populations=sorted(populations),
    )


def make_contact(fake: Faker, rng: random.Random) -> Contact:
    return Contact(name=fake.name(), relationship=rng.choice(RELATIONSHIPS), phone=fictional_phone(rng))
