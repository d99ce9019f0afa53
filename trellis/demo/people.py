"""Synthetic people: names from a seeded Faker, everything else from the seeded random.Random. Pure; no Django.

Phone numbers use the 555-01xx block reserved for fiction and e-mail addresses the reserved example domains.
"""

import datetime as dt
import random
import zlib
from dataclasses import dataclass

from faker import Faker

from trellis.clients.addresses import Address

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
    address: Address
    populations: list[str]

    def address_fields(self) -> dict[str, str]:
        """The address as register_client takes it."""
        a = self.address
        return {"address_line1": a.line1, "address_line2": a.line2, "city": a.city, "state": a.state,
                "postal_code": a.postal_code}  # fmt: skip


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


def fictional_zip(street: str) -> str:
    """A ZIP from the street's checksum: no draw from the seeded streams, so the rest of the demo is unchanged."""
    return f"{zlib.crc32(street.encode()) % 90000 + 10000:05d}"


def make_person(
    fake: Faker, rng: random.Random, *, population: str, today: dt.date, city: str, state: str
) -> Person:
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
        address=_address(fake.street_address(), city=city, state=state),
        populations=sorted(populations),
    )


def _address(street: str, *, city: str, state: str) -> Address:
    line1, _, line2 = street.partition(" Apt. ")
    if not line2:
        line1, _, line2 = street.partition(" Suite ")
        line2 = f"Suite {line2}" if line2 else ""
    else:
        line2 = f"Apt. {line2}"
    return Address(line1=line1, line2=line2, city=city[:30], state=state, postal_code=fictional_zip(street))


def make_contact(fake: Faker, rng: random.Random) -> Contact:
    return Contact(name=fake.name(), relationship=rng.choice(RELATIONSHIPS), phone=fictional_phone(rng))
